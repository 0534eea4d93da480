# SPDX-License-Identifier: Apache-2.0
"""How each agency writes a person down: which script, which spelling and order of the name, which
fields it keeps, and the slips on the way. Each record carries the list of patterns applied to it."""

from __future__ import annotations

import unicodedata

from . import names as N
from .fields import (
    NATIONALITY_FORMS,
    PHONE_STYLES,
    document_noise,
    format_nrc,
    format_phone,
    write_birth,
    write_gender,
    write_nationality,
)
from .people import NATIVE_SCRIPT, Person, tok_key
from .render import insert_invisible, nfd, to_fullwidth, to_zawgyi, typo_latin, typo_native

AGENCIES = ("immigration", "police", "ngo", "hotline", "bank")
AGENCY_WEIGHTS = (28, 20, 22, 15, 15)
FAMILY_FIRST = ("KHM", "VNM", "CHN")
RECORD_COLUMNS = (
    "record_id", "agency", "name", "given_name", "family_name", "birth_date", "gender", "nationality",
    "document_number", "phone", "address",
)  # fmt: skip
SHELTERS = (
    "Shelter, No. 12, Street 271, Phnom Penh", "Ban Kredtrakarn shelter, Nonthaburi", "Drop-in centre, Mae Sot, Tak",
    "Transit centre, Poipet", "Safe house, Soi 3, Chiang Rai", "Reception centre, Myawaddy",
)  # fmt: skip


# ------------------------------------------------------------------ name words
def tok_text(person: Person, tok: N.Tok, mode: str, rng, patterns: list[str]) -> str:
    official = person.official.get(tok_key(tok), tok.latin[0])
    if mode == "official":
        return official
    if mode == "ear":
        if person.hk and tok.system("canto"):
            text = tok.system("canto") if rng.random() < 0.7 else tok.latin[0]
        elif len(tok.latin) > 1 and rng.random() < 0.45:
            text = rng.choice(tok.latin)
        else:
            text = official
        if text != official:
            patterns.append("romanization_variant")
        return text
    if mode == "native":
        if tok.alt_native and rng.random() < 0.2:
            patterns.append("native_spelling_variant")
            return rng.choice(tok.alt_native)
        return tok.native or official
    if mode == "trad":
        return tok.trad or tok.native or official
    if mode == "thai":
        return tok.thai or tok.native or official
    raise ValueError(mode)


def _latin_given(person: Person, mode: str, rng, patterns: list[str]) -> list[str]:
    words = [tok_text(person, t, mode, rng, patterns) for t in person.name.given]
    return [w for w in words if w]


def _family_tokens(person: Person, rng, patterns: list[str]) -> list[N.Tok]:
    """Family name in this record: a married woman's maiden name shows up in older records."""
    if person.name.maiden and rng.random() < 0.35:
        patterns.append("maiden_name")
        return person.name.maiden
    return person.name.family


REFERENCE_YEAR = 2024  # ages (for Burmese honorifics) are counted to this year


def _honorific(person: Person, native: bool) -> str:
    age = REFERENCE_YEAR - person.birth.year
    key = (
        ("U" if age >= 35 else ("Ko" if age >= 18 else "Maung"))
        if person.gender == "M"
        else ("Daw" if age >= 35 else "Ma")
    )
    burmese, latin, _g, _adult = N.MMR_HONORIFICS[key]
    return burmese if native else latin[0]


def _mrz_clean(text: str) -> str:
    text = N.strip_diacritics(text).upper()
    for ch in "-'.,":
        text = text.replace(ch, " ")
    return " ".join(text.split())


def _truncate(given: str, family: str, rng, patterns: list[str]) -> tuple[str, str]:
    """Name fields cut by a fixed field length or the MRZ's truncation of the secondary identifier."""
    words = given.split()
    if len(words) >= 2 and rng.random() < 0.5:
        patterns.append("truncated_given_names")
        return words[0] + " " + " ".join(w[0] for w in words[1:]), family
    if len(given) > 6:
        patterns.append("truncated_field")
        return given[: rng.randrange(4, min(len(given), 10))], family
    if len(family) > 8:
        patterns.append("truncated_field")
        return given, family[: rng.randrange(5, min(len(family), 12))]
    return given, family


