"""Second independent evaluation set for linkage and screening (issue 13).

Written without reading tipnet's simulator, matcher or the first independent generator: a
multi-agency file of South-East Asian people as agencies really record them, a watchlist with its
travellers, and the truth kept apart.

    python bench/independent2/generate.py --people 8000 --seed 2613 --out /tmp/ind2

Pure Python + numpy; no tipnet import. See README.md beside this file for the choices and sources.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import names as N

ZWSP, ZWNJ, ZWJ = "\u200b", "\u200c", "\u200d"
NATIVE_SCRIPT = {"KH": "Khmer", "TH": "Thai", "LA": "Lao", "MM": "Burmese", "CN": "Han", "VN": "Viet"}
NATIONALITY_MIX = {
    "KH": 0.25,
    "MM": 0.19,
    "VN": 0.16,
    "TH": 0.12,
    "LA": 0.09,
    "CN": 0.09,
    "ID": 0.04,
    "PH": 0.03,
    "MY": 0.03,
}
# Mobile numbering plans: country code, trunk prefix, [(leading digits of the NSN, NSN length)]
PHONE_PLAN: dict[str, tuple[str, str, list[tuple[str, int]]]] = {
    "KH": (
        "855",
        "0",
        [
            ("12", 8),
            ("11", 8),
            ("17", 8),
            ("92", 8),
            ("77", 8),
            ("15", 8),
            ("16", 8),
            ("10", 8),
            ("69", 8),
            ("70", 8),
            ("96", 9),
            ("97", 9),
            ("88", 9),
            ("71", 9),
            ("31", 9),
            ("60", 8),
            ("66", 8),
            ("67", 8),
            ("68", 8),
        ],
    ),
    "TH": ("66", "0", [("8", 9), ("9", 9), ("6", 9)]),
    "VN": ("84", "0", [("9", 9), ("3", 9), ("8", 9), ("7", 9), ("5", 9)]),
    "LA": ("856", "0", [("205", 10), ("202", 10), ("207", 10), ("209", 10), ("309", 9)]),
    "MM": ("95", "0", [("97", 10), ("99", 10), ("94", 10), ("96", 10), ("92", 9), ("95", 8)]),
    "CN": ("86", "", [("13", 11), ("15", 11), ("18", 11), ("17", 11), ("19", 11)]),
    "ID": ("62", "0", [("81", 11), ("85", 11), ("87", 10), ("89", 11)]),
    "PH": ("63", "0", [("91", 10), ("92", 10), ("93", 10), ("99", 10)]),
    "MY": ("60", "0", [("12", 9), ("13", 9), ("16", 9), ("11", 10), ("19", 9)]),
}
# Where migrants of each nationality most often carry a second, foreign SIM.
FOREIGN_SIM = {
    "KH": "TH",
    "MM": "TH",
    "LA": "TH",
    "VN": "KH",
    "CN": "KH",
    "ID": "MY",
    "PH": "MY",
    "TH": "MY",
    "MY": "TH",
}
AGENCIES = ("immigration", "police", "ngo", "hotline", "bank", "shelter")
AGENCY_WEIGHTS = (0.20, 0.19, 0.20, 0.17, 0.10, 0.14)


def zipf(n: int, s: float = 0.9) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


@dataclass
class Part:
    role: str  # family, given, middle, syll, particle
    native: str | None  # native spelling (None for Latin-only cultures)
    roms: tuple[str, ...]  # romanizations, first the passport's
    trad: str | None = None  # traditional Chinese


@dataclass
class Person:
    pid: str
    nat: str
    sex: str
    dob: date
    parts: list[Part]
    nick: tuple[str | None, tuple[str, ...]] | None
    phones: list[tuple[str, str]] = field(default_factory=list)  # (country, NSN)
    passport: str = ""
    natid: str = ""
    home: tuple[str, ...] = ()
    split: str = "test"
    cn_system: int = 0  # index of the romanization system a Chinese person's passport uses


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.seed = seed

    # -- random helpers ----------------------------------------------------------------------
    def p(self, x: float) -> bool:
        return bool(self.rng.random() < x)

    def pick(self, seq, weights=None):  # type: ignore[no-untyped-def]
        i = int(self.rng.choice(len(seq), p=weights))
        return seq[i]

    def zpick(self, seq, s: float = 0.9):  # type: ignore[no-untyped-def]
        return seq[int(self.rng.choice(len(seq), p=zipf(len(seq), s)))]

    def digits(self, n: int) -> str:
        return "".join(str(int(d)) for d in self.rng.integers(0, 10, n))

    # -- people --------------------------------------------------------------------------------
    def name_parts(self, nat: str, sex: str) -> tuple[list[Part], tuple[str | None, tuple[str, ...]] | None]:
        f = sex == "F"
        if nat == "KH":
            fam = self.zpick(N.KH_FAMILY, 1.0)
            giv = self.zpick(N.KH_GIVEN_F if f else N.KH_GIVEN_M, 0.8)
            parts = [Part("family", fam[0], fam[1:]), Part("given", giv[0], giv[1:])]
            nk = self.pick(N.KH_NICK) if self.p(0.3) else None
            return parts, ((nk[0], nk[1:]) if nk else None)
        if nat == "TH":
            giv = self.zpick(N.TH_GIVEN_F if f else N.TH_GIVEN_M, 0.7)
            sur = self.zpick(N.TH_SURNAME, 0.4)
            nk = self.pick(N.TH_NICK)
            return [Part("given", giv[0], giv[1:]), Part("family", sur[0], sur[1:])], (nk[0], nk[1:])
        if nat == "LA":
            giv = self.zpick(N.LA_GIVEN_F if f else N.LA_GIVEN_M, 0.7)
            fam = self.zpick(N.LA_FAMILY, 0.6)
            return [Part("given", giv[0], giv[1:]), Part("family", fam[0], fam[1:])], None
        if nat == "MM":
            pool = [e for e in N.MM_SYLL if e[1] in (N.MM_F_SYLL if f else N.MM_M_SYLL)]
            n = int(self.rng.choice([1, 2, 3, 4], p=[0.04, 0.36, 0.52, 0.08]))
            parts = []
            if n == 1 or (f and self.p(0.12)):
                w = self.pick(N.MM_WORD)
                parts.append(Part("syll", w[0], w[1:]))
                n -= 1
            for _ in range(max(n, 0)):
                e = self.zpick(pool, 1.1)
                while sum(p.native == e[0] for p in parts) >= (1 if self.p(0.7) else 2):
                    e = self.zpick(pool, 1.1)  # "Khin Khin" happens; "Khin Khin Khin" hardly
                parts.append(Part("syll", e[0], e[1:]))
            if len(parts) > 1:
                self.rng.shuffle(parts)  # type: ignore[arg-type]
                # "Oo" ends a name ("Ye Lin Oo"); at the start it reads as the honorific U
                parts.sort(key=lambda p: p.roms[0] == "Oo")
            return parts, None
        if nat == "VN":
            fam = self.zpick(N.VN_FAMILY, 1.3)
            mid = self.pick(N.VN_MIDDLE_F if f else N.VN_MIDDLE_M)
            giv = self.zpick(N.VN_GIVEN_F if f else N.VN_GIVEN_M, 0.8)
            parts = [
                Part("family", fam, (strip_marks(fam),)),
                Part("middle", mid, (strip_marks(mid),)),
                Part("given", giv, (strip_marks(giv),)),
            ]
            nk = self.pick(N.VN_NICK) if self.p(0.2) else None
            return parts, ((nk, (strip_marks(nk),)) if nk else None)
        if nat == "CN":
            fam = self.zpick(N.CN_FAMILY, 0.9)
            k = 1 if self.p(0.35) else 2
            chars = [self.zpick(N.CN_GIVEN_CHAR, 0.6) for _ in range(k)]
            n_sys = min(len(fam) - 2, *(len(c) - 2 for c in chars))
            roms = []
            for s in range(n_sys):
                syl = [c[2 + s] for c in chars]
                roms.append("".join(syl).capitalize() if len(syl) == 1 else syl[0] + syl[1].lower())
            giv = Part("given", "".join(c[0] for c in chars), tuple(roms), "".join(c[1] for c in chars))
            giv_sep = tuple(" ".join(c[2 + s] for c in chars) for s in range(n_sys))
            giv.roms = giv.roms + giv_sep  # joined forms first, then spaced forms
            return [Part("family", fam[0], fam[2:], fam[1]), giv], None
        if nat == "ID":
            nm = self.zpick(N.ID_NAMES_F if f else N.ID_NAMES_M, 0.6)
            return [Part("given", None, (w, old_spelling(w))) for w in nm.split()], None
        if nat == "PH":
            giv = self.zpick(N.PH_GIVEN_F if f else N.PH_GIVEN_M, 0.7)
            mid = self.zpick(N.PH_FAMILY, 0.8)
            fam = self.zpick(N.PH_FAMILY, 0.8)
            return [
                Part("given", None, (giv,)),
                Part("middle", None, (mid,)),
                Part("family", None, (fam,)),
            ], None
        # MY
        giv = self.zpick(N.MY_GIVEN_F if f else N.MY_GIVEN_M, 0.7)
        father = self.zpick(N.MY_FATHER, 0.7)
        return [
            Part("given", None, (giv,)),
            Part("particle", None, ("binti" if f else "bin",)),
            Part("family", None, (father,)),
        ], None

    def phone(self, country: str) -> tuple[str, str]:
        _cc, _trunk, ranges = PHONE_PLAN[country]
        lead, ln = self.pick(ranges)
        return country, lead + self.digits(ln - len(lead))

    def passport(self, nat: str) -> str:
        fmt = {
            "KH": "N" + self.digits(7),
            "TH": "A" + self.pick("ABCD") + self.digits(7),
            "VN": self.pick("BC") + self.digits(7),
            "LA": "P" + self.digits(7),
            "MM": "M" + self.pick("ABCDE") + self.digits(6),
            "CN": "E" + self.digits(8),
            "ID": self.pick("ABC") + self.digits(7),
            "PH": "P" + self.digits(7) + self.pick("ABC"),
            "MY": "A" + self.digits(8),
        }
        return fmt[nat]

    def natid(self, nat: str) -> str:
        if nat == "TH":
            return self.digits(13)
        if nat == "VN":
            return "0" + self.digits(11)
        if nat == "MM":
            return f"{int(self.rng.integers(1, 15))}/{self.pick(['OUKAMA', 'MAYANA', 'LAMANA', 'KAMAYA', 'THAKATA'])}(N){self.digits(6)}"
        if nat == "CN":
            return "53" + self.digits(16)
        return self.digits(9)

    def person(self, pid: str, nat: str | None = None) -> Person:
        nats = list(NATIONALITY_MIX)
        nat = nat or self.pick(nats, list(NATIONALITY_MIX.values()))
        sex = "F" if self.p(0.62) else "M"
        age = int(np.clip(self.rng.gamma(6.0, 4.2), 13, 70))
        year = 2026 - age
        d = date(year, int(self.rng.integers(1, 13)), int(self.rng.integers(1, 29)))
        parts, nick = self.name_parts(nat, sex)
        per = Person(pid, nat, sex, d, parts, nick)
        per.phones = [self.phone(nat)]
        if self.p(0.35):
            per.phones.append(self.phone(FOREIGN_SIM[nat]))
        per.passport = self.passport(nat) if self.p(0.55) else ""
        per.natid = self.natid(nat) if self.p(0.6) else ""
        per.home = self.pick(N.PLACES[nat])
        if nat == "CN":
            per.cn_system = 0 if self.p(0.85) else int(self.rng.integers(1, 3))
        return per


# ---- text helpers ---------------------------------------------------------------------------------
def strip_marks(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def old_spelling(w: str) -> str:
    out = w
    for new, old in N.ID_OLD:
        if new in out.lower():
            out = out.replace(new, old).replace(new.upper(), old.capitalize())
            break
    return out


ZAWGYI_MEDIAL = {
    "\u103b": "\u103a",
    "\u103c": "\u103b",
    "\u103d": "\u103c",
    "\u103e": "\u103d",
    "\u103a": "\u1039",
}


def to_zawgyi(s: str) -> str:
    """Rough Unicode -> Zawgyi: the e-vowel and ya-yit typed before their consonant, medials and
    asat on Zawgyi's code points (enough for the syllables of names.MM_SYLL)."""
    out: list[str] = []
    i = 0
    chars = list(s)
    while i < len(chars):
        c = chars[i]
        if "\u1000" <= c <= "\u1021":
            j = i + 1
            medials = []
            while j < len(chars) and chars[j] in "\u103b\u103c\u103d\u103e":
                medials.append(chars[j])
                j += 1
            pre = []
            if j < len(chars) and chars[j] == "\u1031":
                pre.append("\u1031")
                j += 1
            if "\u103c" in medials:
                pre.append("\u103b")
                medials.remove("\u103c")
            out.extend(pre)
            out.append(c)
            out.extend(ZAWGYI_MEDIAL.get(m, m) for m in medials)
            i = j
            continue
        out.append(ZAWGYI_MEDIAL.get(c, c) if c == "\u103a" else c)
        i += 1
    return "".join(out)


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


