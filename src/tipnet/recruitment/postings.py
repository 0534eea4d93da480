"""Generic job fraud in job-board postings with fields (EMSCAD-style: title, company profile, description,
requirements, benefits, salary range, telecommuting, has-company-logo ...).

The same explainable rules as for adverts (recruitment.rules) run on the posting's text fields, each flag
saying which field its evidence is in; two judgements change for postings:

- **No employer details** (`NO_EMPLOYER_DETAILS`) comes from the fields: no company profile and no logo.
  It replaces the text-only `NO_COMPANY_IDENTITY`, which looks for an address or a company e-mail that
  job boards keep in their own fields.
- **Pay far above the market** is judged only where the wage table has the country of work (South-East
  and East Asia, the Gulf); a posting located elsewhere (the location field's country code) is not
  judged on it. Lots of money for little work (`EASY_MONEY_LITTLE_WORK`) is judged everywhere.

The posting's score is `sigmoid(a * rule_score + c)`, fraudulent when it reaches `threshold` and at least
one flag explains why. `a`, `c` and `threshold` were fitted on the development split of the independent
generic-posting set only (bench/independent_jobs/, `calibrate` below); the trafficking text model is not
used here (trained on the simulator's adverts, it knows nothing of job boards).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tipnet.recruitment import rules, wages
from tipnet.recruitment.screen import Flag, Screener, explain

# The fields whose text is screened, in this order (each on its own line(s) of the composed text).
TEXT_FIELDS = ("title", "location", "company_profile", "description", "requirements", "benefits")
FLAG_FIELDS = ("telecommuting", "has_company_logo", "has_questions")
CALIBRATION = "data/postings_calibration.json"

# On a job board, entry-level roles say "no experience necessary, paid training", data entry and online
# customer service are ordinary jobs, and "immediate start" is common: the trafficking literature's signs
# weigh less here (each is evidence mainly together with the schemes above). Weights set by reasoning,
# not fitted; the calibration (a, c, threshold) is fitted on the development split only.
POSTING_WEIGHTS = {"NO_EXPERIENCE": 0.5, "VAGUE_SCAM_ROLE": 0.4, "URGENCY": 0.5, "FREE_HOUSING_FOOD": 0.2}


@dataclass(frozen=True, slots=True)
class PostingVerdict:
    id: str
    fraudulent: bool
    score: float
    rule_score: float
    flags: list[Flag]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fraudulent": self.fraudulent,
            "score": round(self.score, 4),
            "flags": [f.to_json() for f in self.flags],
        }


@lru_cache(maxsize=1)
def calibration() -> dict[str, Any]:
    text = resources.files("tipnet.recruitment").joinpath(CALIBRATION).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def compose(posting: Mapping[str, str]) -> tuple[str, list[tuple[str, int, int]]]:
    """The posting's text fields joined by newlines, and where each field lies in that text."""
    parts: list[str] = []
    where: list[tuple[str, int, int]] = []
    pos = 0
    for name in TEXT_FIELDS:
        value = (posting.get(name) or "").strip()
        if not value:
            continue
        where.append((name, pos, pos + len(value)))
        parts.append(value)
        pos += len(value) + 1
    return "\n".join(parts), where


_TRUE = ("1", "t", "true", "yes", "y")
_FALSE = ("", "0", "f", "false", "no", "n")


def _truthy(value: str | None) -> bool:
    return str(value or "").strip().lower() in _TRUE


class PostingError(ValueError):
    """A posting that cannot be screened: which record (row number and id) and which field, and why."""

    def __init__(self, record: int | None, posting_id: str, field: str, reason: str) -> None:
        self.record, self.posting_id, self.field, self.reason = record, posting_id, field, reason
        where = f"record {record}" if record is not None else "posting"
        who = f" ({posting_id})" if posting_id else ""
        super().__init__(f"{where}{who}: field {field!r}: {reason}")


def _unreadable(value: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in value)


