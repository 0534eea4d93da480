"""How each source writes a person's name: its romanization, order, truncation, typos and script.

The same person is written differently by immigration (the passport's upper-case Latin, an MRZ
truncated per ICAO), the police (another romanization, family and given names sometimes swapped,
typos, honorifics), NGOs (native script beside yet another romanization, first/second name fields
filled inconsistently), the hotline (a nickname, a given name, sometimes only a phone) and banks (upper
case, initials, names run together, a 35-character field).

The rates below are SCENARIO assumptions, chosen to make linkage hard in the ways real agency data is
hard; they are documented here so they can be tuned.
"""

from __future__ import annotations

import random

from tipnet.sim.names import FAMILY_FIRST, SPELLING_VARIES, PersonName, ascii_upper, table

# Police reports.
POLICE_KEEP_SPELLING = 0.5  # each name part spelled as in the passport
POLICE_SWAP_ORDER = 0.15  # family and given names in the other order
POLICE_DROP_MIDDLE = 0.4  # Vietnamese and Filipino middle names left out
POLICE_TYPO = 0.08
POLICE_HONORIFIC = 0.3  # "U Aung Kyaw", "Daw Mya Mya", "Mr Somchai" (Burmese, Thai, Lao)
POLICE_NATIVE_OWN = 0.8  # native-script name recorded for the country's own nationals
POLICE_NATIVE_FOREIGN = 0.15  # ... and for foreigners (e.g. Chinese characters from a PRC passport)
# NGO case files.
NGO_NATIVE = 0.6  # prs_NameNative filled (for names with a script of their own)
NGO_KEEP_SPELLING = 0.4
NGO_SWAP_FIELDS = 0.1  # family name in prs_FirstName
NGO_TYPO = 0.05
# Hotline reports: what the caller knows of the subject's name.
HOTLINE_FORMS = {"nickname": 0.3, "given": 0.25, "prefixed": 0.1, "full": 0.2, "family": 0.05, "none": 0.1}
HOTLINE_NATIVE = 0.5  # written in the caller's script when the call is in a language with its own script
# Bank know-your-customer records.
BANK_KEEP_SPELLING = 0.75
BANK_INITIALS = 0.12  # "S. SRISUK"
BANK_RUN_TOGETHER = 0.15  # "SREYMOM" for "SREY MOM"
BANK_TYPO = 0.03
BANK_NAME_LENGTH = 35  # the name field of many core banking systems
# Immigration: manual data entry of the visual zone at land checkpoints (the MRZ is read by machine).
CROSSING_VISUAL_TYPO = 0.015

_NEIGHBOURS = {
    "a": "sqe",
    "e": "wria",
    "i": "uoey",
    "o": "ipu",
    "u": "yio",
    "n": "bmh",
    "m": "n",
    "h": "gjn",
    "k": "jlc",
    "s": "adz",
    "t": "ry",
    "r": "etl",
    "p": "ob",
    "c": "xk",
    "g": "hk",
    "l": "kr",
    "y": "ti",
    "v": "bw",
    "d": "st",
    "b": "vp",
}


def typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: a neighbouring key, a dropped, doubled or swapped letter."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    op = rng.random()
    ch = word[i]
    if op < 0.35 and ch.lower() in _NEIGHBOURS:
        sub = rng.choice(_NEIGHBOURS[ch.lower()])
        return word[:i] + (sub.upper() if ch.isupper() else sub) + word[i + 1 :]
    if op < 0.6:
        return word[:i] + word[i + 1 :]
    if op < 0.8:
        return word[:i] + ch + word[i:]
    if i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + ch + word[i:]


def respell(rng: random.Random, name: PersonName, keep: float) -> tuple[int, ...]:
    """A spelling per part: the passport's with probability `keep`, else any of the known variants.

    Where the passport spelling is the name itself (Latin script, Vietnamese, Pinyin) the other
    variants are misspellings or other dialects' readings, and rarer: 30% of the rate elsewhere.
    """
    if name.nationality not in SPELLING_VARIES:
        keep = 1 - (1 - keep) * 0.3
    out: list[int] = []
    chosen: dict[int, int] = {}
    for part, official in zip(name.parts(), name.spelling, strict=True):
        n = len(part.latin)
        if id(part) in chosen:  # a repeated Burmese syllable is spelled the same twice
            out.append(chosen[id(part)])
            continue
        k = official if n == 1 or rng.random() < keep else rng.randrange(n)
        chosen[id(part)] = k
        out.append(k)
    return tuple(out)


