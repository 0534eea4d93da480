"""Mobile numbers of the region, unique per person, and the ways sources write them.

Numbers follow each country's mobile numbering plan (checked against libphonenumber in the tests).
Numbers are drawn without replacement (a keyed permutation of a counter), so two people share a
number only when the scenario says so (a household phone, a recruiter's number in an advert).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tipnet.sim.identifiers import Sequence

# Country calling code, mobile prefixes (national significant number) and the subscriber digits after them.
PLANS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "KHM": (
        "855",
        (
            "12",
            "11",
            "77",
            "78",
            "89",
            "92",
            "95",
            "99",
            "17",
            "16",
            "10",
            "15",
            "69",
            "70",
            "93",
            "98",
            "61",
            "85",
            "86",
            "87",
        ),
        6,
    ),
    "THA": (
        "66",
        (
            "81",
            "82",
            "83",
            "84",
            "85",
            "86",
            "87",
            "89",
            "91",
            "92",
            "93",
            "94",
            "95",
            "96",
            "97",
            "98",
            "99",
            "61",
            "62",
            "63",
            "64",
            "65",
        ),
        7,
    ),
    "VNM": (
        "84",
        (
            "32",
            "33",
            "34",
            "35",
            "36",
            "37",
            "38",
            "39",
            "70",
            "76",
            "77",
            "78",
            "79",
            "81",
            "82",
            "83",
            "84",
            "85",
            "86",
            "88",
            "90",
            "91",
            "93",
            "94",
            "96",
            "97",
            "98",
        ),
        7,
    ),
    "CHN": (
        "86",
        (
            "130",
            "131",
            "132",
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "158",
            "159",
            "186",
            "187",
            "188",
            "189",
        ),
        8,
    ),
    "LAO": (
        "856",
        ("2022", "2023", "2055", "2056", "2077", "2078", "2095", "2096", "2097", "2098", "2099"),
        6,
    ),
    "MMR": (
        "95",
        ("975", "976", "977", "978", "979", "925", "926", "940", "942", "944", "945", "996", "997"),
        7,
    ),
    "IDN": (
        "62",
        (
            "812",
            "813",
            "821",
            "822",
            "852",
            "853",
            "811",
            "814",
            "815",
            "816",
            "855",
            "856",
            "857",
            "858",
            "817",
            "818",
            "819",
            "877",
            "878",
            "895",
            "896",
            "897",
            "898",
            "899",
        ),
        8,
    ),
    "PHL": (
        "63",
        (
            "905",
            "906",
            "915",
            "916",
            "917",
            "926",
            "927",
            "935",
            "945",
            "955",
            "956",
            "965",
            "966",
            "975",
            "977",
            "995",
            "997",
            "908",
            "909",
            "910",
            "912",
            "918",
            "919",
            "920",
            "921",
            "928",
            "929",
            "939",
            "947",
            "949",
            "998",
            "999",
        ),
        7,
    ),
    "MYS": ("60", ("12", "16", "19"), 7),
    "IND": (
        "91",
        (
            "98",
            "97",
            "96",
            "95",
            "94",
            "93",
            "90",
            "89",
            "88",
            "87",
            "86",
            "85",
            "70",
            "79",
            "81",
            "82",
            "63",
            "62",
        ),
        8,
    ),
    "NPL": ("977", ("984", "985", "986", "980", "981", "982"), 7),
    "BGD": ("880", ("17", "13", "18", "16", "19", "15"), 8),
    "PAK": (
        "92",
        ("300", "301", "302", "303", "310", "311", "312", "313", "320", "321", "333", "334", "345", "346"),
        7,
    ),
    "UGA": ("256", ("77", "78", "70", "75", "76", "74"), 7),
    "KEN": (
        "254",
        (
            "722",
            "723",
            "724",
            "725",
            "710",
            "711",
            "712",
            "713",
            "714",
            "715",
            "740",
            "741",
            "742",
            "743",
            "745",
            "746",
            "748",
            "757",
            "758",
            "759",
            "768",
            "769",
            "790",
            "791",
            "792",
            "793",
            "794",
            "795",
            "796",
            "797",
            "798",
            "799",
            "700",
            "701",
            "702",
            "703",
            "704",
            "705",
            "706",
            "707",
            "708",
            "709",
        ),
        6,
    ),
}
# Countries whose numbers are written with a trunk "0" in national format.
TRUNK_ZERO = {"KHM", "THA", "VNM", "LAO", "MMR", "IDN", "PHL", "MYS", "BGD", "PAK", "UGA", "KEN", "IND"}


@dataclass
class Phonebook:
    """Issues unique mobile numbers per country (E.164)."""

    seed: int
    _seqs: dict[str, Sequence] = field(default_factory=dict)

    def issue(self, country: str) -> str:
        cc, prefixes, digits = PLANS[country]
        space = 10**digits
        seq = self._seqs.get(country)
        if seq is None:
            seq = self._seqs[country] = Sequence(self.seed, f"phones:{country}", space * len(prefixes))
        k = seq.next()
        return f"+{cc}{prefixes[k // space]}{k % space:0{digits}d}"


def national(e164: str, country: str) -> str:
    """The number as written at home: trunk 0 and the subscriber part in groups ("012 345 678")."""
    cc = PLANS[country][0]
    nsn = e164[1 + len(cc) :]
    lead = "0" if country in TRUNK_ZERO else ""
    body = lead + nsn
    return f"{body[:3]} {body[3:6]} {body[6:]}"


def write_phone(rng: random.Random, e164: str, country: str, *, recorder_country: str) -> str:
    """The number as a source writes it: E.164, spaced international, 00-prefixed or (at home) national.

    National format is used only for a Cambodian number in a Cambodian source: ingestion reads numbers
    without a country code as Cambodian.
    """
    r = rng.random()
    cc = PLANS[country][0]
    nsn = e164[1 + len(cc) :]
    if country == recorder_country == "KHM" and r < 0.5:
        return national(e164, country)
    if r < 0.6:
        return e164
    if r < 0.85:
        return f"+{cc} {nsn[:2]} {nsn[2:5]} {nsn[5:]}"
    return f"00{cc}{nsn}"