def check(posting: Mapping[str, str | None], *, record: int | None = None, id_field: str = "job_id") -> None:
    """Raise PostingError naming the record and the field when the posting cannot be screened: no id,
    bytes that are not UTF-8, no text in any text field, a yes/no field (telecommuting, has_company_logo,
    has_questions) that is neither."""
    pid = posting.get(id_field)
    pid = pid.strip() if isinstance(pid, str) else ""
    if _unreadable(pid):
        raise PostingError(record, "", id_field, "unreadable encoding (not UTF-8)")
    if not pid:
        raise PostingError(record, "", id_field, "empty id")
    for name in (*TEXT_FIELDS, *FLAG_FIELDS):
        value = posting.get(name)
        if value is None or (name in FLAG_FIELDS and isinstance(value, (bool, int))):
            continue  # a yes/no field may come as 0/1 or a bool from Python or JSON
        if not isinstance(value, str):
            raise PostingError(record, pid, name, f"not text: {type(value).__name__}")
        if _unreadable(value):
            raise PostingError(record, pid, name, "unreadable encoding (not UTF-8)")
    if not any((posting.get(n) or "").strip() for n in TEXT_FIELDS):
        raise PostingError(record, pid, "description", f"no text in any of {', '.join(TEXT_FIELDS)}")
    for name in FLAG_FIELDS:
        raw = posting.get(name)
        value = ("" if raw is None else str(raw)).strip().lower()
        if value not in _TRUE and value not in _FALSE:
            raise PostingError(record, pid, name, f"not 0 or 1: {value[:20]!r}")


class PostingRows:
    """The postings of a CSV file streamed with their record numbers (1 = the first row after the
    header); a posting that fails `check` is set aside in `rejected` (record, id, field, reason), not
    screened. Opening raises ValueError when the id column or every text column is missing."""

    def __init__(self, path: Path, id_field: str = "job_id") -> None:
        csv.field_size_limit(10_000_000)
        self.fh = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
        self.size = path.stat().st_size
        self.reader = csv.DictReader(self.fh)
        header = list(self.reader.fieldnames or [])
        missing = [] if id_field in header else [id_field]
        if not any(n in header for n in TEXT_FIELDS):
            missing.append(" or ".join(TEXT_FIELDS))
        if missing:
            self.fh.close()
            raise ValueError(f"{path.name}: no column {', '.join(missing)} (columns: {', '.join(header)})")
        self.id_field = id_field
        self.rejected: list[tuple[int, str, str, str]] = []

    def __iter__(self) -> Iterator[dict[str, str]]:
        for n, row in enumerate(self.reader, start=1):
            posting = {k: v for k, v in row.items() if isinstance(k, str)}
            try:
                check(posting, record=n, id_field=self.id_field)
            except PostingError as exc:
                self.rejected.append((n, exc.posting_id, exc.field, exc.reason))
                continue
            yield posting

    def position(self) -> int:
        try:
            return int(self.fh.buffer.tell())  # type: ignore[attr-defined]
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self.fh.close()


def country_of(location: str | None) -> str:
    """The country code a job board writes first in its location field ("US, TX, Houston" -> "US")."""
    return (location or "").split(",")[0].strip().upper()


