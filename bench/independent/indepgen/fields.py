# SPDX-License-Identifier: Apache-2.0
"""Phones, identity documents, birth dates, nationality and gender values, and the ways agencies
write them. Numbering plans follow the ITU-T E.164 assignments and the national plans (mobile ranges
checked against libphonenumber's metadata when this file was written; see README.md).
"""

from __future__ import annotations

import datetime as dt

from .render import burmese_digits, digit_typo, ocr_error

# ------------------------------------------------------------------ phones
# country -> (calling code, trunk prefix or "" (China: mobiles are dialled without one),
#             [(mobile prefix of the national significant number, digits after it)], grouping of the NSN)
PHONE_PLANS = {
    "KHM": ("855", "0", [(p, 6) for p in ("11", "12", "14", "17", "61", "77", "78", "85", "89", "92", "95",
                                           "99", "10", "15", "16", "69", "70", "81", "86", "87", "93", "98")]
            + [(p, 7) for p in ("97", "88", "71", "31")], None),
    "THA": ("66", "0", [(p, 7) for p in ("61", "62", "63", "64", "65", "80", "81", "82", "83", "84", "85", "86",
                                          "87", "88", "89", "90", "91", "92", "93", "94", "95", "96", "97", "98",
                                          "99")], (2, 3, 4)),
    "LAO": ("856", "0", [(p, 7) for p in ("202", "205", "207", "209")], (2, 2, 3, 3)),
    "MMR": ("95", "0", [(p, 7) for p in ("925", "926", "940", "942", "944", "945", "969", "975", "976", "977",
                                          "978", "979", "995", "996", "997", "998")], (1, 3, 3, 3)),
    "VNM": ("84", "0", [(p, 7) for p in ("32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78",
                                          "79", "81", "82", "83", "84", "85", "86", "88", "90", "91", "93", "94",
                                          "96", "97", "98", "56", "58", "59")], (3, 3, 3)),
    "CHN": ("86", "", [(p, 8) for p in ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
                                         "150", "151", "152", "155", "156", "157", "158", "159", "180", "181",
                                         "182", "183", "185", "186", "187", "188", "189", "177", "199")],
            (3, 4, 4)),
    "IDN": ("62", "0", [(p, 8) for p in ("811", "812", "813", "821", "822", "852", "853", "814", "815", "816",
                                          "855", "856", "857", "858", "817", "818", "819", "859", "877", "878",
                                          "831", "832", "838", "895", "896", "897", "898", "899", "881", "882")],
            (3, 4, 4)),
    "PHL": ("63", "0", [(p, 7) for p in ("905", "906", "915", "916", "917", "926", "927", "935", "936", "937",
                                          "945", "975", "977", "978", "994", "995", "996", "997", "998", "918",
                                          "919", "920", "921", "928", "929", "939", "947", "948", "949", "950")],
            (3, 3, 4)),
}  # fmt: skip


def new_phone(country: str, rng) -> tuple[str, str]:
    """A mobile number: (country, national significant number)."""
    _cc, _trunk, ranges, _group = PHONE_PLANS[country]
    prefix, rest = rng.choice(ranges)
    return country, prefix + "".join(str(rng.randrange(10)) for _ in range(rest))


def _group(country: str, nsn: str) -> list[str]:
    grouping = PHONE_PLANS[country][3]
    if grouping is None:  # Cambodia: 2-3-3 for 8 digits, 2-3-4 for 9
        grouping = (2, 3, 3) if len(nsn) == 8 else (2, 3, 4)
    parts, i = [], 0
    for size in grouping:
        parts.append(nsn[i : i + size])
        i += size
    if i < len(nsn):
        parts[-1] += nsn[i:]
    return [p for p in parts if p]


PHONE_STYLES = (
    "e164",  # +85512345678
    "intl_spaced",  # +855 12 345 678
    "intl_no_plus",  # 855 12345678, 855-12-345-678
    "intl_00",  # 00855 12 345 678
    "paren_cc",  # (+95) 9612345678
    "cc_with_trunk",  # +855 (0)12 345 678
    "national",  # 012 345 678, 012-345-678, 012345678
    "national_regrouped",  # 0961 234 5678 (grouped by the writer, not the plan)
    "no_country_no_trunk",  # 12 345 678
)


def format_phone(phone: tuple[str, str], style: str, rng) -> str:
    country, nsn = phone
    cc, trunk, _ranges, _grouping = PHONE_PLANS[country]
    groups = _group(country, nsn)
    sep = rng.choice((" ", " ", "-", ".", ""))
    if style == "e164":
        return f"+{cc}{nsn}"
    if style == "intl_spaced":
        return f"+{cc} " + " ".join(groups)
    if style == "intl_no_plus":
        return f"{cc}{nsn}" if rng.random() < 0.4 else cc + "-" + "-".join(groups)
    if style == "intl_00":
        return f"00{cc} " + " ".join(groups)
    if style == "paren_cc":
        return f"(+{cc}) {nsn}" if rng.random() < 0.6 else f"({cc}) " + " ".join(groups)
    if style == "cc_with_trunk":
        return f"+{cc} ({trunk or '0'})" + " ".join(groups)
    if style == "national":
        joined = sep.join(groups)
        return (trunk + joined) if trunk else joined
    if style == "national_regrouped":
        digits = trunk + nsn
        cut = 4 if len(digits) > 9 else 3
        return digits[:cut] + " " + digits[cut : cut + 3] + " " + digits[cut + 3 :]
    if style == "no_country_no_trunk":
        return sep.join(groups)
    raise ValueError(style)


