# SPDX-License-Identifier: Apache-2.0
"""Build the independent advert set: deceptive and genuine job adverts and messages in nine languages,
from template grammars (one lexicon per language, `lang_*.py`), with the patterns each one carries.
Deterministic from --seed.

    python bench/independent/adverts/generate.py --seed 16 --out /tmp/indep-ads
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import unicodedata
from collections import Counter
from pathlib import Path

from . import GENERATOR_VERSION
from .common import (
    DEST_CURRENCY,
    DESTINATIONS,
    EMOJI_CALM,
    EMOJI_HOT,
    GENUINE_ABROAD,
    HUBS,
    PER_USD,
    company,
    email,
    handle,
    licence,
    native_digits,
    phone,
    round_nice,
)
from .lang_en import LEX as EN
from .lang_id import LEX as ID
from .lang_km import LEX as KM
from .lang_lo import LEX as LO
from .lang_my import LEX as MY
from .lang_th import LEX as TH
from .lang_tl import LEX as TL
from .lang_vi import LEX as VI
from .lang_zh import LEX as ZH

_EN_DEST = EN["dest"]
LEXICONS = {lex["code"]: lex for lex in (KM, TH, VI, MY, LO, ZH, ID, TL, EN)}
LANGUAGES = tuple(LEXICONS)
DEFAULT_SEED = 16
DEFAULT_PER_LANGUAGE = 340
DECEPTIVE_SHARE = 0.45
COLUMNS = ("id", "language", "text", "label", "patterns", "style")

FLAG_WEIGHTS = {"no_experience": 8, "paid_travel": 8, "messaging_only": 9, "urgency": 5, "age_appearance": 4,
                "passport_early": 3, "fees_deposit": 2.5, "tourist_visa": 2, "crypto_wage": 1.2, "secrecy": 1.5,
                "commission_bonus": 4, "language_only": 3.5}  # fmt: skip
SECTION = {"no_experience": "req", "age_appearance": "req", "language_only": "req", "passport_early": "req",
           "paid_travel": "ben", "commission_bonus": "ben", "crypto_wage": "ben", "high_pay": "ben",
           "urgency": "info", "tourist_visa": "info", "fees_deposit": "info", "secrecy": "info",
           "vague_role": "about", "compound_hub": "about", "messaging_only": "contact",
           "g_official_programme": "about", "g_licensed_agency": "contact", "g_company_address": "contact",
           "g_contract_permit": "ben", "g_no_fee": "info", "g_specific_duties": "about",
           "g_interview_training": "info", "g_fair_pay": "ben", "hard_messaging_contact": "contact", "claims_legitimacy": "ben",
           "hard_no_experience": "req", "hard_paid_travel_housing": "ben", "hard_urgency": "info",
           "hard_age_limit": "req"}  # fmt: skip
PROGRAMME_REGION = {"korea": "korea", "japan": "japan", "taiwan": "taiwan", "hong_kong": "hong_kong",
                    "singapore": "singapore", "dubai": "dubai", "kuala_lumpur": "malaysia", "penang": "malaysia",
                    "bangkok": "thailand", "chonburi": "thailand", "samut_sakhon": "thailand"}  # fmt: skip
# Where genuine work at home is, per language (the home country's cities), and hub towns with real jobs.
DOMESTIC = {"km": ["phnom_penh", "siem_reap"], "th": ["bangkok", "chonburi", "samut_sakhon"],
            "vi": ["ho_chi_minh", "hanoi"], "my": ["yangon"], "lo": ["vientiane"], "zh": ["shenzhen"],
            "id": ["jakarta"], "tl": ["manila"], "en": ["phnom_penh", "bangkok", "manila", "kuala_lumpur"]}  # fmt: skip
GENUINE_HUBS = [
    "sihanoukville",
    "bavet",
    "poipet",
    "mae_sot",
]  # real factories, hotels and SEZs are there too


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random("|".join(str(p) for p in (seed, *parts)))


# ------------------------------------------------------------------ salaries in words and scripts
def salary_text(
    lex: dict, rng: random.Random, usd: float, dest: str, deceptive: bool
) -> tuple[str, list[str]]:
    tags: list[str] = []
    options = ["USD"]
    local = DEST_CURRENCY.get(dest)
    if local and local in lex["money"]:
        options += [local] * (3 if not deceptive else 1)
    home = lex.get("home_cur")
    if home and home in lex["money"] and deceptive:
        options += [home] * 2
    cur = rng.choice(options)
    amount = round_nice(usd * PER_USD[cur])
    ranged = rng.random() < (0.5 if deceptive else 0.25)
    hi = (
        round_nice(amount * (rng.uniform(1.3, 2.0) if deceptive else rng.uniform(1.1, 1.35)))
        if ranged
        else amount
    )
    special = lex.get("special", {}).get(cur)

    def num(n: int) -> str:
        r = rng.random()
        if special and r < 0.45:
            out = special(n, rng)
            if out:
                return out
        if deceptive and r > 0.85 and n >= 1000:
            k = n / 1000
            return f"{k:g}{rng.choice(['k', 'K'])}"
        return f"{n:,}".replace(",", lex["sep"]) if n >= 1000 else str(n)

    a = num(amount)
    text_n = lex["range"].format(a=a, b=num(hi)) if ranged else a
    if deceptive and not ranged and rng.random() < 0.25:
        text_n = rng.choice(lex["upto"]).format(a=a)
    fmt = rng.choice(lex["money"][cur])
    if any(ch.isalpha() and not ch.isascii() for ch in text_n) and cur in lex.get("special", {}):
        out = text_n  # the special form already names the unit (triệu, 万, juta...)
    else:
        out = fmt.format(n=text_n)
    out += rng.choice(lex["per_month"])
    if lex["code"] in ("km", "th", "lo", "my") and rng.random() < 0.2:
        out = native_digits(out, lex["code"])
        tags.append("native_digits")
    tags.append(f"salary_{cur.lower()}")
    return out, tags


# ------------------------------------------------------------------ one advert
def _values(lex: dict, rng: random.Random, facts: dict) -> dict:
    home = rng.choice(lex["home"])
    org = facts.get("org") or company(rng, "scam")
    return {
        "role": facts["role"],
        "dest": rng.choice(lex["dest"].get(facts["dest"]) or _EN_DEST[facts["dest"]]),
        "salary": facts["salary"],
        "handle": handle(rng),
        "phone": phone(rng, home),
        "fee": rng.choice((200, 300, 350, 500, 800, 1000)),
        "n": rng.choice((3, 5, 8, 10, 15, 20, 30)),
        "days": rng.choice((2, 3, 5, 7)),
        "age_lo": rng.choice((18, 18, 20, 22)),
        "age_hi": rng.choice((30, 32, 35, 35, 38, 40)),
        "licence": licence(rng, lex["code"]),
        "company": org,
        "address": rng.choice(lex["address"]).format(no=rng.randrange(1, 300), st=rng.randrange(2, 60)),
        "reg": f"{rng.randrange(10**6, 10**8)}",
        "duty": rng.choice(lex["duties"][facts["kind"]])
        if facts.get("kind") in lex["duties"]
        else rng.choice(lex["duties"]["factory"]),
        "hours": rng.choice(lex["hours"]),
        "email": email(rng, org, free=facts.get("free_email", False)),
    }


def _line(lex: dict, pattern: str, facts: dict, rng: random.Random, values: dict) -> str:
    if pattern in lex["flags"]:
        choices = lex["flags"][pattern]
    elif pattern == "claims_legitimacy":
        choices = lex["genuine"]["g_contract_permit"]
    elif pattern == "g_official_programme":
        region = (
            "home" if facts["dest"] in DOMESTIC[lex["code"]] else PROGRAMME_REGION.get(facts["dest"], "home")
        )
        choices = lex["genuine"][pattern].get(region) or lex["genuine"][pattern]["home"]
    elif pattern in lex["genuine"]:
        choices = lex["genuine"][pattern]
    else:
        choices = lex["hard"][pattern]
    return rng.choice(choices).format(**values)


def render(lex: dict, facts: dict, rng: random.Random, mix: dict | None) -> str:
    """Lay the chosen patterns out as a chat message, a post with bullets, or a formal notice."""
    style = facts["style"]
    values = _values(lex, rng, facts)
    mix_values = _values(mix, rng, facts | {"role": facts.get("mix_role", facts["role"])}) if mix else None
    if mix and mix_values is not None:
        mix_values["salary"] = facts.get("mix_salary", values["salary"])
    lines: dict[str, list[str]] = {"about": [], "req": [], "ben": [], "info": [], "contact": []}
    in_title = style != "chat" or facts["label"] == "genuine" or rng.random() < 0.5
    for p in facts["lines"]:
        if style == "chat" and in_title and p in ("vague_role", "compound_hub") and rng.random() < 0.8:
            continue  # the title already says it
        use_mix = mix is not None and rng.random() < 0.4
        text = (
            _line(mix, p, facts, rng, mix_values)
            if use_mix and mix and mix_values
            else _line(lex, p, facts, rng, values)
        )
        lines[SECTION[p]].append(text)
    for v in lines.values():
        rng.shuffle(v)
    if facts.get("company") and style != "formal":
        lines["about"].insert(0, facts["company"])
    deceptive = facts["label"] == "deceptive"
    title = rng.choice(lex["title"]).format(role=values["role"], dest=values["dest"])
    hot = EMOJI_HOT if deceptive or rng.random() < 0.45 else EMOJI_CALM  # "🔥 hiring" is everyone's style
    if style == "chat":
        parts = [p for sec in ("about", "ben", "req", "info", "contact") for p in lines[sec]]
        if in_title:
            parts.insert(0, title)
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(lex.get("greet", ["Hi"])))
        joiner = rng.choice((" ", ", ", "\n", " | ", ". "))
        text = joiner.join(parts)
        if facts.get("emoji"):
            text = rng.choice(hot) + " " + text + " " + rng.choice(hot)
        if lex["code"] in ("en", "id", "tl", "vi") and rng.random() < 0.4:
            text = text.lower()
        return text
    out: list[str] = []
    opener = rng.choice(lex["open_d"] if deceptive else lex["open_g"])
    if style == "formal":
        if facts.get("company"):
            out.append(facts["company"])
        out.append(opener)
        out.append(title)
        for sec in ("about", "req", "ben", "info", "contact"):
            if lines[sec]:
                if sec in lex["heads"] and rng.random() < 0.7:
                    out.append(f"{lex['heads'][sec]}:")
                bullet = rng.choice(("- ", "• ", "", "* "))
                out.extend(f"{bullet}{x}" for x in lines[sec])
        close = rng.choice(lex["close_d"] if deceptive else lex["close_g"])
        if close:
            out.append(close)
        return "\n".join(out)
    # post (and mixed)
    e = rng.choice(hot) if facts.get("emoji") else ""
    out.append(f"{e}{opener}{e}".strip() if e else opener)
    out.append(title.upper() if lex["code"] in ("en", "id", "tl") and rng.random() < 0.3 else title)
    bullet_pool = hot if facts.get("emoji") else ["-", "•", "*", "+"]
    for sec in ("about", "ben", "req", "info", "contact"):
        for x in lines[sec]:
            out.append(f"{rng.choice(bullet_pool)} {x}")
    close = rng.choice(lex["close_d"] if deceptive else lex["close_g"])
    if close:
        out.append(close)
    return rng.choice(("\n", "\n", "\n\n")).join(out)


def deceptive_facts(lex: dict, rng: random.Random) -> dict:
    subtle = rng.random() < 0.25
    org = company(rng, "scam")
    dest = rng.choice(HUBS) if rng.random() < 0.85 else rng.choice(("bangkok", "kuala_lumpur", "phnom_penh"))
    flags: list[str] = []
    if rng.random() < 0.8:
        role, kind = rng.choice(lex["role_vague"]), "bpo"
        flags.append("vague_role")
    else:
        kind = rng.choice(("hotel", "bpo", "factory"))
        role = rng.choice(lex["roles"][kind])
    fair = DESTINATIONS[dest][0]
    high = rng.random() < (0.5 if subtle else 0.88)
    usd = fair[1] * rng.uniform(2.0, 6.0) if high else rng.uniform(*fair) * rng.uniform(1.0, 1.3)
    if high:
        flags.append("high_pay")
    if DESTINATIONS[dest][1]:
        flags.append("compound_hub")
    k = rng.randrange(1, 3) if subtle else rng.randrange(3, 8)
    pool = dict(FLAG_WEIGHTS)
    for _ in range(k):
        names = list(pool)
        pick = rng.choices(names, [pool[n] for n in names])[0]
        flags.append(pick)
        del pool[pick]
    style = rng.choices(
        ("chat", "post", "mixed", "formal"), (20, 30, 20, 30) if subtle else (35, 35, 15, 15)
    )[0]
    salary, stags = salary_text(lex, rng, usd, dest, True)
    # every advert names the role, the place and the pay; the tags say which of them is a red flag
    lines = list(dict.fromkeys(["vague_role", "compound_hub", "high_pay", *flags]))
    disguise = rng.random() < (0.5 if subtle else 0.15)
    if disguise:  # scam adverts borrow the words of fair recruitment ("work permit and insurance")
        lines.append("claims_legitimacy")
    facts = {"label": "deceptive", "dest": dest, "role": role, "kind": kind, "salary": salary, "style": style,
             "emoji": rng.random() < (0.3 if subtle else 0.75), "lines": lines,
             "company": org if rng.random() < (0.6 if subtle else 0.25) else None, "org": org,
             "free_email": True}  # fmt: skip
    tags = (
        sorted(set(flags))
        + stags
        + (["subtle"] if subtle else [])
        + (["claims_legitimacy"] if disguise else [])
    )
    return facts | {"tags": tags}


def genuine_facts(lex: dict, rng: random.Random) -> dict:
    r = rng.random()
    hard: list[str] = []
    if r < 0.4:
        dest = rng.choice([d for d in GENUINE_ABROAD if d in lex["dest"]])
    elif r < 0.85:
        dest = rng.choice(DOMESTIC[lex["code"]])
    else:
        dest = rng.choice(GENUINE_HUBS)
        hard.append("hard_hub_destination")
    abroad = dest in GENUINE_ABROAD
    kinds = {"korea": ("factory", "farm", "construction"), "japan": ("factory", "care", "farm", "construction"),
             "taiwan": ("factory", "care"), "hong_kong": ("care",), "singapore": ("care", "hotel"),
             "dubai": ("hotel",)}.get(dest, ("factory", "hotel", "construction", "bpo", "bpo", "farm"))  # fmt: skip
    kind = rng.choice(kinds)
    if kind == "bpo":
        hard.append("hard_customer_service")
    role = rng.choice(lex["roles"][kind])
    fair = DESTINATIONS[dest][0]
    usd = rng.uniform(*fair)
    if dest in ("korea", "japan"):
        hard.append("hard_high_pay_legit")
    markers = ["g_fair_pay"]
    if rng.random() < 0.7:
        markers.append("g_specific_duties")
    options = {"g_official_programme": 0.85 if abroad else 0.25, "g_licensed_agency": 0.5 if abroad else 0.1,
               "g_company_address": 0.6, "g_contract_permit": 0.5, "g_no_fee": 0.6 if abroad else 0.3,
               "g_interview_training": 0.4}  # fmt: skip
    for m, p in options.items():
        if rng.random() < p:
            markers.append(m)
    while len(markers) < 3:
        markers.append(rng.choice([m for m in options if m not in markers]))
    for h, p in (("hard_messaging_contact", 0.35), ("hard_no_experience", 0.3),
                 ("hard_paid_travel_housing", 0.5 if abroad else 0.25), ("hard_urgency", 0.2), ("hard_age_limit", 0.3)):  # fmt: skip
        if rng.random() < p:
            hard.append(h)
    style = rng.choices(("chat", "post", "mixed", "formal"), (20, 30, 10, 40))[0]
    emoji = rng.random() < (0.7 if style in ("chat", "post", "mixed") else 0.15)
    if emoji and style in ("chat", "post"):
        hard.append("hard_emoji_chat")
    salary, stags = salary_text(lex, rng, usd, dest, False)
    lines = markers + [h for h in hard if h in SECTION]
    kind_org = {"factory": "factory", "hotel": "hotel", "care": "care", "construction": "construction",
                "farm": "factory", "bpo": "bpo"}[kind]  # fmt: skip
    org = company(rng, "agency" if "g_licensed_agency" in markers else kind_org)
    facts = {"label": "genuine", "dest": dest, "role": role, "kind": kind, "salary": salary, "style": style,
             "emoji": emoji, "lines": lines, "company": org if style == "formal" or rng.random() < 0.35 else None,
             "org": org, "free_email": rng.random() < 0.2}  # fmt: skip
    return facts | {"tags": sorted(set(markers + hard)) + stags}


# ------------------------------------------------------------------ the whole set
ZWSP = "\u200b"


def _zero_width(text: str, rng: random.Random) -> str:
    out = []
    for i, ch in enumerate(text):
        if (
            i
            and unicodedata.category(ch) == "Lo"
            and unicodedata.category(text[i - 1]) in ("Lo", "Mn", "Mc")
            and rng.random() < 0.12
        ):
            out.append(ZWSP)
        out.append(ch)
    return "".join(out)


def build(seed: int, per_language: int) -> list[dict[str, str]]:
    from .zawgyi import to_zawgyi

    rows = []
    for lang in LANGUAGES:
        lex = LEXICONS[lang]
        seen: set[str] = set()
        n_dec = round(per_language * DECEPTIVE_SHARE)
        for i in range(per_language):
            label = "deceptive" if i < n_dec else "genuine"
            for attempt in range(50):
                rng = rng_for(seed, lang, i, attempt)
                facts = deceptive_facts(lex, rng) if label == "deceptive" else genuine_facts(lex, rng)
                mix = None
                tags = list(facts["tags"])
                if facts["style"] == "mixed":
                    mix = (
                        LEXICONS["zh"]
                        if lang == "en" or (lang in ("vi", "km", "lo", "my") and rng.random() < 0.3)
                        else LEXICONS["en"]
                    )
                    facts["mix_role"] = (
                        rng.choice(mix["role_vague"])
                        if "vague_role" in tags
                        else rng.choice(mix["roles"][facts["kind"]])
                    )
                    tags.append(f"mixed_{mix['code']}")
                text = render(lex, facts, rng, mix)
                if lang in ("km", "th") and rng.random() < 0.1:
                    text = _zero_width(text, rng)
                    tags.append("zero_width_space")
                if lang == "my" and rng.random() < 0.12:
                    text = to_zawgyi(text)
                    tags.append("zawgyi")
                if text not in seen:
                    seen.add(text)
                    break
            else:
                raise RuntimeError(f"no new advert for {lang} {i}")
            rows.append(
                {
                    "language": lang,
                    "text": text,
                    "label": label,
                    "patterns": ";".join(tags),
                    "style": facts["style"],
                }
            )
    order = rng_for(seed, "order")
    order.shuffle(rows)
    for n, row in enumerate(rows, start=1):
        row["id"] = f"ADV{n:06d}"
    return rows


def generate(out: Path, seed: int = DEFAULT_SEED, per_language: int = DEFAULT_PER_LANGUAGE) -> dict:
    rows = build(seed, per_language)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "adverts.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tags = Counter(t for r in rows for t in r["patterns"].split(";") if t)
    manifest = {
        "generator": "tipnet bench/independent/adverts",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "per_language": per_language,
        "counts": {
            "adverts": len(rows),
            "by_language_label": {
                f"{k[0]}/{k[1]}": v
                for k, v in sorted(Counter((r["language"], r["label"]) for r in rows).items())
            },
            "styles": {
                f"{k[0]}/{k[1]}": v
                for k, v in sorted(Counter((r["label"], r["style"]) for r in rows).items())
            },
            "patterns": dict(sorted(tags.items())),
        },
        "sha256": {"adverts.csv": hashlib.sha256(path.read_bytes()).hexdigest()},
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    parser.add_argument("--per-language", type=int, default=DEFAULT_PER_LANGUAGE,
                        help=f"adverts per language (default {DEFAULT_PER_LANGUAGE})")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.seed, args.per_language)
    print(
        f"{manifest['counts']['adverts']} adverts in {len(LANGUAGES)} languages -> {args.out / 'adverts.csv'}"
    )
    return 0
