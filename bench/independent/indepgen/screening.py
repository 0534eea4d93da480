# SPDX-License-Identifier: Apache-2.0
"""A cross-script watchlist and a manifest of travellers, some of them listed (written differently
from the list), most not, with look-alikes of listed people among those who are not."""

from __future__ import annotations

from .fields import NATIONALITY_FORMS
from .people import (
    NATIVE_SCRIPT,
    Person,
    build_population,
    make_burmese_overlap,
    make_namesake,
    make_relative,
    new_person,
    rng_for,
)
from .records import _mrz_clean, render_name
from .render import to_zawgyi, typo_latin, typo_native

WATCHLIST_COLUMNS = (
    "id",
    "name",
    "aliases",
    "birth_date",
    "nationality",
    "gender",
    "document_number",
    "topics",
)
TRAVELLER_COLUMNS = ("id", "name", "birth_date", "nationality", "gender", "document_number")


def _latin_full(person: Person, mode: str, rng) -> str:
    patterns: list[str] = []
    fields = render_name(person, "ngo" if mode == "ear" else "police", mode, rng, patterns, full=True)
    if fields["name"]:
        return fields["name"]
    return " ".join(w for w in (fields["given_name"], fields["family_name"]) if w)


def full_name(person: Person, mode: str, rng) -> str:
    """The whole name in one script, the way a list compiler or a manifest writes it."""
    c = person.name.culture
    if mode in ("native", "trad", "thai"):
        if c == "MMR":
            syl = [(t.thai if mode == "thai" else t.native) or t.latin[0] for t in person.name.given]
            text = ("" if rng.random() < 0.6 else " ").join(syl)
            if person.name.prefix:
                text = (
                    ((person.name.prefix.thai if mode == "thai" else person.name.prefix.native) or "")
                    + " "
                    + text
                )
            return text
        fam = "".join(
            ((t.trad if mode == "trad" else None) or (t.thai if mode == "thai" else None) or t.native or "")
            for t in person.name.family
        )
        giv = " ".join(
            ((t.trad if mode == "trad" else None) or (t.thai if mode == "thai" else None) or t.native or "")
            for t in person.name.given
        )
        mid = " ".join((t.native or "") for t in person.name.middle)
        if c == "CHN":
            return fam + giv
        if c in ("KHM",):
            return f"{fam} {giv}"
        if c == "VNM":
            return " ".join(w for w in (fam, mid, giv) if w)
        return f"{giv} {fam}"
    return _latin_full(person, mode, rng)


def latin_official(person: Person, family_first: bool) -> str:
    off = person.official
    fam = " ".join(off.get((t.native, t.latin), t.latin[0]) for t in person.name.family)
    giv = " ".join(off.get((t.native, t.latin), t.latin[0]) for t in person.name.given)
    mid = " ".join(off.get((t.native, t.latin), t.latin[0]) for t in person.name.middle)
    if person.name.culture == "VNM":
        giv = " ".join(w for w in (mid, giv) if w)
    elif person.name.culture == "PHL":
        giv = " ".join(w for w in (giv, mid) if w)
    if person.name.prefix:
        giv = person.name.prefix.latin[0] + " " + giv
    if not fam:
        return giv
    return f"{fam} {giv}" if family_first else f"{giv} {fam}"


def has_native(person: Person) -> bool:
    return person.name.culture in NATIVE_SCRIPT and person.name.culture != "VNM"