def script_of(name: str) -> str:
    if not name.strip():
        return "none"
    for c in name:
        o = ord(c)
        if 0x1780 <= o <= 0x17FF:
            return "Khmer"
        if 0x0E00 <= o <= 0x0E7F:
            return "Thai"
        if 0x0E80 <= o <= 0x0EFF:
            return "Lao"
        if 0x1000 <= o <= 0x109F:
            return "Burmese"
        if 0x4E00 <= o <= 0x9FFF:
            return "Han"
    if any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", name)) or "đ" in name.lower():
        return "Viet"
    return "Latin"


# ---- rendering names ------------------------------------------------------------------------------
class Renderer:
    def __init__(self, g: Gen) -> None:
        self.g = g

    def typo(self, w: str) -> str:
        g = self.g
        if len(w) < 4:
            return w
        i = int(g.rng.integers(1, len(w) - 1))
        k = int(g.rng.integers(0, 4))
        letters = "aeiouhnmgkstyrl"
        if k == 0:
            return w[:i] + w[i + 1 :]
        if k == 1:
            return w[:i] + g.pick(letters) + w[i:]
        if k == 2:
            return w[:i] + g.pick(letters) + w[i + 1 :]
        return w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]

    def latin(self, per: Person, agency: str, tags: list[str]) -> str:
        g = self.g
        official = agency in ("immigration", "bank")
        canon_p = 0.88 if official else 0.5

        cn_sys = per.cn_system if (official or g.p(0.7)) else int(g.rng.integers(0, 3))
        chosen: dict[str, str] = {}  # one spelling per syllable within one record ("Nwe Nwe")

        def rom(part: Part) -> str:
            if per.nat == "CN":
                n = len(part.roms)
                if part.role == "given":
                    half = n // 2
                    sys_i = min(cn_sys, half - 1)
                    if not official and g.p(0.3):
                        tags.append("cn_given_spaced")
                        return part.roms[half + sys_i]
                    return part.roms[sys_i]
                return part.roms[min(cn_sys, n - 1)]
            key = part.native or part.roms[0]
            if key in chosen:
                return chosen[key]
            if len(part.roms) == 1 or g.p(canon_p):
                chosen[key] = part.roms[0]
            else:
                tags.append("alt_romanization")
                chosen[key] = g.pick(list(part.roms[1:]))
            return chosen[key]

        parts = list(per.parts)
        # structural choices
        if per.nat == "VN" and not official and g.p(0.3):
            parts = [p for p in parts if p.role != "middle"]
            tags.append("middle_dropped")
        if per.nat == "PH":
            mid = next(p for p in parts if p.role == "middle")
            r = g.rng.random()
            if r < 0.35:
                parts = [p for p in parts if p.role != "middle"]
                tags.append("middle_dropped")
            elif r < 0.65:
                parts = [
                    p if p.role != "middle" else Part("middle", None, (mid.roms[0][0] + ".",)) for p in parts
                ]
                tags.append("middle_initial")
        if per.nat == "MY" and g.p(0.4 if not official else 0.15):
            parts = [p for p in parts if p.role != "particle"]
            tags.append("bin_dropped")
        words_given_only = False
        if (
            agency in ("hotline", "ngo")
            and per.nat not in ("MM", "ID")
            and g.p(0.35 if agency == "hotline" else 0.12)
        ):
            parts = [p for p in parts if p.role == "given"]
            words_given_only = True
            tags.append("given_only")
        toks = [rom(p) for p in parts]
        if per.nat == "VN" and (not official) and g.p(0.08):
            toks = [strip_marks(t) for t in toks]  # already plain; keep
        if per.nat == "VN" and not official and g.p(0.35):
            # write the Vietnamese with its diacritics (an NGO/shelter in Viet Nam)
            toks = [p.native or t for p, t in zip(parts, toks, strict=True)]
            if g.p(0.2):
                toks = [unicodedata.normalize("NFD", t) for t in toks]
                tags.append("nfd")
        if per.nat == "PH":
            toks = [ph_family_variant(g, t) if t in ("Dela Cruz", "De Leon") else t for t in toks]
            if toks[0].startswith("Maria ") and g.p(0.4):
                toks[0] = "Ma. " + toks[0][6:]
                tags.append("ma_abbrev")
        if per.nat == "MY" and toks[0].split()[0] in N.MY_MUHAMMAD and g.p(0.6):
            toks[0] = g.pick(N.MY_MUHAMMAD) + " " + " ".join(toks[0].split()[1:])
            tags.append("muhammad_variant")
        if per.nat == "MY" and "bin" in toks and g.p(0.3):
            toks = [("B." if t == "bin" else t) for t in toks]
        if per.nat == "MY" and "binti" in toks and g.p(0.3):
            toks = [("Bt." if t == "binti" else t) for t in toks]
        # order
        text = " ".join(toks)
        if per.nat == "MM":
            if g.p(0.06):
                text = "".join(toks)
                tags.append("mm_joined")
            if g.p(0.25 if agency in ("police", "ngo", "shelter") else 0.05):
                pre = self.mm_prefix(per)
                text = pre + " " + text
                tags.append("mm_prefix")
            if agency in ("hotline", "ngo") and len(toks) >= 3 and g.p(0.1):
                text = " ".join(toks[-2:] if g.p(0.5) else toks[:2])
                tags.append("mm_partial")
        elif not words_given_only and len(parts) >= 2:
            swap_p = {
                "immigration": 0.08,
                "bank": 0.1,
                "police": 0.12,
                "ngo": 0.25,
                "hotline": 0.15,
                "shelter": 0.15,
            }[agency]
            if g.p(swap_p):
                fam = [t for p, t in zip(parts, toks, strict=True) if p.role == "family"]
                rest = [t for p, t in zip(parts, toks, strict=True) if p.role != "family"]
                text = " ".join(rest + fam) if per.nat in ("KH", "VN", "CN") else " ".join(fam + rest)
                tags.append("order_swap")
            elif official and any(p.role == "family" for p in parts) and g.p(0.12):
                fam = [t for p, t in zip(parts, toks, strict=True) if p.role == "family"]
                rest = [t for p, t in zip(parts, toks, strict=True) if p.role not in ("family", "particle")]
                text = " ".join(fam) + ", " + " ".join(rest)
                tags.append("comma_family_first")
        if per.nat == "ID" and len(parts) == 1 and official and g.p(0.3):
            text = g.pick([f"{text} {text}", f"FNU {text}", f"{text}, FNU"])
            tags.append("mononym_form")
        # noise
        if g.p(0.09 if not official else 0.04):
            ws = text.split(" ")
            i = int(g.rng.integers(0, len(ws)))
            ws[i] = self.typo(ws[i])
            text = " ".join(ws)
            tags.append("typo")
        if official:
            text = text.upper()
            lim = 26 if agency == "bank" else 30
            if len(text) > lim:
                text = text[:lim].rstrip()
                tags.append("truncated")
        else:
            r = g.rng.random()
            text = text.upper() if r < 0.3 else (text.lower() if r < 0.4 else text)
        if per.nat == "CN" and not official and g.p(0.05):
            text = fullwidth(text)
            tags.append("fullwidth")
        if g.p(0.04):
            text = text.replace(" ", "  ", 1) + " "
        return text

    def mm_prefix(self, per: Person) -> str:
        g = self.g
        age = 2026 - per.dob.year
        if per.sex == "F":
            return "Daw" if age > 35 and g.p(0.7) else "Ma"
        if age > 40:
            return "U"
        return g.pick(["Maung", "Mg", "Ko"])

    def native(self, per: Person, agency: str, tags: list[str]) -> str:
        g = self.g
        nat = per.nat
        parts = list(per.parts)
        if nat == "CN":
            trad = g.p(0.2)
            if trad:
                tags.append("traditional")
            fam, giv = parts
            text = (fam.trad if trad else fam.native) or ""
            gv = (giv.trad if trad else giv.native) or ""
            if agency in ("hotline",) and g.p(0.3):
                tags.append("given_only")
                return gv
            return text + gv
        if nat == "VN":
            toks = [p.native or p.roms[0] for p in parts]
            if agency in ("hotline", "ngo") and g.p(0.2):
                toks = toks[-1:]
                tags.append("given_only")
            elif g.p(0.15):
                toks = [toks[0], toks[-1]]
                tags.append("middle_dropped")
            text = " ".join(toks)
            if g.p(0.25):
                text = unicodedata.normalize("NFD", text)
                tags.append("nfd")
            if g.p(0.1):
                text = text.upper()
            return text
        if nat == "MM":
            body = "".join(p.native or "" for p in parts)
            if agency in ("hotline", "ngo") and len(parts) >= 3 and g.p(0.1):
                body = "".join(p.native or "" for p in parts[-2:])
                tags.append("mm_partial")
            if g.p(0.3):
                pre = [e[0] for e in (N.MM_PREFIX_F if per.sex == "F" else N.MM_PREFIX_M)]
                body = g.pick(pre) + body
                tags.append("mm_prefix")
            if g.p(0.15):
                # a zero-width space between syllables, as word-breaking keyboards leave
                body = ZWSP.join(p.native or "" for p in parts) if "mm_partial" not in tags else body
                tags.append("zwsp")
            if g.p(0.3):
                body = to_zawgyi(body)
                tags.append("zawgyi")
            return body
        # KH, TH, LA: two words
        given_only = agency in ("hotline", "ngo") and g.p(0.3 if agency == "hotline" else 0.1)
        if given_only:
            toks = [p.native or "" for p in parts if p.role == "given"]
            tags.append("given_only")
        else:
            toks = [p.native or "" for p in parts]
        sep = " "
        if nat == "KH" and len(toks) > 1 and g.p(0.3):
            sep = ""
            tags.append("no_space")
        if g.p(0.18):
            sep = ZWSP if sep == "" or g.p(0.5) else " " + ZWSP
            tags.append("zwsp")
        text = sep.join(toks)
        if nat == "TH" and agency in ("police", "shelter", "immigration") and g.p(0.5):
            text = g.pick(list(N.TH_TITLE_F if per.sex == "F" else N.TH_TITLE_M)) + text
            tags.append("title")
        if nat == "LA" and g.p(0.3):
            text = (N.LA_TITLE_F if per.sex == "F" else N.LA_TITLE_M)[0] + " " + text
            tags.append("title")
        if g.p(0.04):
            # a dropped vowel sign or diacritic
            idx = [i for i, c in enumerate(text) if unicodedata.category(c) in ("Mn", "Mc")]
            if idx:
                i = int(g.pick(idx))
                text = text[:i] + text[i + 1 :]
                tags.append("native_typo")
        return text

    def nickname(self, per: Person, native: bool, tags: list[str]) -> str | None:
        if per.nick is None:
            return None
        tags.append("nickname")
        nat_s, roms = per.nick
        if native and nat_s:
            return nat_s
        return self.g.pick(list(roms))


