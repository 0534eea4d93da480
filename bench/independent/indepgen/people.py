# SPDX-License-Identifier: Apache-2.0
"""People: who they are (culture, gender, birth date, name as they own it, documents, phones, home)
and how they relate (relatives, namesakes, Burmese names that overlap, shared contact phones)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import names as N
from .fields import new_documents, new_phone

CULTURE_WEIGHTS = {"KHM": 25, "MMR": 17, "VNM": 14, "THA": 12, "CHN": 10, "LAO": 8, "IDN": 7, "PHL": 7}
CULTURES = list(CULTURE_WEIGHTS)
# Where people of each country are recorded away from home (trafficking and migration routes of the
# region: Cambodia, Myanmar and Laos to Thailand; Vietnam to Cambodia and China; and the scam
# compounds of Cambodia and Myanmar holding people from China, Indonesia, the Philippines, Thailand).
DESTINATIONS = {
    "KHM": ("THA",), "MMR": ("THA",), "LAO": ("THA",), "VNM": ("KHM", "CHN"), "CHN": ("KHM", "MMR"),
    "IDN": ("KHM", "MMR"), "PHL": ("KHM", "MMR"), "THA": ("KHM", "MMR"),
}  # fmt: skip
NATIVE_SCRIPT = {
    "KHM": "khmer",
    "THA": "thai",
    "LAO": "lao",
    "MMR": "burmese",
    "VNM": "vietnamese",
    "CHN": "han",
}


def rng_for(seed: int, *parts) -> random.Random:
    """An independent stream per purpose and item: adding people never changes earlier ones."""
    return random.Random("|".join(str(p) for p in (seed, *parts)))


# ------------------------------------------------------------------ tokens from the tables (built once)
def _toks(table: N.Weighted, alt: dict | None = None) -> N.Weighted:
    out = N.Weighted()
    for (native, latin), weight in zip(table.items, table.weights, strict=True):
        out.add(N.Tok(native=native, latin=tuple(latin), alt_native=(alt or {}).get(native, ())), weight)
    return out


KHM_FAMILY = _toks(N.KHM_FAMILY, N.KHM_ALT_NATIVE)
KHM_GIVEN = {"M": _toks(N.KHM_GIVEN_M, N.KHM_ALT_NATIVE), "F": _toks(N.KHM_GIVEN_F, N.KHM_ALT_NATIVE)}
THA_COMMON = _toks(N.THA_COMMON_FAMILY)
THA_GIVEN = {"M": _toks(N.THA_GIVEN_M), "F": _toks(N.THA_GIVEN_F)}
THA_NICK = [N.Tok(native=t, latin=lat) for t, lat in N.THA_NICKNAMES]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lao_variants(base: str) -> tuple[str, ...]:
    """French-tradition Lao romanization and the spellings met beside it."""
    v1 = base.replace("ou", "u").replace("one", "on")
    v1 = v1[:-1] if v1.endswith("nh") else v1
    v2 = base.replace("v", "w").replace("V", "W").replace("X", "S").replace("x", "s").replace("Ph", "P")
    v2 = v2[:-1] + "i" if v2.endswith("y") else v2
    out = [base]
    for v in (v1, v2):
        if v not in out:
            out.append(v)
    return tuple(out)


def lao_tok(keys: tuple[str, ...]) -> N.Tok:
    native = "".join(N.LAO_M[k][0] for k in keys)
    base = _cap("".join(N.LAO_M[k][1] for k in keys).lower())
    return N.Tok(native=native, latin=lao_variants(base), thai=N.lao_to_thai(native))


def thai_compound(rng) -> N.Tok:
    count = 2 if rng.random() < 0.6 else 3
    parts = rng.sample(N.THA_MORPHEMES, count)
    native = "".join(p[0] for p in parts)
    spellings = []
    for pattern in ((0,) * count, (-1,) * count, tuple(i % 2 for i in range(count))):
        word = _cap(
            "".join(
                p[1][min(i, len(p[1]) - 1)] if i >= 0 else p[1][-1]
                for p, i in zip(parts, pattern, strict=True)
            ).lower()
        )
        if word not in spellings:
            spellings.append(word)
    return N.Tok(native=native, latin=tuple(spellings))


MMR_SYL = [(N.Tok(native=b, latin=lat, thai=th), g, w) for b, lat, th, g, w in N.MMR_SYLLABLES]


def mmr_syllable(rng, gender: str) -> N.Tok:
    weights = [w * (1.0 if g in ("U", gender) else 0.08) for _t, g, w in MMR_SYL]
    return rng.choices([t for t, _g, _w in MMR_SYL], weights=weights)[0]


def chn_family(rng) -> N.Tok:
    row = rng.choices(N.CHN_FAMILY, weights=[r[-1] for r in N.CHN_FAMILY])[0]
    simp, trad, pinyin, wade, canto, hok, _w = row
    latin = N.CHN_LU_VARIANTS if simp == "吕" else (pinyin,)
    return N.Tok(
        native=simp, latin=latin, trad=trad, systems=(("wade", wade), ("canto", canto), ("hokkien", hok))
    )


_CHN_CHAR = {row[0]: row for row in N.CHN_GIVEN_CHARS}


def chn_given(rng, gender: str) -> N.Tok:
    if rng.random() < 0.4:
        chars = rng.choice(N.CHN_COMMON_GIVEN[gender])
    else:
        pool = [r for r in N.CHN_GIVEN_CHARS if r[5] in ("U", gender)]
        chars = "".join(r[0] for r in rng.sample(pool, 1 if rng.random() < 0.3 else 2))
    rows = [_CHN_CHAR[c] for c in chars]
    pinyin = [r[2] for r in rows]
    latin = (_cap("".join(pinyin)),)
    if len(rows) == 2:
        latin += (
            " ".join(_cap(p) for p in pinyin),
            "-".join(_cap(p) for p in pinyin),
            _cap("-".join(pinyin)),
        )
    wade = _cap("-".join(r[3] for r in rows))
    canto = " ".join(_cap(r[4]) for r in rows)
    return N.Tok(
        native=chars,
        latin=latin,
        trad="".join(r[1] for r in rows),
        systems=(("wade", wade), ("canto", canto)),
    )


def idn_old_spelling(name: str) -> str:
    low = (
        name.lower()
        .replace("u", "oe")
        .replace("j", "dj")
        .replace("c", "tj")
        .replace("y", "j")
        .replace("kh", "ch")
    )
    return _cap(low)


def idn_tok(name: str) -> N.Tok:
    if name == "Muhammad":
        return N.Tok(native=None, latin=N.IDN_MUHAMMAD)
    old = idn_old_spelling(name)
    return N.Tok(native=None, latin=(name, old) if old != name else (name,))


def phl_tok(name: str) -> N.Tok:
    variants = [name]
    if name.startswith(("Dela ", "De ")):
        head, rest = name.split(" ", 1)
        variants += [
            f"{head.replace('Dela', 'De la')} {rest}",
            head + rest,
            f"{head.replace('Dela', 'De La')} {rest}",
        ]
    if "ñ" in name:
        variants.append(name.replace("ñ", "n"))
    if name.startswith("Maria "):
        variants += ["Ma. " + name[6:], "Ma " + name[6:]]
    if name.startswith("Ma. "):
        variants += ["Maria " + name[4:], "Ma " + name[4:]]
    if " " in name and not name.startswith(("Dela", "De ", "Ma")):
        variants += [name.replace(" ", ""), name.replace(" ", "-")]
    out: list[str] = []
    for v in variants:
        if v not in out:
            out.append(v)
    return N.Tok(native=None, latin=tuple(out))


# ------------------------------------------------------------------ a name as its owner has it
@dataclass
class NameSpec:
    culture: str
    family: list[N.Tok]
    given: list[N.Tok]
    middle: list[N.Tok] = field(default_factory=list)
    nickname: N.Tok | None = None
    maiden: list[N.Tok] | None = None  # a married woman's earlier family name
    prefix: N.Tok | None = None  # Karen / Shan name prefix


def sample_name(culture: str, gender: str, rng) -> NameSpec:
    if culture == "KHM":
        return NameSpec(culture, [KHM_FAMILY.pick(rng)], [KHM_GIVEN[gender].pick(rng)])
    if culture == "THA":
        family = THA_COMMON.pick(rng) if rng.random() < 0.3 else thai_compound(rng)
        return NameSpec(culture, [family], [THA_GIVEN[gender].pick(rng)], nickname=rng.choice(THA_NICK))
    if culture == "LAO":
        fam = rng.choices([k for k, _w in N.LAO_FAMILY], weights=[w for _k, w in N.LAO_FAMILY])[0]
        if rng.random() < 0.3:  # the long tail: other compounds
            pool = [
                "phom",
                "si",
                "keo",
                "kham",
                "xay",
                "in",
                "douang",
                "seng",
                "boun",
                "thong",
                "vong",
                "sou",
            ]
            fam = (
                rng.choice(pool),
                rng.choice(["ma", "sa", "tha", "ya", "na"]),
                rng.choice(["vong", "chanh", "sone", "vanh", "phanh", "my"]),
            )
        table = N.LAO_GIVEN_M if gender == "M" else N.LAO_GIVEN_F
        giv = rng.choices([k for k, _w in table], weights=[w for _k, w in table])[0]
        return NameSpec(culture, [lao_tok(fam)], [lao_tok(giv)])
    if culture == "MMR":
        count = rng.choices((1, 2, 3, 4), weights=(4, 44, 44, 8))[0]
        syl = [mmr_syllable(rng, gender) for _ in range(count)]
        if count >= 2 and rng.random() < 0.15:  # "Aye Aye", "Tun Tun Naing"
            syl[1] = syl[0]
        for i in range(1, len(syl)):  # no accidental triple repeats
            if i >= 2 and syl[i] == syl[i - 1] == syl[i - 2]:
                syl[i] = mmr_syllable(rng, gender)
        prefix = None
        roll = rng.random()
        if roll < 0.12:
            b, lat, th = N.MMR_ETHNIC["karen"][gender]
            prefix = N.Tok(native=b, latin=lat, thai=th)
        elif roll < 0.20:
            b, lat, th = N.MMR_ETHNIC["shan"][gender]
            prefix = N.Tok(native=b, latin=lat, thai=th)
        return NameSpec(culture, [], syl, prefix=prefix)
    if culture == "VNM":
        family = N.vnm_tok(N.VNM_FAMILY.pick(rng)[0])
        middle = (N.VNM_MIDDLE_M if gender == "M" else N.VNM_MIDDLE_F).pick(rng)[0]
        given = (N.VNM_GIVEN_M if gender == "M" else N.VNM_GIVEN_F).pick(rng)[0]
        return NameSpec(culture, [family], [N.vnm_tok(given)], middle=[N.vnm_tok(middle)] if middle else [])
    if culture == "CHN":
        return NameSpec(culture, [chn_family(rng)], [chn_given(rng, gender)])
    if culture == "IDN":
        if rng.random() < 0.3:
            mono = N.IDN_MONONYMS.pick(rng)[0]
            return NameSpec(culture, [], [idn_tok(mono)])
        first = (N.IDN_FIRST_M if gender == "M" else N.IDN_FIRST_F).pick(rng)[0]
        second = (N.IDN_SECOND_M if gender == "M" else N.IDN_SECOND_F).pick(rng)[0]
        given = [idn_tok(first)]
        if second in N.IDN_CLANS:
            return NameSpec(culture, [idn_tok(second)], given)
        given.append(idn_tok(second))
        if rng.random() < 0.1:
            given.insert(1, idn_tok((N.IDN_FIRST_M if gender == "M" else N.IDN_FIRST_F).pick(rng)[0]))
        return NameSpec(culture, [], given)
    if culture == "PHL":
        given = phl_tok((N.PHL_GIVEN_M if gender == "M" else N.PHL_GIVEN_F).pick(rng)[0])
        family = phl_tok(N.PHL_FAMILY.pick(rng)[0])
        middle = phl_tok(N.PHL_FAMILY.pick(rng)[0])
        nick = N.Tok(native=None, latin=(rng.choice(N.PHL_NICKNAMES[gender]),))
        return NameSpec(culture, [family], [given], middle=[middle], nickname=nick)
    raise ValueError(culture)


def gender_of_mononym(name: str) -> str | None:
    return N.IDN_MONO_GENDER.get(name)


# ------------------------------------------------------------------ people
@dataclass
class Person:
    pid: str
    index: int
    culture: str
    gender: str
    birth: dt.date
    name: NameSpec
    official: dict  # token key -> its spelling in this person's passport
    passports: list[str]
    national_id: str
    phones: list[tuple[str, str]]  # own SIMs: home first, then a destination SIM if any
    destination: str
    address: str
    hk: bool = False  # Hong Kong Chinese: Cantonese spellings, traditional characters
    family_phone: tuple[str, str] | None = None
    broker_phone: tuple[str, str] | None = None
    group: int = -1  # index of the related-people group (relatives, namesakes...): one split per group
    relation: tuple[str, int] | None = None  # (kind, index of the person it was made from)
    overlap: str = ""  # how a Burmese overlap was made (drop_first, reorder_add...)


def tok_key(tok: N.Tok) -> tuple:
    return (tok.native, tok.latin)


def choose_official(name: NameSpec, rng, hk: bool) -> dict:
    """The spelling of each name word in the person's passport: mostly the usual one."""
    official = {}
    toks = [*name.family, *name.given, *name.middle, *(name.maiden or [])]
    if name.prefix:
        toks.append(name.prefix)
    for tok in toks:
        if hk and tok.system("canto"):
            official[tok_key(tok)] = tok.system("canto")
        elif name.culture == "THA":
            official[tok_key(tok)] = rng.choice(tok.latin)  # Thais choose their own spelling
        elif tok.native == "吕":
            official[tok_key(tok)] = rng.choices(("Lyu", "Lu", "Lv"), weights=(5, 3, 2))[0]
        else:
            official[tok_key(tok)] = (
                tok.latin[0] if rng.random() < 0.8 or len(tok.latin) == 1 else rng.choice(tok.latin[1:])
            )
    return official