def e164(phone: tuple[str, str]) -> str:
    return "+" + PHONE_PLANS[phone[0]][0] + phone[1]


# ------------------------------------------------------------------ documents
def thai_id(rng) -> str:
    """13-digit Thai citizen id with its check digit (mod 11 on weights 13..2)."""
    digits = [rng.choice((1, 1, 1, 3, 5, 8))] + [rng.randrange(10) for _ in range(11)]
    total = sum(d * (13 - i) for i, d in enumerate(digits))
    digits.append((11 - total % 11) % 10)
    return "".join(map(str, digits))


def chinese_id(rng, birth: dt.date, gender: str) -> str:
    """18-character resident identity number: region, birth date, sequence (odd for men), ISO 7064 check."""
    region = rng.choice(("530102", "450103", "440106", "350102", "410105", "510104", "532801", "440304"))
    seq = rng.randrange(0, 99) * 10 + (
        rng.choice((1, 3, 5, 7, 9)) if gender == "M" else rng.choice((0, 2, 4, 6, 8))
    )
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


MMR_TOWNSHIPS = (("12", "MAYAKA", "မရက"), ("12", "KAMAYA", "ကမရ"), ("9", "MAHTANA", "မထန"),
                 ("10", "MALAMA", "မလမ"), ("13", "TAKANA", "တကန"), ("5", "KALANA", "ကလန"))  # fmt: skip