def ph_family_variant(g: Gen, t: str) -> str:
    base = t.split()[-1]
    pre = t.split()[0]
    return g.pick(
        [
            t,
            f"{pre.lower()} {base}",
            f"{pre}{base.lower()}",
            f"De La {base}" if pre == "Dela" else f"{pre}{base}",
        ]
    )


# ---- phones, dates ---------------------------------------------------------------------------------
def group_digits(g: Gen, s: str) -> str:
    sep = g.pick([" ", "-", "", ".", " "])
    if not sep:
        return s
    if len(s) <= 4:
        return s
    cut = {8: [4], 9: [3, 3], 10: [3, 3], 11: [3, 4], 12: [4, 4]}.get(len(s), [3, 3])
    out, i = [], 0
    for c in cut:
        out.append(s[i : i + c])
        i += c
    out.append(s[i:])
    return sep.join(x for x in out if x)


def write_phone(g: Gen, ph: tuple[str, str], style: str, tags: list[str]) -> str:
    country, nsn = ph
    cc, trunk, _ = PHONE_PLAN[country]
    if style == "mixed":
        style = g.pick(["national", "national", "intl", "suffix", "bare_cc", "trunk_kept"])
    tags.append("phone_" + style)
    if style == "national":
        return group_digits(g, trunk + nsn)
    if style == "intl":
        pre = g.pick(["+", "+", "00"])
        return f"{pre}{cc} {group_digits(g, nsn)}"
    if style == "bare_cc":
        return cc + (" " if g.p(0.5) else "") + group_digits(g, nsn)
    if style == "trunk_kept":
        return f"(+{cc}) {trunk}{group_digits(g, nsn)}"
    # the last 8-9 digits only (the clerk wrote what the caller said)
    k = 8 if g.p(0.5) else 9
    return group_digits(g, nsn[-k:])