def random_birth(rng) -> dt.date:
    year = int(rng.triangular(1962, 2010, 1998))
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def make_address(culture: str, rng) -> str:
    settlement = rng.choice(N.SETTLEMENT[culture]).format(n=rng.randrange(1, 30))
    return f"No. {rng.randrange(1, 300)}, {settlement}, {rng.choice(N.PLACES[culture])}"


def new_person(seed: int, index: int, stream: str, culture: str | None = None) -> Person:
    rng = rng_for(seed, stream, index)
    culture = culture or rng.choices(CULTURES, weights=list(CULTURE_WEIGHTS.values()))[0]
    gender = "F" if rng.random() < 0.56 else "M"
    name = sample_name(culture, gender, rng)
    if culture == "IDN" and not name.family and len(name.given) == 1:
        gender = gender_of_mononym(name.given[0].latin[0]) or "M"
    hk = culture == "CHN" and rng.random() < 0.15
    birth = random_birth(rng)
    if culture in ("THA", "PHL") and gender == "F" and birth.year < 1998 and rng.random() < 0.4:
        married = sample_name(culture, "M", rng).family  # took her husband's family name
        name.maiden = list(name.family)
        if culture == "PHL":
            name.middle = list(name.family)
        name.family = list(married)
    docs = new_documents(culture, rng, birth, gender)
    passports = [docs["passport"]]
    if rng.random() < 0.15:  # renewed passport: a second number, both in use in records
        passports.append(new_documents(culture, rng, birth, gender)["passport"])
    destination = rng.choice(DESTINATIONS[culture])
    phones = [new_phone(culture, rng)]
    if rng.random() < 0.35:
        phones.append(new_phone(destination, rng))
    person = Person(
        pid=f"{stream[0].upper()}{index:05d}", index=index, culture=culture, gender=gender, birth=birth,
        name=name, official={}, passports=passports, national_id=docs["national"], phones=phones,
        destination=destination, address=make_address(culture, rng), hk=hk, group=index,
    )  # fmt: skip
    person.official = choose_official(name, rng, hk)
    return person