def render_name(
    person: Person, agency: str, mode: str, rng, patterns: list[str], full: bool = False
) -> dict[str, str]:
    """name, given_name and family_name as this agency writes them (`full`: never a nickname or a
    given name alone, as on a list or a manifest)."""
    culture = person.name.culture
    out = {"name": "", "given_name": "", "family_name": ""}
    native_like = mode in ("native", "trad", "thai")
    text_mode = "official" if mode == "mrz" else mode

    # --- the words, culture by culture
    prefix = ""
    if person.name.prefix:
        if rng.random() < 0.8:
            prefix = tok_text(person, person.name.prefix, text_mode, rng, patterns)
        else:
            patterns.append("ethnic_prefix_dropped")
    if culture == "MMR":
        syl = [tok_text(person, t, text_mode, rng, patterns) for t in person.name.given]
        if agency == "hotline" and len(syl) >= 3 and rng.random() < 0.2:
            syl = syl[-2:]
            patterns.append("partial_name")
        joiner = (
            ("" if rng.random() < 0.6 else " ")
            if mode in ("native", "thai")
            else (" " if rng.random() < 0.95 else "")
        )
        if joiner == "" and not native_like:
            patterns.append("burmese_syllables_joined")
        whole = joiner.join(syl)
        if prefix:
            whole = prefix + " " + whole
        if agency in ("police", "ngo", "hotline") and rng.random() < 0.25 and mode != "thai":
            whole = _honorific(person, native_like) + " " + whole
            patterns.append("burmese_honorific")
        if mode == "mrz":
            whole = _mrz_clean(whole)
            roll = rng.random()
            if roll < 0.4:
                out["given_name"] = whole
            elif roll < 0.7:
                out["family_name"] = whole
            else:
                parts = whole.split()
                if len(parts) >= 2:
                    out["given_name"], out["family_name"] = " ".join(parts[:-1]), parts[-1]
                    patterns.append("burmese_forced_split")
                else:
                    out["family_name"] = whole
            out["name"] = whole if rng.random() < 0.3 else ""
            return out
        if agency in ("bank",) and not native_like and rng.random() < 0.3 and " " in whole:
            parts = whole.split()
            out["given_name"], out["family_name"] = " ".join(parts[:-1]), parts[-1]
            patterns.append("burmese_forced_split")
            return out
        out["name"] = whole
        return out

    family_toks = _family_tokens(person, rng, patterns)
    family = " ".join(tok_text(person, t, text_mode, rng, patterns) for t in family_toks)
    given_words = _latin_given(person, text_mode, rng, patterns)
    middle = " ".join(tok_text(person, t, text_mode, rng, patterns) for t in person.name.middle)

    # nicknames and given-name-only records (hotline, NGO)
    if agency in ("hotline", "ngo") and not full:
        roll = rng.random()
        nick_rate = 0.45 if agency == "hotline" else 0.15
        if person.name.nickname and roll < nick_rate:
            patterns.append("nickname")
            nick = tok_text(
                person, person.name.nickname, "native" if mode == "native" else "ear", rng, patterns
            )
            out["name"] = nick if rng.random() < 0.7 else f"{nick} {family}"
            return out
        if roll < (0.5 if agency == "hotline" else 0.2):
            patterns.append("given_name_only")
            out["name"] = " ".join(given_words)
            return out

    if culture == "VNM" and middle and rng.random() < (0.05 if native_like else 0.15):
        patterns.append("middle_name_dropped")
        middle = ""
    if culture == "IDN" and not family and rng.random() < 0.04:
        patterns.append("patronymic_added")
        father = (N.IDN_FIRST_M.pick(rng)[0]) if rng.random() < 0.5 else N.IDN_MONONYMS.pick(rng)[0]
        given_words = [*given_words, "binti" if person.gender == "F" else "bin", father]
    if culture == "PHL" and middle:
        roll = rng.random()
        if roll < 0.35:
            middle = middle[0] + "."
            patterns.append("middle_initial")
        elif roll < 0.6:
            middle = ""
            patterns.append("middle_name_dropped")

    # --- native scripts
    if native_like:
        title = ""
        if agency in ("police", "bank") and culture in ("THA", "KHM", "LAO") and rng.random() < 0.25:
            titles = {"THA": N.THA_TITLES, "KHM": N.KHM_TITLES, "LAO": N.LAO_TITLES}[culture][person.gender]
            title = rng.choice(titles)
            patterns.append("title")
        given = " ".join(given_words)
        if culture == "KHM":
            sep = rng.choices((" ", "", "\u200b"), weights=(70, 15, 15))[0]
            if sep == "\u200b":
                patterns.append("zero_width_space")
            full = family + sep + given
            full = (title + " " + full) if title else full
        elif culture in ("THA", "LAO"):
            full = (
                (title + given if culture == "THA" else (title + " " + given if title else given))
                + " "
                + family
            )
        elif culture == "VNM":
            full = " ".join(w for w in (family, middle, given) if w)
        elif culture == "CHN":
            full = family + (" " if rng.random() < 0.1 else "") + given
        else:
            full = family + " " + given
        if culture == "CHN" and mode == "trad":
            patterns.append("traditional_chinese")
        if mode == "thai":
            patterns.append("thai_transcription")
        if agency == "police" and culture in ("KHM", "THA", "LAO", "CHN", "VNM") and rng.random() < 0.3:
            out["family_name"] = family
            out["given_name"] = " ".join(w for w in (middle, given) if w) if culture == "VNM" else given
            if rng.random() < 0.5:
                out["name"] = full
        else:
            out["name"] = full
        return out

    # --- Latin
    given = " ".join(given_words)
    natural_family_first = culture in FAMILY_FIRST
    if culture == "VNM":
        given_part = " ".join(w for w in (middle, given) if w)
    elif culture == "PHL":
        given_part = " ".join(w for w in (given, middle) if w)
    else:
        given_part = given
    if culture == "IDN" and not family:
        words = given_part.split()
        if len(words) == 1:
            return _mononym(out, words[0], agency, mode, rng, patterns)
        if mode == "mrz" or agency == "bank":
            family, given_part = words[-1], " ".join(words[:-1])  # a foreign form wants a surname
        else:
            out["name"] = given_part
            return out

    reverse_rate = {"immigration": 0.0, "bank": 0.25, "police": 0.12, "ngo": 0.12, "hotline": 0.05}[agency]
    family_first = natural_family_first
    if rng.random() < reverse_rate:
        family_first = not family_first
    if mode == "mrz":
        family_first = True  # printed as SURNAME GIVEN NAMES
        given_part, family = _mrz_clean(given_part), _mrz_clean(family)
        if rng.random() < 0.1:
            given_part, family = _truncate(given_part, family, rng, patterns)
        out["given_name"], out["family_name"] = given_part, family
        if rng.random() < 0.35:
            out["name"] = f"{family} {given_part}".strip()
        if rng.random() < 0.02:
            out["given_name"], out["family_name"] = out["family_name"], out["given_name"]
            patterns.append("fields_swapped")
        return out
    if family_first != natural_family_first:
        patterns.append("name_order_reversed")
    if culture == "PHL" and agency in ("police", "bank") and rng.random() < 0.3:
        out["name"] = f"{family}, {given_part}"
        patterns.append("comma_order")
    else:
        out["name"] = f"{family} {given_part}" if family_first else f"{given_part} {family}"
    if agency in ("bank", "police") and rng.random() < 0.4:
        out["given_name"], out["family_name"] = given_part, family
        if rng.random() < 0.5:
            out["name"] = ""
        if rng.random() < 0.05:
            out["given_name"], out["family_name"] = out["family_name"], out["given_name"]
            patterns.append("fields_swapped")
    return out