def write_date(g: Gen, d: date, mode: str, tags: list[str], thai_be: bool = False) -> str:
    if mode == "none":
        return ""
    if mode == "year":
        tags.append("dob_year_only")
        return str(d.year)
    if mode == "estimate":
        tags.append("dob_estimated_year")
        return str(d.year + int(g.pick([-3, -2, -1, -1, 0, 0, 0, 1, 1, 2, 3, 5])))
    day, mon, yr = d.day, d.month, d.year
    if mode == "swapped" and day <= 12 and day != mon:
        day, mon = mon, day
        tags.append("dob_swapped")
    elif mode == "off":
        yr += int(g.pick([-10, -5, -2, -1, 1, 1, 2, 5]))
        tags.append("dob_year_off")
    elif mode == "typo_day":
        day = min(28, max(1, day + int(g.pick([-10, -1, 1, 10]))))
        tags.append("dob_day_typo")
    if thai_be:
        tags.append("dob_buddhist_era")
        return f"{day:02d}/{mon:02d}/{yr + 543}"
    if g.p(0.3):
        return f"{day:02d}/{mon:02d}/{yr}"
    return f"{yr}-{mon:02d}-{day:02d}"


def ocr_noise(g: Gen, s: str) -> str:
    conf = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8"}
    idx = [i for i, c in enumerate(s) if c in conf]
    if not idx:
        return s
    i = int(g.pick(idx))
    return s[:i] + conf[s[i]] + s[i + 1 :]