def write_entry(entry_id: str, person: Person, rng, patterns: list[str]) -> dict[str, str]:
    c = person.name.culture
    natural = c in ("KHM", "VNM", "CHN")
    names: list[str] = []
    if has_native(person) and rng.random() < 0.35:
        names.append(full_name(person, "trad" if (c == "CHN" and person.hk) else "native", rng))
        patterns.append("entry_primary_native")
    else:
        primary = latin_official(person, natural)
        if c == "VNM" and rng.random() < 0.4:
            primary = full_name(person, "native", rng)
        if person.name.family and rng.random() < 0.2:  # "SOK Dara": family name in capitals
            fam = " ".join(person.official.get((t.native, t.latin), t.latin[0]) for t in person.name.family)
            primary = primary.replace(fam, fam.upper(), 1)
        names.append(primary)
        patterns.append("entry_primary_latin")
    # aliases
    if has_native(person) and rng.random() < 0.6:
        names.append(
            full_name(person, "native", rng)
            if "entry_primary_latin" in patterns
            else latin_official(person, natural)
        )
    if rng.random() < 0.4:
        names.append(full_name(person, "ear", rng))
    if rng.random() < 0.2 and person.name.family:
        names.append(latin_official(person, not natural))
    if c == "CHN" and rng.random() < 0.3:
        names.append(full_name(person, "trad", rng))
    if c in ("MMR", "LAO") and rng.random() < 0.15:
        names.append(full_name(person, "thai", rng))
    if person.name.nickname and rng.random() < 0.15:
        names.append(person.name.nickname.latin[0])
    unique: list[str] = []
    for n in names:
        if n and n not in unique:
            unique.append(n)
    row = dict.fromkeys(WATCHLIST_COLUMNS, "")
    row["id"] = entry_id
    row["name"] = unique[0]
    row["aliases"] = ";".join(unique[1:])
    roll = rng.random()
    if roll < 0.45:
        row["birth_date"] = person.birth.isoformat()
    elif roll < 0.7:
        row["birth_date"] = str(person.birth.year)
    elif roll < 0.75:
        row["birth_date"] = f"{person.birth.year}-{person.birth.month:02d}"
    if rng.random() < 0.7:
        row["nationality"] = NATIONALITY_FORMS[c]["a2" if rng.random() < 0.5 else "a3"]
    if rng.random() < 0.75:
        row["gender"] = {"F": "female", "M": "male"}[person.gender]
    if rng.random() < 0.25:
        row["document_number"] = person.passports[0]
    row["topics"] = rng.choices(
        ("crime.traffick", "crime.traffick;wanted", "wanted", "poi"), weights=(70, 15, 10, 5)
    )[0]
    return row


def write_traveller(
    traveller_id: str, person: Person, rng, patterns: list[str], entry_names: list[str]
) -> dict[str, str]:
    c = person.name.culture
    row = dict.fromkeys(TRAVELLER_COLUMNS, "")
    row["id"] = traveller_id
    natural = c in ("KHM", "VNM", "CHN")
    if has_native(person) and rng.random() < 0.15:
        name = full_name(person, "trad" if (c == "CHN" and person.hk) else "native", rng)
        if c == "MMR" and rng.random() < 0.1:
            name = to_zawgyi(name)
            patterns.append("zawgyi")
        patterns.append("traveller_native_script")
    else:
        roll = rng.random()
        if roll < 0.6:
            name = _mrz_clean(latin_official(person, True))  # manifest from the MRZ: SURNAME GIVEN
            patterns.append("traveller_mrz_order")
        elif roll < 0.85:
            name = _mrz_clean(latin_official(person, False if person.name.family else natural))
            patterns.append("traveller_given_first")
        else:
            name = full_name(person, "ear", rng)
            patterns.append("traveller_other_spelling")
        words = name.split()
        if len(words) >= 3 and len(name) > 18 and rng.random() < 0.3:
            name = " ".join(words[:2]) + " " + " ".join(w[0] for w in words[2:])
            patterns.append("truncated_given_names")
    # a listed traveller is never written exactly as the list writes them
    folded = {n.casefold() for n in entry_names}
    if entry_names and (name.casefold() in folded or rng.random() < 0.15):
        name = typo_native(name, rng) if not name.isascii() else typo_latin(name, rng)
        patterns.append("typo")
    row["name"] = name
    roll = (
        rng.random() if patterns[0] in ("listed", "not_listed") else 0.0
    )  # look-alikes carry their birth date
    birth = person.birth
    if rng.random() < 0.04:
        birth = (
            birth.replace(year=birth.year + rng.choice((-1, 1)))
            if not (birth.month == 2 and birth.day == 29)
            else birth
        )
        patterns.append("birth_year_off")
    if roll < 0.9:
        row["birth_date"] = birth.isoformat() if rng.random() < 0.7 else birth.strftime("%d/%m/%Y")
    elif roll < 0.95:
        row["birth_date"] = str(birth.year)
    else:
        patterns.append("traveller_no_birth_date")
    if rng.random() < 0.95:
        row["nationality"] = NATIONALITY_FORMS[c]["a3" if rng.random() < 0.85 else "a2"]
    if rng.random() < 0.9:
        row["gender"] = person.gender
    if rng.random() < 0.8:
        row["document_number"] = person.passports[-1]
    return row