def _mononym(out: dict, word: str, agency: str, mode: str, rng, patterns: list[str]) -> dict:
    """An Indonesian with one name, in forms that want two."""
    if mode == "mrz" or agency == "bank":
        word = _mrz_clean(word) if mode == "mrz" else word
        roll = rng.random()
        if roll < 0.4:
            out["family_name"] = word
            patterns.append("mononym_as_family_name")
        elif roll < 0.6:
            out["given_name"] = word
            patterns.append("mononym_as_given_name")
        elif roll < 0.8:
            out["given_name"] = out["family_name"] = word
            patterns.append("mononym_repeated")
        else:
            out["given_name"], out["family_name"] = "FNU", word
            patterns.append("mononym_fnu")
        if rng.random() < 0.3:
            out["name"] = word
        return out
    out["name"] = word
    return out


# ------------------------------------------------------------------ string slips on the name fields
def damage_name_fields(
    fields: dict[str, str], person: Person, agency: str, mode: str, rng, patterns: list[str]
) -> None:
    culture = person.name.culture
    native_like = mode in ("native", "trad", "thai")
    keys = [k for k in ("name", "given_name", "family_name") if fields[k]]
    if not keys:
        return
    typo_rate = {"immigration": 0.02, "bank": 0.03, "police": 0.07, "ngo": 0.08, "hotline": 0.1}[agency]
    if rng.random() < typo_rate:
        key = rng.choice(keys)
        if native_like and culture != "VNM":
            if culture != "CHN":
                fields[key] = typo_native(fields[key], rng)
                patterns.append("typo_native")
        else:
            fields[key] = typo_latin(fields[key], rng)
            patterns.append("typo_latin")
    if native_like and culture in ("KHM", "THA", "MMR") and rng.random() < 0.14:
        kind = rng.choices(("zwsp", "zwnj", "zwj"), weights=(6, 2, 2))[0]
        key = rng.choice(keys)
        fields[key] = insert_invisible(fields[key], rng, kind)
        patterns.append("zero_width_space" if kind == "zwsp" else "zero_width_joiner")
    if mode == "native" and culture == "MMR":
        rate = {"police": 0.3, "ngo": 0.35, "hotline": 0.35, "bank": 0.1, "immigration": 0.05}[agency]
        if rng.random() < rate:
            for key in keys:
                fields[key] = to_zawgyi(fields[key])
            patterns.append("zawgyi")
    if mode == "native" and culture == "VNM":
        if rng.random() < 0.5:
            for key in keys:
                swapped = fields[key]
                for new, old in N.VNM_TONE_SWAP.items():
                    swapped = swapped.replace(new, old)
                if swapped != fields[key]:
                    fields[key] = swapped
                    patterns.append("vietnamese_tone_placement")
        if rng.random() < 0.15:
            for key in keys:
                fields[key] = nfd(fields[key])
            patterns.append("nfd")
    if (
        not native_like
        and any(unicodedata.normalize("NFD", fields[k]) != fields[k] for k in keys)
        and rng.random() < 0.3
    ):
        for key in keys:
            fields[key] = nfd(fields[key])
        patterns.append("nfd")
    if not native_like and mode != "mrz":
        if agency == "bank" and rng.random() < 0.6:
            for key in keys:
                fields[key] = fields[key].upper()
            patterns.append("uppercase")
        if rng.random() < (0.06 if culture == "CHN" else 0.012):
            key = rng.choice(keys)
            fields[key] = to_fullwidth(fields[key])
            patterns.append("fullwidth_latin")
        if rng.random() < 0.03:
            key = rng.choice(keys)
            fields[key] = "  " + fields[key].replace(" ", "  ", 1) + " "
            patterns.append("extra_spaces")
    if mode == "mrz":
        patterns.append("uppercase_no_diacritics")


