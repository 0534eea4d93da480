"""Identifiers each agency issues: passport and national ID numbers, bank accounts, record ids, case refs.

Formats follow the real ones where they are public (Thai 13-digit ID with its check digit, Chinese
18-character resident ID with its ISO 7064 check, Vietnamese 12-digit citizen ID with province and
century-sex digits, Myanmar NRC, Indonesian NIK); numbers come from affine permutations of counters,
so they look random but never collide.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date

_LETTERS = string.ascii_uppercase


class Sequence:
    """0, 1, 2, ... mapped onto [0, space) without repeats, in an order that looks random.

    A four-round Feistel network over the smallest even power of two covering `space`, keyed by the
    seed, with cycle-walking back into range: a bijection, so issued numbers never collide, and
    consecutive numbers share no digits (an affine map would leave a visible progression).
    """

    __slots__ = ("_half", "_keys", "_mask", "_n", "space")

    def __init__(self, seed: int, key: str, space: int) -> None:
        rng = random.Random(f"{seed}:{key}")
        self.space = space
        bits = max(2, (space - 1).bit_length())
        bits += bits % 2
        self._half = bits // 2
        self._mask = (1 << self._half) - 1
        self._keys = tuple(rng.getrandbits(32) for _ in range(4))
        self._n = 0

    def _permute(self, x: int) -> int:
        half, mask = self._half, self._mask
        left, right = x >> half, x & mask
        for k in self._keys:
            f = ((right * 0x9E3779B1 + k) ^ (right >> 3)) & mask
            left, right = right, left ^ f
        return (left << half) | right

    def next(self) -> int:
        """The next number; after `space` numbers the sequence starts over (callers size spaces so
        that only serials qualified by something else, such as a birth date, ever wrap)."""
        x = self._n % self.space
        self._n += 1
        y = self._permute(x)
        while y >= self.space:  # cycle-walk back into [0, space)
            y = self._permute(y)
        return y


# Passport number layouts: (letters prefix choices, digits). Letters chosen from the high part.
PASSPORT_FORMATS: dict[str, tuple[tuple[str, ...], int]] = {
    "KHM": (("N",), 8),
    "THA": (("AA", "AB", "AC", "AD"), 7),
    "VNM": (("C", "B"), 7),
    "CHN": (("E",), 8),
    "LAO": (("P",), 7),
    "MMR": (("MA", "MB", "MC"), 6),
    "IDN": (("B", "C", "X"), 7),
    "PHL": (("P",), 7),
    "IND": (("K", "L", "M", "N", "P", "R"), 7),
    "NPL": (("PA",), 7),
    "BGD": (("A",), 8),
    "PAK": (("AB", "AC", "AD"), 7),
    "UGA": (("B",), 8),
    "KEN": (("AK",), 7),
}

# Vietnamese province codes (first three digits of the citizen ID) and Chinese region codes.
VNM_PROVINCE_CODES = ("001", "040", "042", "038", "079", "089", "044", "010")
CHN_REGION_CODES = ("530102", "450103", "350102", "510104", "410102", "430102", "440103")
IDN_REGION_CODES = ("357801", "337401", "327301", "520101", "530101", "127101")
MMR_NRC = (
    "12/KaMaYa(N)",
    "12/BaHaNa(N)",
    "9/MaHaMa(N)",
    "10/MaLaMa(N)",
    "3/BaAhNa(N)",
    "7/PaKhaNa(N)",
    "14/PaThaNa(N)",
)
_CHN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def thai_id_check(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return str((11 - total % 11) % 10)


def chinese_id_check(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _CHN_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


@dataclass
class Issuer:
    """Every number the scenario's agencies issue, from seeded sequences."""

    seed: int
    _seqs: dict[str, Sequence] = field(default_factory=dict)
    _records: dict[tuple[str, str], int] = field(default_factory=dict)

    def _seq(self, key: str, space: int) -> Sequence:
        seq = self._seqs.get(key)
        if seq is None:
            seq = self._seqs[key] = Sequence(self.seed, key, space)
        return seq

    def passport_number(self, nationality: str) -> str:
        prefixes, digits = PASSPORT_FORMATS[nationality]
        space = 10**digits
        k = self._seq(f"passport:{nationality}", space * len(prefixes)).next()
        return f"{prefixes[k // space]}{k % space:0{digits}d}"

    def emergency_document_number(self, issuing_state: str) -> str:
        """An emergency travel document (laissez-passer) issued by an embassy for repatriation."""
        return f"ETD{self._seq(f'etd:{issuing_state}', 10**6).next():06d}"

    def national_id(self, nationality: str, birth: date, sex: str, rng: random.Random) -> str:
        """The national identity number ("" where the scenario has none for the nationality)."""
        if nationality == "KHM":
            return f"{self._seq('nid:KHM', 10**9).next():09d}"
        if nationality == "THA":
            body = f"{rng.choice('1358')}{self._seq('nid:THA', 10**11).next():011d}"
            return body + thai_id_check(body)
        if nationality == "VNM":
            century_sex = (0 if birth.year < 2000 else 2) + (1 if sex == "F" else 0)
            serial = self._seq("nid:VNM", 10**6).next()
            return f"{rng.choice(VNM_PROVINCE_CODES)}{century_sex}{birth.year % 100:02d}{serial:06d}"
        if nationality == "CHN":
            serial = self._seq("nid:CHN", 500).next()
            order = serial * 2 + (0 if sex == "F" else 1)
            body = f"{rng.choice(CHN_REGION_CODES)}{birth:%Y%m%d}{order % 1000:03d}"
            return body + chinese_id_check(body)
        if nationality == "LAO":
            return f"{self._seq('nid:LAO', 10**10).next():010d}"
        if nationality == "MMR":
            return f"{rng.choice(MMR_NRC)}{self._seq('nid:MMR', 10**6).next():06d}"
        if nationality == "IDN":
            day = birth.day + (40 if sex == "F" else 0)
            serial = self._seq("nid:IDN", 10**4).next()
            return f"{rng.choice(IDN_REGION_CODES)}{day:02d}{birth:%m}{birth.year % 100:02d}{serial:04d}"
        if nationality == "PHL":
            return f"{self._seq('nid:PHL', 10**12).next():012d}"
        return ""

    def account_number(self, bank: str, digits: int) -> str:
        return f"{self._seq(f'account:{bank}', 10**digits).next():0{digits}d}"

    def wallet_address(self) -> str:
        """A TRON (TRC-20 USDT) address: 'T' and 33 base58 characters."""
        k = self._seq("wallet", 58**6).next()
        alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
        tail = []
        rng = random.Random(f"{self.seed}:wallet:{k}")
        for _ in range(27):
            tail.append(rng.choice(alphabet))
        head = []
        for _ in range(6):
            k, r = divmod(k, 58)
            head.append(alphabet[r])
        return "T" + "".join(head) + "".join(tail)

    def record_id(self, org: str, prefix: str) -> str:
        """The next record id of this organisation for this kind of record ("XR00000042")."""
        key = (org, prefix)
        n = self._records.get(key, 0) + 1
        self._records[key] = n
        return f"{prefix}{n:08d}"

    def case_ref(self, org: str, year: int) -> str:
        key = (org, f"case{year}")
        n = self._records.get(key, 0) + 1
        self._records[key] = n
        short = org.split("-", 1)[-1]
        return f"{short}/{year}/{n:04d}"

    def booking_ref(self, air: bool, rng: random.Random) -> str:
        """A PNR (six letters and digits) for a flight, a vehicle plate for a land crossing."""
        if air:
            return "".join(rng.choice(_LETTERS + "23456789") for _ in range(6))
        return f"{rng.choice(('1A', '2B', '3C', '2A', '1B'))}-{rng.randrange(1000, 9999)}"