# ---- records ------------------------------------------------------------------------------------
HEADER = [
    "record_id",
    "agency",
    "name",
    "birth_date",
    "gender",
    "nationality",
    "document_number",
    "phone",
    "address",
]


def native_prob(agency: str, nat: str) -> float:
    if nat not in NATIVE_SCRIPT:
        return 0.0
    base = {"immigration": 0.0, "police": 0.55, "ngo": 0.4, "hotline": 0.35, "bank": 0.0, "shelter": 0.6}[
        agency
    ]
    if nat == "VN":
        return 0.0  # handled inside the Latin renderer (diacritics)
    return base


def sparsity_of(row: dict[str, str]) -> str:
    has = {k for k in HEADER[2:] if row[k].strip()}
    if "name" not in has:
        return "no_name"
    rest = has - {"name", "gender"}
    if not rest:
        return "name_only"
    if rest == {"phone"}:
        return "name_phone"
    bd = row["birth_date"].strip()
    if row["document_number"].strip() or (bd and len(bd) > 4):
        return "rich"
    return "partial"


def make_record(
    g: Gen, r: Renderer, per: Person, agency: str, rid: str, ctx: dict
) -> tuple[dict[str, str], list[str]]:
    tags: list[str] = []
    row = dict.fromkeys(HEADER, "")
    row["record_id"], row["agency"] = rid, agency
    # name
    use_native = g.p(native_prob(agency, per.nat))
    if agency == "hotline" and g.p(0.04):
        name = ""
        tags.append("no_name")
    elif agency in ("hotline", "ngo") and per.nick and g.p(0.35 if agency == "hotline" else 0.15):
        name = r.nickname(per, use_native, tags) or ""
        if agency == "ngo" and g.p(0.5):
            full = r.native(per, agency, tags) if use_native else r.latin(per, agency, tags)
            name = f"{full};{name}"
            tags.append("alias_given")
    else:
        name = r.native(per, agency, tags) if use_native else r.latin(per, agency, tags)
    row["name"] = name
    thai_be = per.nat == "TH" and use_native and g.p(0.15)
    # birth date
    dmodes = {
        "immigration": (["full", "swapped", "typo_day", "none"], [0.94, 0.03, 0.02, 0.01]),
        "bank": (["full", "swapped", "none"], [0.9, 0.04, 0.06]),
        "police": (
            ["full", "swapped", "year", "estimate", "off", "none"],
            [0.38, 0.08, 0.16, 0.1, 0.06, 0.22],
        ),
        "shelter": (
            ["full", "swapped", "year", "estimate", "off", "none"],
            [0.42, 0.08, 0.15, 0.15, 0.05, 0.15],
        ),
        "ngo": (["full", "year", "estimate", "none"], [0.18, 0.12, 0.35, 0.35]),
        "hotline": (["estimate", "none"], [0.1, 0.9]),
    }[agency]
    mode = g.pick(dmodes[0], dmodes[1])
    row["birth_date"] = write_date(g, per.dob, mode, tags, thai_be and mode in ("full", "swapped"))
    # gender
    gp = {"immigration": 0.98, "bank": 0.5, "police": 0.9, "shelter": 0.97, "ngo": 0.75, "hotline": 0.4}[
        agency
    ]
    if g.p(gp):
        sx = per.sex if not g.p(0.02) else ("M" if per.sex == "F" else "F")
        if sx != per.sex:
            tags.append("gender_wrong")
        row["gender"] = g.pick([sx, sx, {"F": "female", "M": "male"}[sx], {"F": "Female", "M": "Male"}[sx]])
    # nationality
    np_ = {"immigration": 1.0, "bank": 0.6, "police": 0.8, "shelter": 0.85, "ngo": 0.45, "hotline": 0.08}[
        agency
    ]
    if g.p(np_):
        forms = N.NATIONALITY_FORMS[per.nat]
        row["nationality"] = forms[1] if agency == "immigration" and g.p(0.8) else g.pick(list(forms))
    # documents
    if agency == "immigration" and per.passport:
        doc = per.passport if not g.p(0.08) else ctx["renewed"].setdefault(per.pid, g.passport(per.nat))
        row["document_number"] = doc
    elif agency == "immigration":
        row["document_number"] = ctx["renewed"].setdefault(per.pid, g.passport(per.nat))
    elif agency == "bank":
        row["document_number"] = per.natid or per.passport or ""
    elif agency in ("police", "shelter") and g.p(0.35):
        row["document_number"] = per.natid or per.passport
    if row["document_number"] and g.p(0.04):
        row["document_number"] = ocr_noise(g, row["document_number"])
        tags.append("doc_ocr")
    if row["document_number"] and agency in ("police", "shelter") and g.p(0.2):
        row["document_number"] = row["document_number"][:3] + " " + row["document_number"][3:]
    # phone
    pp = {"immigration": 0.25, "bank": 0.85, "police": 0.6, "shelter": 0.45, "ngo": 0.7, "hotline": 0.97}[
        agency
    ]
    if g.p(pp):
        style = {
            "immigration": "intl",
            "bank": g.pick(["intl", "national"]),
            "police": "national",
            "shelter": "mixed",
            "ngo": "mixed",
            "hotline": "mixed",
        }[agency]
        ph = per.phones[0] if (len(per.phones) == 1 or g.p(0.5)) else per.phones[1]
        if ph != per.phones[0]:
            tags.append("foreign_sim")
        shared = ctx["shared_phone"].get(per.pid)
        if shared and agency in ("hotline", "ngo", "shelter", "police") and g.p(0.45):
            ph, kind = shared
            tags.append("shared_phone_" + kind)
        row["phone"] = write_phone(g, ph, style, tags)
    # address
    ap = {"immigration": 0.0, "bank": 0.3, "police": 0.45, "shelter": 0.6, "ngo": 0.35, "hotline": 0.25}[
        agency
    ]
    if g.p(ap):
        if agency in ("hotline", "police") and g.p(0.5):
            row["address"] = g.pick(list(g.pick(N.WORKPLACES)))
        else:
            row["address"] = g.pick(list(per.home))
    # a record with hardly anything: hotline and NGO intake often keep only a name and a phone
    if agency in ("hotline", "ngo") and g.p(0.25):
        for k in ("birth_date", "gender", "nationality", "address"):
            row[k] = ""
        tags.append("stripped")
    if not row["name"] and not row["phone"]:
        row["phone"] = write_phone(g, per.phones[0], "national", tags)
    return row, sorted(set(tags))