# ------------------------------------------------------------------ one record
def choose_mode(person: Person, agency: str, locale: str, rng) -> str:
    culture = person.name.culture
    native = culture in NATIVE_SCRIPT
    home = locale == culture
    if agency == "immigration":
        return "mrz"
    if culture == "CHN" and native:
        trad = person.hk or rng.random() < 0.15
        if (home and rng.random() < 0.6) or (not home and rng.random() < 0.3):
            return "trad" if trad else "native"
        return "official" if rng.random() < 0.5 else "ear"
    if agency == "bank":
        if native and home and rng.random() < 0.45:
            return "native"
        return "official" if rng.random() < 0.7 else "ear"
    if native and home:
        if rng.random() < {"police": 0.75, "ngo": 0.6, "hotline": 0.55}[agency]:
            return "native"
        return "ear"
    if locale == "THA" and culture in ("MMR", "LAO"):
        roll = rng.random()
        if roll < {"police": 0.35, "ngo": 0.2, "hotline": 0.25}[agency]:
            return "thai"
        if roll < 0.5:
            return "native"  # an interpreter or the person wrote it
    if culture == "VNM" and rng.random() < 0.25:
        return "native"
    return "ear" if rng.random() < 0.7 else "official"


def choose_phone(person: Person, agency: str, locale: str, rng, patterns: list[str]) -> tuple[str, str]:
    if agency in ("ngo", "hotline", "police"):
        if person.broker_phone and rng.random() < 0.5:
            patterns.append("broker_phone")
            return person.broker_phone
        if person.family_phone and rng.random() < 0.35:
            patterns.append("family_phone")
            return person.family_phone
    if len(person.phones) > 1 and (locale == person.phones[1][0]) and rng.random() < 0.75:
        return person.phones[1]
    if len(person.phones) > 1 and rng.random() < 0.2:
        return person.phones[1]
    return person.phones[0]