def _digits(rng, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def new_documents(country: str, rng, birth: dt.date, gender: str) -> dict[str, str]:
    """A passport number and a national identity number as each country issues them (formats, not real)."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if country == "KHM":
        passport, national = (
            "N" + _digits(rng, 7),
            rng.choice(("01", "02", "03", "05", "10", "15")) + _digits(rng, 7),
        )
    elif country == "THA":
        passport, national = rng.choice(("AA", "AB", "AC", "AD")) + _digits(rng, 7), thai_id(rng)
    elif country == "LAO":
        passport, national = "P" + _digits(rng, 7), _digits(rng, 10)
    elif country == "MMR":
        state, latin, _burmese = rng.choice(MMR_TOWNSHIPS)
        passport, national = (
            rng.choice(("MA", "MB", "MC", "MD")) + _digits(rng, 6),
            f"{state}/{latin}(N){_digits(rng, 6)}",
        )
    elif country == "VNM":
        passport, national = rng.choice("BCN") + _digits(rng, 7), "0" + _digits(rng, 11)
    elif country == "CHN":
        passport = (
            "E"
            + (rng.choice(letters) if rng.random() < 0.6 else "")
            + _digits(rng, 7 if rng.random() < 0.6 else 8)
        )
        passport = passport[:9]
        national = chinese_id(rng, birth, gender)
    elif country == "IDN":
        passport, national = (
            rng.choice("ABCX") + _digits(rng, 7),
            rng.choice(("32", "33", "35", "52", "53")) + _digits(rng, 14),
        )
    else:  # PHL
        passport, national = (
            "P" + _digits(rng, 7) + rng.choice(letters),
            _digits(rng, 4) + "-" + _digits(rng, 4) + "-" + _digits(rng, 4),
        )
    return {"passport": passport, "national": national}


def burmese_nrc(latin_nrc: str) -> str:
    """An NRC number as written in Burmese: ၁၂/မရက(နိုင်)၁၂၃၄၅၆."""
    state, rest = latin_nrc.split("/", 1)
    township, number = rest.split("(N)")
    burmese = {lat: bur for _s, lat, bur in MMR_TOWNSHIPS}.get(township, township)
    return f"{burmese_digits(state)}/{burmese}(နိုင်){burmese_digits(number)}"


def document_noise(number: str, rng, patterns: list[str], ocr_rate: float, typo_rate: float) -> str:
    roll = rng.random()
    if roll < ocr_rate:
        patterns.append("doc_ocr")
        return ocr_error(number, rng)
    if roll < ocr_rate + typo_rate:
        patterns.append("doc_typo")
        return digit_typo(number, rng)
    roll = rng.random()
    if roll < 0.06 and number.isdigit() and number[0] == "0":
        patterns.append("doc_leading_zero_lost")  # a spreadsheet read the number as a number
        return number.lstrip("0")
    if roll < 0.12:
        patterns.append("doc_format")
        style = rng.choice(("space", "dash", "lower"))
        if style == "lower":
            return number.lower()
        mid = len(number) // 2
        return number[:mid] + (" " if style == "space" else "-") + number[mid:]
    return number


# ------------------------------------------------------------------ dates
def _date_text(year: int, month: int | None, day: int | None, style: str) -> str:
    if month is None:
        return f"{year}"
    if day is None:
        return f"{year}-{month:02d}" if style == "iso" else f"{month:02d}/{year}"
    if style == "iso":
        return f"{year}-{month:02d}-{day:02d}"
    if style == "dmy":
        return f"{day:02d}/{month:02d}/{year}"
    if style == "dmy_dash":
        return f"{day:02d}-{month:02d}-{year}"
    if style == "dmy_dot":
        return f"{day:02d}.{month:02d}.{year}"
    raise ValueError(style)


def write_birth(
    birth: dt.date, rng, patterns: list[str], *, style: str, partial: float, off: float, swap: float,
    jan1: float, buddhist: float = 0.0, unreadable: float = 0.0
) -> str:  # fmt: skip
    """A birth date as an agency writes it, with the slips the issue lists."""
    year, month, day = birth.year, birth.month, birth.day
    if rng.random() < off:
        # ages guessed by a case worker, or documents that made a minor older
        delta = rng.choices((1, 2, 3, 4, 5, 6, 7, 8, 9, 10), weights=(40, 18, 12, 7, 6, 5, 4, 3, 3, 2))[0]
        year += delta if rng.random() < 0.6 else -delta
        patterns.append("birth_year_off")
    roll = rng.random()
    if roll < partial:
        if rng.random() < 0.75:
            patterns.append("birth_year_only")
            return str(year + (543 if rng.random() < buddhist else 0))
        patterns.append("birth_year_month")
        return _date_text(year, month, None, "iso" if style == "iso" else "dmy")
    if rng.random() < jan1:
        patterns.append("birth_jan1_default")  # day and month unknown, filled with 1 January
        month, day = 1, 1
    elif day <= 12 and day != month and rng.random() < swap:
        patterns.append("birth_day_month_swapped")
        month, day = day, month
    if rng.random() < buddhist:
        patterns.append("birth_buddhist_era")  # Thai records: year + 543
        year += 543
    if rng.random() < unreadable:
        patterns.append("birth_unreadable")
        return f"{day} {('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[month - 1]} {year % 100:02d}"
    return _date_text(year, month, day, style)


# ------------------------------------------------------------------ nationality and gender
NATIONALITY_FORMS = {
    "KHM": {"a2": "KH", "a3": "KHM", "demonym": ("Cambodian", "Khmer"), "country": ("Cambodia", "Kampuchea")},
    "THA": {"a2": "TH", "a3": "THA", "demonym": ("Thai",), "country": ("Thailand",)},
    "LAO": {"a2": "LA", "a3": "LAO", "demonym": ("Lao", "Laotian"), "country": ("Laos", "Lao PDR")},
    "MMR": {"a2": "MM", "a3": "MMR", "demonym": ("Burmese", "Myanmar"), "country": ("Myanmar", "Burma")},
    "VNM": {"a2": "VN", "a3": "VNM", "demonym": ("Vietnamese",), "country": ("Viet Nam", "Vietnam")},
    "CHN": {"a2": "CN", "a3": "CHN", "demonym": ("Chinese",), "country": ("China", "PRC")},
    "IDN": {"a2": "ID", "a3": "IDN", "demonym": ("Indonesian",), "country": ("Indonesia",)},
    "PHL": {"a2": "PH", "a3": "PHL", "demonym": ("Filipino", "Filipina"), "country": ("Philippines",)},
}


def write_nationality(country: str, form: str, rng, patterns: list[str]) -> str:
    forms = NATIONALITY_FORMS[country]
    if form == "a2":
        patterns.append("nationality_alpha2")
        return forms["a2"]
    if form == "a3":
        patterns.append("nationality_alpha3")
        return forms["a3"]
    if form == "demonym":
        patterns.append("nationality_demonym")
        return rng.choice(forms["demonym"])
    if form == "country":
        patterns.append("nationality_country_name")
        return rng.choice(forms["country"])
    if form == "old_code":
        patterns.append("nationality_old_code")
        return "BUR"  # Burma's code before 1989, still met in old files
    raise ValueError(form)


def write_gender(gender: str, rng, patterns: list[str], wrong: float, style: str) -> str:
    if rng.random() < wrong:
        gender = "M" if gender == "F" else "F"
        patterns.append("gender_wrong")
    if style == "letter":
        return gender
    if style == "word":
        return {"F": "female", "M": "male"}[gender]
    if style == "Word":
        return {"F": "Female", "M": "Male"}[gender]
    if style == "lower":
        return gender.lower()
    raise ValueError(style)


def format_nrc(nrc: str, burmese: bool) -> str:
    return burmese_nrc(nrc) if burmese else nrc