def _retoken(person: Person, name: NameSpec, rng) -> None:
    person.name = name
    person.official = choose_official(name, rng, person.hk)


def make_relative(person: Person, other: Person, kind: str, rng) -> None:
    """Turn `person` into a relative of `other`: same culture, home, household phone; family name too
    where the culture passes one on."""
    person.culture = other.culture
    person.hk = other.hk
    person.address = other.address
    person.destination = other.destination
    person.group = other.group
    if kind == "twin":
        person.birth = other.birth
    elif kind == "sibling":
        person.birth = other.birth + dt.timedelta(days=rng.choice((-1, 1)) * rng.randrange(300, 8 * 365))
    elif kind == "parent":
        person.birth = other.birth - dt.timedelta(days=rng.randrange(19 * 365, 36 * 365))
    else:  # spouse
        person.birth = other.birth + dt.timedelta(days=rng.randrange(-6 * 365, 6 * 365))
        person.gender = "F" if other.gender == "M" else "M"
    if kind != "spouse" and rng.random() < 0.5:
        person.gender = other.gender
    name = sample_name(other.culture, person.gender, rng)
    culture = other.culture
    if kind != "spouse" and culture in ("KHM", "THA", "LAO", "VNM", "CHN", "PHL"):
        name.family = list(other.name.family)  # children carry the family name
        if culture == "PHL":
            name.middle = list(other.name.middle)
    if (
        kind == "twin"
        and name.given
        and other.name.given
        and tok_key(name.given[0]) == tok_key(other.name.given[0])
    ):
        name.given = [sample_name(culture, person.gender, rng).given[0]]
    if kind == "spouse" and culture in ("THA", "PHL") and person.gender == "F":
        name.maiden = list(name.family)  # the wife takes the husband's family name
        if culture == "PHL":
            name.middle = list(name.family)
        name.family = list(other.name.family)
    if culture == "MMR" and rng.random() < 0.4 and other.name.given:  # siblings often share a syllable
        name.given[-1] = other.name.given[-1]
    if culture == "IDN" and other.name.family:
        name.family = list(other.name.family)
    _retoken(person, name, rng)
    docs = new_documents(culture, rng, person.birth, person.gender)
    person.passports = [docs["passport"]]
    person.national_id = docs["national"]
    person.phones = [new_phone(culture, rng)] + (
        [new_phone(person.destination, rng)] if rng.random() < 0.3 else []
    )


