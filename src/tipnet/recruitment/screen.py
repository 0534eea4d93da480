"""One verdict per advert: the red flags that fired (each with its explanation, evidence and source),
the mitigations, and a calibrated score that combines the rules with the text model.

An advert is called deceptive only when its score passes the threshold *and* at least one red flag
explains why: a verdict nobody can explain to a job seeker or a prosecutor is of no use to either.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from tipnet.recruitment import contacts as contacts_mod
from tipnet.recruitment import money, rules, wages
from tipnet.recruitment.model import TextModel, load, sigmoid
from tipnet.recruitment.text import LANGUAGES, detect_language, fold, normalize

BATCH = 256


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    text: str  # the plain-language explanation, in the reader's language
    evidence: str  # the words of the advert that raised it
    source: str  # the publication that names the indicator
    weight: float
    start: int = -1
    end: int = -1
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "text": self.text,
            "evidence": self.evidence,
            "source": self.source,
        }
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(slots=True)
class Verdict:
    id: str
    language: str
    deceptive: bool
    score: float
    flags: list[Flag]
    rule_score: float
    model_logit: float | None
    mitigations: list[str] = field(default_factory=list)
    salary_usd: float | None = None
    contacts: list[contacts_mod.Contact] = field(default_factory=list)

    def to_json(self, *, with_contacts: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "language": self.language,
            "deceptive": self.deceptive,
            "score": round(self.score, 4),
            "flags": [f.to_json() for f in self.flags],
        }
        if self.mitigations:
            out["mitigations"] = self.mitigations
        if self.salary_usd is not None:
            out["salary_usd_month"] = round(self.salary_usd)
        if with_contacts:
            out["contacts"] = [{"kind": c.kind, "value": c.value} for c in self.contacts]
        return out


@lru_cache(maxsize=1)
def explanations() -> dict[str, dict[str, str]]:
    text = (
        resources.files("tipnet.recruitment").joinpath("data/explanations.json").read_text(encoding="utf-8")
    )
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def explain(code: str, lang: str) -> str:
    """The explanation of `code` in `lang`, falling back to English (translations go in
    data/explanations.json, one object per language)."""
    ex = explanations()
    return ex.get(lang, {}).get(code) or ex["en"][code]


def source_of(code: str) -> str:
    """The publication behind a flag code."""
    for rule in rules.RULES:
        if rule.code == code:
            return rules.SOURCES[rule.source]
    computed = {
        c: src
        for c, _, src in (
            rules.PAY_FAR_ABOVE_MARKET,
            rules.NO_COMPANY_IDENTITY,
            rules.EASY_MONEY_LITTLE_WORK,
            rules.NO_EMPLOYER_DETAILS,
        )
    }
    return rules.SOURCES.get(
        computed.get(code, ""), rules.SOURCES["FINCEN2023"] if code == "CRYPTO_WAGES" else ""
    )


# An address or a place to apply in person: street, house and lot numbers, districts, "walk-in". Matched
# on folded (lower-case) text; one pattern per language keeps each search short (this runs per advert).
_ADDRESS_ANY = (
    r"address|địa chỉ|alamat|tirahan|អាសយដ្ឋាន|ที่อยู่|ທີ່ຢູ່|လိပ်စာ|地址|www\.|https?://(?!t\.me|wa\.me)"
    r"|walk-?in|apply in person|\boffice:|\bunit \d|(?<=\d)(?:st|nd|rd|th)? floor"
)
_ADDRESS_BY_LANGUAGE = {
    "en": r"|\bstreet\b|\bst\. ?\d|\bbrgy\b|barangay",
    "tl": r"|\bbrgy\b|barangay|\bstreet\b",
    "id": r"|\bjl\.|\bjalan \w|\bkec\.",
    "vi": r"|số \d+,? (?:đường|phố|ngõ)|\bphường\b|\bquận\b",
    "km": r"|ផ្ទះលេខ|ផ្លូវ(?:លេខ)?\s*\d|សង្កាត់|ខណ្ឌ|ឡូតិ៍|ដាក់ពាក្យផ្ទាល់",
    "th": r"|ถนน|ซอย|ตำบล|อำเภอ|เลขที่\s*\d|สมัครด้วยตนเอง",
    "lo": r"|ຖະໜົນ|ບ້ານ\S*\s+ເມືອງ|ສະໝັກດ້ວຍຕົນເອງ|ຕອນ\s*\d",
    "my": r"|လမ်း|မြို့နယ်|ရပ်ကွက်",
    "zh": r"|(?<=\d)\s?号|[路街]\d|面试地点",
}
# Lots of money for little work (EASY_MONEY_LITTLE_WORK, FTC "Job Scams"): words that say the work is
# light, matched on folded text ("work from home" says where, not how much: a remote payroll job at a
# real salary is no easy money; "from the comfort of your home" sells it); the pay must pass
# EASY_MONEY_USD_MONTH (above the US median wage: BLS
# OEWS May 2023, USD 48,060 a year = USD 4,005 a month), or USD 30 an hour for the hours the advert names.
_LITTLE_WORK = re.compile(
    r"\b(?P<day>\d{1,2})(?:\s*-\s*\d{1,2})? (?:hours?|hrs?) (?:a|per|each) day"
    r"|\b(?P<week>\d{1,2})(?:\s*-\s*\d{1,2})? (?:hours?|hrs?) (?:a|per|each) week"
    r"|spare time|comfort of (?:your )?(?:own )?home\b|at your own pace|whenever you (?:want|like)"
    r"|copy[- ](?:and[- ])?paste|simple (?:tasks?|typing|forms?|documents?|copy)|anyone can|no experience"
)
EASY_MONEY_USD_MONTH = 5000.0
EASY_MONEY_USD_HOUR = 30.0


def _easy_money(monthly_usd: float, folded: str) -> re.Match[str] | None:
    """The words that call the work light when the pay is high for it, else None. Hours count as light
    up to 4 a day or 20 a week ("8 hours a day" is a full-time job)."""
    for m in _LITTLE_WORK.finditer(folded):
        hours_day, hours_week = m.group("day"), m.group("week")
        if hours_day or hours_week:
            hours = int(hours_day or hours_week)
            if hours > (4 if hours_day else 20):
                continue
            hourly = monthly_usd / (26 * max(1, hours) if hours_day else 4.33 * max(1, hours))
            if hourly >= EASY_MONEY_USD_HOUR:
                return m
        elif monthly_usd >= EASY_MONEY_USD_MONTH:
            return m
    return None


# A currency named in the amount's span: anything but digits, separators and a multiplier ("30k" is a
# bare number).
_CURRENCY_MARK = re.compile(r"[^\d\s.,'’+\-kKmM万千]")


_COMPANY_WORDS = {
    lang: re.compile(_ADDRESS_ANY + _ADDRESS_BY_LANGUAGE.get(lang, "")) for lang in (*LANGUAGES, "*")
}


@lru_cache(maxsize=1)
def default_screener() -> Screener:
    """One screener with the packaged model, shared by the API and the pages."""
    return Screener()


class Screener:
    """Screens advert texts. Pure: no I/O after the model is loaded."""

    def __init__(self, model: TextModel | None = None, *, use_model: bool = True) -> None:
        self.model = (model or load()) if use_model else None
        self._rules, self._mits = rules.compiled()
        # Which screener wrote a stored verdict: the rules' version and a digest of the model.
        digest = hashlib.sha256(
            json.dumps(self.model.to_json() if self.model else None, sort_keys=True).encode()
        ).hexdigest()[:12]
        self.version = f"rules-{rules.VERSION}/model-{digest}"

    def _rules_for(
        self, text: str, lang: str, explain_lang: str
    ) -> tuple[list[Flag], list[str], float | None]:
        folded = fold(text)
        flags: list[Flag] = []
        key = lang if lang in LANGUAGES else "*"
        for rule in self._rules:
            span = rule.find(folded, key)
            if span:
                flags.append(
                    Flag(
                        rule.code,
                        explain(rule.code, explain_lang),
                        text[span[0] : span[1]],
                        rules.SOURCES[rule.source],
                        rule.weight,
                        span[0],
                        span[1],
                    )
                )
        mitigations = []
        for mit in self._mits:
            if mit.find(folded, key):
                mitigations.append(mit.code)
        offered = money.offered_monthly_usd(text, lang)
        salary = offered.monthly_usd if offered else None
        if offered is not None:
            p = wages.plausibility(offered.monthly_usd, folded, lang)
            if p.ratio >= wages.THRESHOLD:
                code, weight, source = rules.PAY_FAR_ABOVE_MARKET
                detail = (
                    f"about USD {offered.monthly_usd:,.0f} a month offered; typical for {p.occupation} work in "
                    f"{p.country}: USD {p.typical_usd:,.0f} ({p.ratio:.1f}x; {p.evidence()})"
                )
                weight = weight + (0.6 if p.ratio >= 5 else 0.0)
                flags.append(
                    Flag(
                        code,
                        explain(code, explain_lang),
                        text[offered.start : offered.end],
                        rules.SOURCES[source],
                        weight,
                        offered.start,
                        offered.end,
                        detail,
                    )
                )
            if offered.currency in money.CRYPTO and not any(f.code == "CRYPTO_WAGES" for f in flags):
                flags.append(
                    Flag(
                        "CRYPTO_WAGES",
                        explain("CRYPTO_WAGES", explain_lang),
                        text[offered.start : offered.end],
                        rules.SOURCES["FINCEN2023"],
                        1.2,
                        offered.start,
                        offered.end,
                    )
                )
        # Only an amount that names its currency ("$700", "USD 700", "700 dollars"), not a bare number
        # whose currency is a guess.
        if (
            offered is not None
            and offered.currency not in money.CRYPTO
            and _CURRENCY_MARK.search(text, offered.start, offered.end)
        ):
            light = _easy_money(offered.monthly_usd, folded)
            if light:
                code, weight, source = rules.EASY_MONEY_LITTLE_WORK
                flags.append(
                    Flag(
                        code,
                        explain(code, explain_lang),
                        text[offered.start : offered.end],
                        rules.SOURCES[source],
                        weight,
                        offered.start,
                        offered.end,
                        f"about USD {offered.monthly_usd:,.0f} a month for work described as "
                        f"'{text[light.start() : light.end()]}'",
                    )
                )
        has_company = contacts_mod.has_company_identity(text) or bool(_COMPANY_WORDS[key].search(folded))
        if not (has_company or "LICENSED_AGENCY" in mitigations):
            code, weight, source = rules.NO_COMPANY_IDENTITY
            contact = next((f for f in flags if f.code == "MESSAGING_ONLY_CONTACT"), None)
            flags.append(
                Flag(
                    code,
                    explain(code, explain_lang),
                    contact.evidence if contact else "",
                    rules.SOURCES[source],
                    weight,
                    contact.start if contact else -1,
                    contact.end if contact else -1,
                )
            )
        return flags, mitigations, salary

    def rule_score(self, flags: Sequence[Flag], mitigations: Sequence[str]) -> float:
        return sum(f.weight for f in flags) + sum(rules.MITIGATIONS[m][0] for m in mitigations)

    def screen_batch(
        self,
        items: Sequence[tuple[str, str, str | None]],
        *,
        explain_lang: str | None = None,
        with_contacts: bool = False,
    ) -> list[Verdict]:
        """Verdicts for (id, text, language or None) items; the language is detected when missing."""
        texts = [normalize(t) for _, t, _ in items]
        langs = [
            lg if lg in LANGUAGES else detect_language(t) for (_, _, lg), t in zip(items, texts, strict=True)
        ]
        logits = self.model.logits(texts) if self.model is not None and texts else None
        cal = self.model.calibration if self.model is not None else {"a": 1.0, "b": 0.0, "c": -2.0}
        threshold = self.model.threshold if self.model is not None else 0.5
        out = []
        for i, ((rid, _, _), text, lang) in enumerate(zip(items, texts, langs, strict=True)):
            flags, mits, salary = self._rules_for(text, lang, explain_lang or lang)
            rs = self.rule_score(flags, mits)
            ml = float(logits[i]) if logits is not None else None
            score = sigmoid(cal["a"] * rs + cal["b"] * (ml or 0.0) + cal["c"])
            found = contacts_mod.extract(text, wages.language_region(lang)) if with_contacts else []
            out.append(
                Verdict(
                    rid, lang, bool(flags) and score >= threshold, score, flags, rs, ml, mits, salary, found
                )
            )
        return out

    def screen(
        self,
        text: str,
        language: str | None = None,
        *,
        id: str = "",
        explain_lang: str | None = None,
        with_contacts: bool = False,
    ) -> Verdict:
        return self.screen_batch(
            [(id, text, language)], explain_lang=explain_lang, with_contacts=with_contacts
        )[0]

    def screen_stream(self, items: Iterable[tuple[str, str, str | None]], **kw: Any) -> Iterator[Verdict]:
        batch: list[tuple[str, str, str | None]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                yield from self.screen_batch(batch, **kw)
                batch = []
        if batch:
            yield from self.screen_batch(batch, **kw)