def split_of(pid: str, seed: int) -> str:
    h = int(hashlib.sha256(f"{seed}:{pid}".encode()).hexdigest()[:8], 16)
    return "test" if h % 2 == 0 else "calibration"


def build_people(g: Gen, n: int, prefix: str, seed: int) -> list[Person]:
    people = [g.person(f"{prefix}{i:06d}") for i in range(n)]
    for per in people:
        per.split = split_of(per.pid, seed)
    return people


def linkage(g: Gen, people: list[Person], seed: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    r = Renderer(g)
    ctx: dict = {"renewed": {}, "shared_phone": {}}
    # families: 2-4 relatives sharing a family name, home and a phone (same split, same nationality)
    by_split_nat: dict[tuple[str, str], list[Person]] = {}
    for per in people:
        by_split_nat.setdefault((per.split, per.nat), []).append(per)
    for (_split, nat), group in sorted(by_split_nat.items()):
        idx = g.rng.permutation(len(group))
        i = 0
        while i < len(idx):
            if g.p(0.12):
                k = int(g.rng.integers(2, 5))
                fam = [group[int(j)] for j in idx[i : i + k]]
                head = fam[0]
                fphone = head.phones[0]
                for m in fam:
                    m.home = head.home
                    ctx["shared_phone"][m.pid] = (fphone, "family")
                    if nat in ("KH", "VN", "CN", "TH", "LA", "PH"):
                        m.parts = [
                            head.parts[j]
                            if p.role == "family" and j < len(head.parts) and head.parts[j].role == "family"
                            else p
                            for j, p in enumerate(m.parts)
                        ]
                i += k
            else:
                i += 1
        # brokers: one phone for 5-15 recruits
        n_brokers = max(1, len(group) // 60)
        for _ in range(n_brokers):
            bphone = g.phone(g.pick([nat, FOREIGN_SIM[nat]]))
            for j in g.rng.choice(
                len(group), size=min(len(group), int(g.rng.integers(5, 16))), replace=False
            ):
                ctx["shared_phone"].setdefault(group[int(j)].pid, (bphone, "broker"))
    rows, truth = [], []
    rid = 0

    # how many people of the split carry the same full name (passport spelling): a namesake measure
    def name_key(per: Person) -> str:
        return " ".join(p.roms[0] for p in per.parts).casefold()

    name_people = Counter((per.split, name_key(per)) for per in people)
    for per in people:
        k = int(min(6, 1 + g.rng.poisson(1.5)))
        for _ in range(k):
            agency = g.pick(list(AGENCIES), list(AGENCY_WEIGHTS))
            rid += 1
            row, tags = make_record(g, r, per, agency, f"R{rid:07d}", ctx)
            rows.append(row)
            truth.append(
                {
                    "record_id": row["record_id"],
                    "person_id": per.pid,
                    "split": per.split,
                    "agency": agency,
                    "nationality_true": per.nat,
                    "script": script_of(row["name"].split(";")[0]),
                    "sparsity": sparsity_of(row),
                    "tags": "|".join(tags),
                    "name_people": str(name_people[(per.split, name_key(per))]),
                    "name_key": name_key(per),
                }
            )
    order = g.rng.permutation(len(rows))
    rows, truth = [rows[int(i)] for i in order], [truth[int(i)] for i in order]
    # ids numbered in the shuffled order: numbered at creation, one person's records had neighbouring ids
    for n, (row, t) in enumerate(zip(rows, truth, strict=True), 1):
        row["record_id"] = t["record_id"] = f"R{n:07d}"
    return rows, truth


# ---- screening ------------------------------------------------------------------------------------
WL_HEADER = ["id", "name", "aliases", "birth_date", "nationality", "gender", "document_number", "topics"]
TR_HEADER = ["id", "name", "birth_date", "nationality", "gender", "document_number"]


def screening(g: Gen, n_entries: int, seed: int):  # type: ignore[no-untyped-def]
    r = Renderer(g)
    listed = build_people(g, n_entries, "W", seed)
    entries, etruth = [], []
    for i, per in enumerate(listed):
        tags: list[str] = []
        can_native = per.nat in NATIVE_SCRIPT
        native = can_native and g.p(0.6)
        if native and per.nat == "VN":
            name = " ".join(p.native or "" for p in per.parts)
            tags.append("viet_diacritics")
        elif native:
            name = r.native(per, "shelter", tags)
        else:
            name = r.latin(per, "police", tags)
        aliases = []
        if g.p(0.25):
            a_tags: list[str] = []
            aliases.append(r.latin(per, "ngo", a_tags))
        if per.nick and g.p(0.3):
            aliases.append(r.nickname(per, False, tags) or "")
        mode = g.pick(["full", "year", "none"], [0.45, 0.35, 0.2])
        bd = {"full": per.dob.isoformat(), "year": str(per.dob.year), "none": ""}[mode]
        row = {
            "id": f"WL{i:06d}",
            "name": name,
            "aliases": ";".join(a for a in aliases if a),
            "birth_date": bd,
            "nationality": per.nat if g.p(0.75) else "",
            "gender": {"F": "female", "M": "male"}[per.sex] if g.p(0.6) else "",
            "document_number": per.passport if per.passport and g.p(0.3) else "",
            "topics": "crime.traffick",
        }
        entries.append(row)
        etruth.append(
            {
                "entry_id": row["id"],
                "person_id": per.pid,
                "split": per.split,
                "script": script_of(name),
                "dob_given": mode,
                "tags": "|".join(sorted(set(tags))),
            }
        )
    travellers, ttruth = [], []

    def traveller(per: Person, kind: str, entry_ids: list[str], entry_script: str) -> None:
        tags: list[str] = []
        # the traveller's document: a Latin passport, or (a Thai/Chinese/Lao citizen at a land border)
        # an ID card in the native script when the entry is in Latin
        if entry_script in ("Latin",) and per.nat in ("TH", "CN", "LA", "KH") and g.p(0.5):
            name = r.native(per, "immigration", tags)
        elif entry_script == "Latin" and per.nat == "VN" and g.p(0.5):
            name = " ".join(p.native or "" for p in per.parts)
            tags.append("viet_diacritics")
        else:
            name = r.latin(per, "immigration", tags)
        t = {
            "id": f"T{len(travellers):06d}",
            "name": name,
            "birth_date": per.dob.isoformat() if g.p(0.96) else str(per.dob.year),
            "nationality": N.NATIONALITY_FORMS[per.nat][1],
            "gender": per.sex,
            "document_number": per.passport or g.passport(per.nat),
        }
        travellers.append(t)
        ttruth.append(
            {
                "traveller_id": t["id"],
                "person_id": per.pid,
                "kind": kind,
                "true_entries": ";".join(entry_ids),
                "split": per.split,
                "script": script_of(name),
                "entry_script": entry_script,
                "tags": "|".join(sorted(set(tags))),
            }
        )

    for per, e, et in zip(listed, entries, etruth, strict=True):
        if g.p(0.5):
            traveller(per, "listed", [e["id"]], et["script"])
        if g.p(0.35):
            # a namesake: another person, same name, same nationality, nothing else in common
            twin = g.person("N" + per.pid[1:], per.nat)
            twin.parts = per.parts
            if per.nat == "MM" and len(per.parts) >= 2 and g.p(0.35):
                # Burmese partial overlap: one syllable fewer or more (a different person)
                extra = g.pick([x for x in N.MM_SYLL])
                twin.parts = per.parts[1:] if g.p(0.5) else [*per.parts, Part("syll", extra[0], extra[1:])]
            twin.sex = per.sex
            twin.split = per.split
            traveller(twin, "namesake", [], et["script"])
    others = build_people(g, int(n_entries * 1.2), "O", seed)
    for per in others:
        traveller(per, "other", [], "")
    # travellers shuffled and numbered in that order, by a generator of their own (the draws above are
    # unchanged): in creation order a listed person came first and her namesake next, so ids told truth
    order = np.random.default_rng([seed, 0x5EED]).permutation(len(travellers))
    travellers, ttruth = [travellers[int(i)] for i in order], [ttruth[int(i)] for i in order]
    for n, (t, tt) in enumerate(zip(travellers, ttruth, strict=True)):
        t["id"] = tt["traveller_id"] = f"T{n:06d}"
    return entries, etruth, travellers, ttruth


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for row in rows:
            w.writerow({k: row.get(k, "") for k in header})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=8000, help="people in the multi-agency file (both splits)")
    ap.add_argument("--seed", type=int, default=2613)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--entries", type=int, default=None, help="watchlist entries (default people/4)")
    a = ap.parse_args()
    g = Gen(a.seed)
    people = build_people(g, a.people, "P", a.seed)
    rows, truth = linkage(g, people, a.seed)
    out: Path = a.out
    write_csv(out / "records.csv", HEADER, rows)
    tmap = {t["record_id"]: t for t in truth}
    for split in ("calibration", "test"):
        write_csv(
            out / f"records_{split}.csv", HEADER, [x for x in rows if tmap[x["record_id"]]["split"] == split]
        )
    write_csv(out / "truth" / "records_truth.csv", list(truth[0]), truth)
    entries, etruth, travellers, ttruth = screening(g, a.entries or max(50, a.people // 4), a.seed)
    emap = {t["entry_id"]: t for t in etruth}
    tr_map = {t["traveller_id"]: t for t in ttruth}
    for split in ("calibration", "test"):
        write_csv(
            out / f"watchlist_{split}.csv", WL_HEADER, [e for e in entries if emap[e["id"]]["split"] == split]
        )
        write_csv(
            out / f"travellers_{split}.csv",
            TR_HEADER,
            [t for t in travellers if tr_map[t["id"]]["split"] == split],
        )
    write_csv(out / "truth" / "watchlist_truth.csv", list(etruth[0]), etruth)
    write_csv(out / "truth" / "travellers_truth.csv", list(ttruth[0]), ttruth)
    counts = {
        "people": a.people,
        "seed": a.seed,
        "records": len(rows),
        "records_by_split": {s: sum(1 for t in truth if t["split"] == s) for s in ("calibration", "test")},
        "people_by_split": {s: sum(1 for p in people if p.split == s) for s in ("calibration", "test")},
        "watchlist_entries": len(entries),
        "travellers": len(travellers),
        "generator": "bench/independent2/generate.py",
    }
    (out / "manifest.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