def write_phone(phone: tuple[str, str], locale: str, agency: str, rng, patterns: list[str]) -> str:
    local = phone[0] == locale
    if agency == "bank":
        style = (
            rng.choice(("e164", "e164", "intl_no_plus", "national"))
            if not local
            else rng.choice(("e164", "national", "national"))
        )
    elif local:
        style = rng.choices(PHONE_STYLES, weights=(6, 8, 4, 1, 2, 2, 50, 12, 15))[0]
    else:
        style = rng.choices(PHONE_STYLES, weights=(15, 25, 18, 6, 10, 8, 10, 3, 5))[0]
    patterns.append("phone_" + style)
    if not local and style in ("national", "national_regrouped", "no_country_no_trunk"):
        patterns.append("phone_foreign_without_country")
    return format_phone(phone, style, rng)


def write_address(person: Person, agency: str, rng, patterns: list[str]) -> str:
    if agency == "ngo" and rng.random() < 0.35:
        patterns.append("shelter_address")
        return rng.choice(SHELTERS)
    address = person.address
    roll = rng.random()
    if roll < 0.15:
        address = address.upper()
    elif roll < 0.3:
        address = address.split(", ", 1)[1]  # without the house number
    elif roll < 0.38:
        address = address.replace("No. ", "#").replace("Phum ", "Ph. ").replace("Ban ", "B. ")
    if person.family_phone:
        patterns.append("household_address")
    return address