def _typo_in(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    k = rng.randrange(len(words))
    words[k] = typo(rng, words[k])
    return " ".join(words)


def _prefix(rng: random.Random, name: PersonName, sex: str, *, native: bool = False) -> str:
    prefixes = table(name.nationality).prefixes
    if prefixes is None:
        return ""
    part = prefixes[sex].pick(rng)
    return part.native if native else rng.choice(part.latin)


def police_name(rng: random.Random, name: PersonName, sex: str, *, own_country: bool) -> tuple[str, str]:
    """(full_name, name_native) as a police officer writes them."""
    family, middle, given = name.latin_of(respell(rng, name, POLICE_KEEP_SPELLING))
    if middle and rng.random() < POLICE_DROP_MIDDLE:
        middle = ""
    full = name.display(family, middle, given, swap=rng.random() < POLICE_SWAP_ORDER)
    if rng.random() < POLICE_TYPO:
        full = _typo_in(rng, full)
    if name.nationality in ("MMR", "THA", "LAO") and rng.random() < POLICE_HONORIFIC:
        full = f"{_prefix(rng, name, sex)} {full}"
    native = ""
    if name.nationality in ("KHM", "THA", "LAO", "MMR", "CHN", "VNM") and rng.random() < (
        POLICE_NATIVE_OWN if own_country else POLICE_NATIVE_FOREIGN
    ):
        native = name.native()
    return full, native


def ngo_name(rng: random.Random, name: PersonName) -> tuple[str, str, str]:
    """(prs_FirstName, prs_SecondName, prs_NameNative) as an NGO case worker fills them."""
    family, middle, given = name.latin_of(respell(rng, name, NGO_KEEP_SPELLING))
    if name.nationality == "MMR":
        words = given.split(" ")
        first, second = " ".join(words[:-1]), words[-1]
    elif name.nationality == "VNM":
        first, second = (f"{middle} {given}" if rng.random() < 0.5 else given), family
    else:
        first, second = given, family
    if second and rng.random() < NGO_SWAP_FIELDS:
        first, second = second, first
    if rng.random() < NGO_TYPO:
        first = _typo_in(rng, first)
    native = ""
    if name.nationality in ("KHM", "THA", "LAO", "MMR", "CHN", "VNM") and rng.random() < NGO_NATIVE:
        native = name.native()
    return first, second, native


def hotline_name(rng: random.Random, name: PersonName, sex: str, *, native_script: bool) -> str:
    """What a caller calls the subject: often a nickname or a given name only, sometimes nothing."""
    form = rng.choices(list(HOTLINE_FORMS), list(HOTLINE_FORMS.values()))[0]
    native = (
        native_script
        and name.nationality in ("KHM", "THA", "LAO", "MMR", "CHN")
        and rng.random() < HOTLINE_NATIVE
    )
    if form == "none":
        return ""
    if form == "nickname" and name.nickname is not None:
        return name.nickname.native if native else rng.choice(name.nickname.latin)
    spelled = name.latin_of(respell(rng, name, 0.3))
    given_native = " ".join(p.native for p in name.given)
    if form == "family" and name.family is not None:
        return name.family.native if native else spelled[0]
    if form == "full":
        return name.native() if native else name.display(*spelled)
    given = given_native if native else spelled[2]
    if form == "prefixed":
        pre = _prefix(rng, name, sex, native=native)
        return f"{pre}{'' if native and name.nationality == 'CHN' else ' '}{given}".strip()
    return given


def bank_name(rng: random.Random, name: PersonName) -> str:
    """The account holder's name in a bank's KYC file: upper case, initials, names run together."""
    family, middle, given = (ascii_upper(x) for x in name.latin_of(respell(rng, name, BANK_KEEP_SPELLING)))
    if rng.random() < BANK_RUN_TOGETHER:
        given = given.replace(" ", "").replace("-", "")
    if rng.random() < BANK_INITIALS and family:
        given = " ".join(f"{w[0]}." for w in given.split())
    family_first = rng.random() < (0.85 if name.nationality in FAMILY_FIRST else 0.3)
    words = [family, middle, given] if family_first else [given, middle, family]
    full = " ".join(w for w in words if w)
    if rng.random() < BANK_TYPO:
        full = _typo_in(rng, full)
    return full[:BANK_NAME_LENGTH].rstrip()


def crossing_name(rng: random.Random, surname: str, given: str, *, land: bool) -> tuple[str, str]:
    """(surname, given_names) of the passport's visual zone as entered at the border post."""
    if land and rng.random() < CROSSING_VISUAL_TYPO:
        if given and rng.random() < 0.5:
            given = _typo_in(rng, given)
        else:
            surname = _typo_in(rng, surname)
    return surname, given


def watchlist_names(rng: random.Random, name: PersonName) -> tuple[str, list[str]]:
    """(name, aliases) of a list entry: the passport spelling, plus native script and other spellings."""
    primary = name.latin()
    aliases: list[str] = []
    if name.nationality in ("KHM", "THA", "LAO", "MMR", "CHN", "VNM"):
        aliases.append(name.native())
    for _ in range(2):
        alt = name.display(*name.latin_of(respell(rng, name, 0.3)))
        if alt != primary and alt not in aliases:
            aliases.append(alt)
    if name.nickname is not None and rng.random() < 0.5:
        aliases.append(name.nickname.latin[0])
    return primary, aliases