class PostingScreener:
    """Screens job-board postings; the rules only (no text model). Pure after construction."""

    def __init__(self, screener: Screener | None = None, calib: Mapping[str, Any] | None = None) -> None:
        self.screener = screener or Screener(use_model=False)
        cal = dict(calib or calibration())
        self.a = float(cal["a"])
        self.c = float(cal["c"])
        self.threshold = float(cal["threshold"])
        self._wage_countries = {c for c, _ in wages.table()}

    def flags(self, posting: Mapping[str, str], explain_lang: str = "en") -> list[Flag]:
        return self.judge(posting, explain_lang)[0]

    def judge(self, posting: Mapping[str, str], explain_lang: str = "en") -> tuple[list[Flag], float]:
        """The posting's red flags and its rule score (flag weights plus mitigations)."""
        text, where = compose(posting)
        verdict = self.screener.screen(text, "en", explain_lang=explain_lang)
        country = country_of(posting.get("location"))
        out: list[Flag] = []
        for f in verdict.flags:
            if f.code == rules.NO_COMPANY_IDENTITY[0]:
                continue  # judged from the fields below
            if f.code == rules.PAY_FAR_ABOVE_MARKET[0] and country and country not in self._wage_countries:
                continue  # no wage figures for that country: not judged on pay
            if f.code in POSTING_WEIGHTS:
                f = dataclasses.replace(f, weight=POSTING_WEIGHTS[f.code])
            field = next((n for n, s, e in where if s <= f.start < e), "")
            if field:
                s = next(s for n, s, _ in where if n == field)
                note = f"in {field}, characters {f.start - s}-{f.end - s}"
                out.append(dataclasses.replace(f, detail=f"{note}; {f.detail}" if f.detail else note))
            else:
                out.append(f)
        if not (posting.get("company_profile") or "").strip() and not _truthy(
            posting.get("has_company_logo")
        ):
            code, weight, source = rules.NO_EMPLOYER_DETAILS
            out.append(
                Flag(
                    code,
                    explain(code, explain_lang),
                    "company_profile: (empty); has_company_logo: 0",
                    rules.SOURCES[source],
                    weight,
                    detail="from the posting's fields",
                )
            )
        mitigation = sum(rules.MITIGATIONS[m][0] for m in verdict.mitigations)
        return out, sum(f.weight for f in out) + mitigation

    def screen(
        self, posting: Mapping[str, str], *, id_field: str = "job_id", explain_lang: str = "en"
    ) -> PostingVerdict:
        """The posting's verdict; PostingError (naming the field) when it cannot be screened."""
        check(posting, id_field=id_field)
        flags, rs = self.judge(posting, explain_lang)
        score = 1.0 / (1.0 + math.exp(-(self.a * rs + self.c)))
        return PostingVerdict(
            str(posting.get(id_field, "")), bool(flags) and score >= self.threshold, score, rs, flags
        )

    def screen_all(self, postings: Iterable[Mapping[str, str]], **kw: Any) -> list[PostingVerdict]:
        return [self.screen(p, **kw) for p in postings]


def calibrate(
    rule_scores: Sequence[float], labels: Sequence[bool], *, iterations: int = 200, ridge: float = 0.1
) -> dict[str, float]:
    """Platt scaling of the rule score on labelled (development) postings, then the threshold on that
    score that gives the best F1 on them (ties: the higher threshold, rounded down). Newton's method with
    a small ridge penalty (so that separable data keep finite weights), no library."""
    if not rule_scores or all(labels) or not any(labels):
        raise ValueError("calibration needs postings of both labels")
    a, c = 1.0, -2.0
    for _ in range(iterations):
        ga = gc = haa = hac = hcc = 0.0
        for x, y in zip(rule_scores, labels, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + c)))
            r = p - float(y)
            w = max(p * (1 - p), 1e-9)
            ga += r * x
            gc += r
            haa += w * x * x
            hac += w * x
            hcc += w
        ga += ridge * a
        gc += ridge * c
        haa += ridge
        hcc += ridge
        det = haa * hcc - hac * hac
        if det <= 0:
            break
        da = (hcc * ga - hac * gc) / det
        dc = (haa * gc - hac * ga) / det
        a, c = a - da, c - dc
        if abs(da) + abs(dc) < 1e-10:
            break
    probs = [1.0 / (1.0 + math.exp(-(a * x + c))) for x in rule_scores]
    best = (-1.0, 0.5)
    for t in sorted(set(probs)):
        tp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= t and y)
        fp = sum(1 for p, y in zip(probs, labels, strict=True) if p >= t and not y)
        fn = sum(1 for p, y in zip(probs, labels, strict=True) if p < t and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 >= best[0]:
            best = (f1, t)
    threshold = math.floor(best[1] * 1e4) / 1e4
    return {"a": round(a, 4), "c": round(c, 4), "threshold": threshold, "dev_f1": round(best[0], 4)}