def make_record(person: Person, agency: str, locale: str, rng) -> tuple[dict[str, str], list[str]]:
    patterns: list[str] = []
    culture = person.culture
    row = dict.fromkeys(RECORD_COLUMNS, "")
    row["agency"] = agency
    mode = choose_mode(person, agency, locale, rng)
    drop_name = {"immigration": 0.0, "bank": 0.02, "police": 0.03, "ngo": 0.03, "hotline": 0.1}[agency]
    if rng.random() < drop_name:
        patterns.append("no_name")
    else:
        fields = render_name(person, agency, mode, rng, patterns)
        damage_name_fields(fields, person, agency, mode, rng, patterns)
        row.update(fields)
        if mode in ("native", "trad", "thai"):
            patterns.append("script_" + ("thai" if mode == "thai" else NATIVE_SCRIPT[culture]))
        else:
            patterns.append("script_latin")

    # presence of the other fields, by agency
    p = {
        "immigration": dict(birth=0.98, gender=0.98, nat=0.97, doc=0.97, phone=0.08, addr=0.0),
        "police": dict(birth=0.85, gender=0.9, nat=0.75, doc=0.45, phone=0.5, addr=0.5),
        "ngo": dict(birth=0.55, gender=0.85, nat=0.5, doc=0.15, phone=0.65, addr=0.3),
        "hotline": dict(birth=0.1, gender=0.5, nat=0.15, doc=0.0, phone=0.97, addr=0.05),
        "bank": dict(birth=0.95, gender=0.6, nat=0.7, doc=0.95, phone=0.9, addr=0.85),
    }[agency]
    if rng.random() < p["birth"]:
        thai_locale = locale == "THA" and agency in ("police", "ngo", "bank")
        kw = {
            "immigration": dict(style="iso", partial=0.01, off=0.02, swap=0.01, jan1=0.01),
            "police": dict(
                style=rng.choice(("dmy", "dmy", "iso", "dmy_dash")),
                partial=0.2,
                off=0.08,
                swap=0.06,
                jan1=0.05,
                unreadable=0.02,
            ),
            "ngo": dict(
                style=rng.choice(("dmy", "iso", "dmy_dot")), partial=0.45, off=0.2, swap=0.06, jan1=0.1
            ),
            "hotline": dict(style="dmy", partial=0.85, off=0.3, swap=0.0, jan1=0.0),
            "bank": dict(style=rng.choice(("iso", "dmy")), partial=0.02, off=0.01, swap=0.04, jan1=0.01),
        }[agency]
        row["birth_date"] = write_birth(
            person.birth, rng, patterns, buddhist=0.3 if thai_locale else 0.0, **kw
        )
    if rng.random() < p["gender"]:
        style = {"immigration": "letter", "bank": "letter"}.get(agency) or rng.choice(
            ("letter", "word", "Word", "lower")
        )
        row["gender"] = write_gender(
            person.gender, rng, patterns, wrong=0.005 if agency == "immigration" else 0.03, style=style
        )
    if rng.random() < p["nat"]:
        country = culture
        if agency != "immigration" and rng.random() < 0.03:
            country = rng.choice([c for c in NATIONALITY_FORMS if c != culture])
            patterns.append("nationality_wrong")
        if agency == "immigration":
            form = (
                "old_code"
                if country == "MMR" and rng.random() < 0.03
                else ("a3" if rng.random() < 0.88 else "a2")
            )
        elif agency == "bank":
            form = rng.choice(("a2", "a2", "a3"))
        else:
            form = rng.choices(("demonym", "country", "a3", "a2"), weights=(40, 20, 20, 20))[0]
        row["nationality"] = write_nationality(country, form, rng, patterns)
    if rng.random() < p["doc"]:
        if agency == "immigration" or (agency != "bank" and locale != culture) or rng.random() < 0.4:
            number = rng.choice(person.passports)
            if len(person.passports) > 1:
                patterns.append("passport_renewed")
        else:
            number = person.national_id
            if culture == "MMR":
                number = format_nrc(number, burmese=mode == "native" and rng.random() < 0.6)
                if not number.isascii():
                    patterns.append("doc_burmese_digits")
        ocr = 0.04 if agency == "immigration" else 0.01
        row["document_number"] = document_noise(
            number, rng, patterns, ocr, 0.01 if agency == "immigration" else 0.04
        )
    if rng.random() < p["phone"]:
        phone = choose_phone(person, agency, locale, rng, patterns)
        row["phone"] = write_phone(phone, locale, agency, rng, patterns)
    if rng.random() < p["addr"]:
        row["address"] = write_address(person, agency, rng, patterns)
    named = any(row[k] for k in ("name", "given_name", "family_name"))
    if not named and not (row["phone"] or row["document_number"]):  # a record says something about someone
        phone = choose_phone(person, agency, locale, rng, patterns)
        row["phone"] = write_phone(phone, locale, agency, rng, patterns)
    if named and row["phone"] and not (row["birth_date"] or row["document_number"] or row["nationality"]):
        patterns.append("sparse_name_and_phone")
    if not named and (row["phone"] or row["document_number"]):
        patterns.append("no_name_other_evidence")
    return row, patterns