def make_namesake(person: Person, other: Person, rng) -> None:
    """A different person with the same name and birth year (another day of the year)."""
    person.culture = other.culture
    person.hk = other.hk
    person.gender = other.gender
    person.group = other.group
    name = NameSpec(other.culture, list(other.name.family), list(other.name.given), list(other.name.middle),
                    nickname=other.name.nickname if rng.random() < 0.3 else person.name.nickname, prefix=other.name.prefix)  # fmt: skip
    _retoken(person, name, rng)
    while True:
        birth = dt.date(other.birth.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        if birth != other.birth:
            break
    person.birth = birth
    docs = new_documents(person.culture, rng, person.birth, person.gender)
    person.passports = [docs["passport"]]
    person.national_id = docs["national"]
    person.phones = [new_phone(person.culture, rng)]
    person.destination = rng.choice(DESTINATIONS[person.culture])
    person.address = make_address(person.culture, rng)


def make_burmese_overlap(person: Person, other: Person, rng) -> str:
    """A different Burmese person whose name is part of, contains, or reorders the other's syllables:
    "Kyaw Soe Win" / "Soe Win", "Aye Min" / "Min Aye Ko"."""
    person.culture = "MMR"
    person.hk = False
    person.group = other.group
    syl = list(other.name.given)
    gender = other.gender if rng.random() < 0.8 else ("F" if other.gender == "M" else "M")
    person.gender = gender
    if len(syl) >= 4:
        kinds = ["drop_first", "drop_last", "swap"]
    elif len(syl) == 3:
        kinds = ["drop_first", "drop_last", "reorder_add", "add_last", "swap"]
    else:
        kinds = ["reorder_add", "add_last", "swap", "add_first"]
    kind = rng.choice(kinds)
    if kind == "drop_first":
        new = syl[1:]
    elif kind == "drop_last":
        new = syl[:-1]
    elif kind == "reorder_add":
        new = [*reversed(syl), mmr_syllable(rng, gender)]
    elif kind == "add_last":
        new = [*syl, mmr_syllable(rng, gender)]
    elif kind == "add_first":
        new = [mmr_syllable(rng, gender), *syl]
    else:
        new = list(reversed(syl))
    if [tok_key(t) for t in new] == [tok_key(t) for t in syl]:
        new = [*syl, mmr_syllable(rng, gender)]
    _retoken(person, NameSpec("MMR", [], new, prefix=other.name.prefix if rng.random() < 0.5 else None), rng)
    if rng.random() < 0.6:
        person.birth = dt.date(other.birth.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    docs = new_documents("MMR", rng, person.birth, person.gender)
    person.passports = [docs["passport"]]
    person.national_id = docs["national"]
    person.phones = [new_phone("MMR", rng)]
    person.destination = "THA"
    person.address = make_address("MMR", rng)
    return kind


def build_population(
    seed: int, count: int, stream: str = "person"
) -> tuple[list[Person], list[tuple[str, str, str]]]:
    """`count` people; about a quarter are made from an earlier one (relative, namesake, Burmese
    overlap), which gives the hard non-matches. Returns the people and the relations between them."""
    people: list[Person] = []
    relations: list[tuple[str, str, str]] = []
    burmese_multi: list[int] = []
    for i in range(count):
        person = new_person(seed, i, stream)
        rng = rng_for(seed, stream, "relation", i)
        if i >= 10:
            roll = rng.random()
            if roll < 0.13:
                other = people[rng.randrange(i)]
                kind = rng.choices(("sibling", "parent", "spouse", "twin"), weights=(45, 25, 22, 8))[0]
                make_relative(person, other, kind, rng)
                person.relation = (kind, other.index)
            elif roll < 0.19:
                other = people[rng.randrange(i)]
                make_namesake(person, other, rng)
                person.relation = ("namesake", other.index)
            elif roll < 0.23 and burmese_multi:
                other = people[rng.choice(burmese_multi)]
                kind = make_burmese_overlap(person, other, rng)
                person.relation = ("burmese_overlap", other.index)
                person.overlap = kind
        if person.relation:
            kind, j = person.relation
            relations.append((people[j].pid, person.pid, kind))
        if person.culture == "MMR" and len(person.name.given) >= 2:
            burmese_multi.append(i)
        people.append(person)
    # household phones: one per group of relatives
    household: dict[int, tuple[str, str]] = {}
    for person in people:
        if person.relation and person.relation[0] in ("sibling", "parent", "spouse", "twin"):
            root = people[person.group]
            if person.group not in household:
                household[person.group] = new_phone(
                    root.culture, rng_for(seed, stream, "household", person.group)
                )
                root.family_phone = household[person.group]
            person.family_phone = household[person.group]
    return people, relations


def assign_splits(seed: int, people: list[Person], stream: str, share: float = 0.3) -> dict[int, str]:
    """calibration or test per group of related people (so a hard pair never straddles the split)."""
    split = {}
    for person in people:
        if person.group not in split:
            split[person.group] = (
                "calibration" if rng_for(seed, stream, "split", person.group).random() < share else "test"
            )
    return split


def assign_broker_phones(
    seed: int, people: list[Person], split: dict[int, str], relations: list, stream: str
) -> None:
    """Recruiters' and brokers' numbers that unrelated victims give as their contact (one pool per split)."""
    pools: dict[str, list[tuple[str, str]]] = {}
    size = max(3, len(people) // 80)
    for name in ("calibration", "test"):
        rng = rng_for(seed, stream, "brokers", name)
        pools[name] = [new_phone(rng.choice(("THA", "KHM", "MMR")), rng) for _ in range(size)]
    holders: dict[tuple[str, str], list[str]] = {}
    for person in people:
        rng = rng_for(seed, stream, "broker", person.index)
        if rng.random() < 0.06:
            phone = rng.choice(pools[split[person.group]])
            person.broker_phone = phone
            holders.setdefault(phone, []).append(person.pid)
    for _phone, pids in holders.items():
        for a in range(len(pids)):
            for b in range(a + 1, len(pids)):
                relations.append((pids[a], pids[b], "shared_contact_phone"))