def build_screening(seed: int, people_count: int):
    """Entries, travellers, truth and split for a set scaled on `people_count`."""
    listed_count = max(30, people_count // 2)
    listed, _relations = build_population(seed, listed_count, stream="listed")
    # entries: one per listed person, a few listed twice (two source lists merged), namesakes inside the list
    entries: list[tuple[Person, list[str]]] = []
    for person in listed:
        rng = rng_for(seed, "entry", person.index)
        entries.append((person, []))
        if rng.random() < 0.03:
            entries.append((person, ["duplicate_listing"]))
    rng = rng_for(seed, "entry-order")
    rng.shuffle(entries)
    entry_rows: list[dict[str, str]] = []
    entry_patterns: dict[str, list[str]] = {}
    entries_of: dict[int, list[str]] = {}
    for i, (person, pats) in enumerate(entries):
        eid = f"W{i + 1:05d}"
        pats = list(pats)
        if person.relation and person.relation[0] == "namesake":
            pats.append("listed_namesake")
        row = write_entry(eid, person, rng_for(seed, "entry-row", i), pats)
        entry_rows.append(row)
        entry_patterns[eid] = pats
        entries_of.setdefault(person.index, []).append(eid)
    names_of = {row["id"]: [row["name"], *[a for a in row["aliases"].split(";") if a]] for row in entry_rows}

    # travellers
    travellers: list[tuple[Person, list[str], int]] = []  # person, patterns, group (listed index or -1)
    rng = rng_for(seed, "travellers")
    listed_share = 0.2
    target_listed = int(people_count * listed_share)
    order = list(range(len(listed)))
    rng.shuffle(order)
    for k in range(target_listed):
        person = listed[order[k % len(order)]]
        travellers.append((person, ["listed"], person.group))
    others = people_count - target_listed
    for k in range(others):
        r = rng_for(seed, "traveller", k)
        person = new_person(seed, k, "traveller")
        roll = r.random()
        target = listed[r.randrange(len(listed))]
        if roll < 0.08:
            make_namesake(person, target, r)
            if r.random() < 0.5:  # another year: the classic "same common name, other birth date"
                person.birth = person.birth.replace(
                    year=person.birth.year + r.choice((-9, -5, -3, -2, 2, 4, 7)),
                    day=min(person.birth.day, 28),
                )
            travellers.append((person, ["lookalike_namesake"], target.group))
        elif roll < 0.12 and target.name.family:
            make_relative(person, target, r.choice(("sibling", "spouse", "parent")), r)
            travellers.append((person, ["lookalike_relative"], target.group))
        elif roll < 0.15:
            burmese = [p for p in listed if p.culture == "MMR" and len(p.name.given) >= 2]
            if burmese:
                target = burmese[r.randrange(len(burmese))]
                make_burmese_overlap(person, target, r)
                travellers.append((person, ["lookalike_burmese_overlap"], target.group))
            else:
                travellers.append((person, ["not_listed"], -1 - k))
        else:
            travellers.append((person, ["not_listed"], -1 - k))
    rng.shuffle(travellers)
    traveller_rows, truth, split_rows, patterns_rows = [], [], [], []
    for i, (person, pats, group) in enumerate(travellers):
        tid = f"T{i + 1:05d}"
        pats = list(pats)
        listed_entries = entries_of.get(person.index, []) if pats[0] == "listed" else []
        entry_names = [n for e in listed_entries for n in names_of[e]]
        row = write_traveller(tid, person, rng_for(seed, "traveller-row", i), pats, entry_names)
        traveller_rows.append(row)
        for eid in listed_entries:
            truth.append({"traveller_id": tid, "entry_id": eid})
        key = f"g{group}" if group >= 0 else f"t{group}"
        split = "calibration" if rng_for(seed, "screen-split", key).random() < 0.3 else "test"
        split_rows.append({"traveller_id": tid, "split": split})
        patterns_rows.append({"traveller_id": tid, "patterns": ";".join(pats)})
    entry_pattern_rows = [{"entry_id": e, "patterns": ";".join(p)} for e, p in entry_patterns.items()]
    return entry_rows, traveller_rows, truth, split_rows, patterns_rows, entry_pattern_rows
