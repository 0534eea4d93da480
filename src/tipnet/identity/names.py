"""A person's name taken apart: titles, given and family parts by the nationality's convention,
initials, the MRZ form, and the hyphen/spacing variants one name is written in.

Order is the first trap across the region: HUN Sen (Cambodia), Nguyễn Văn An (Viet Nam) and
习近平 (China) put the family name first, Thai, Lao, Indonesian and Filipino names put it last,
Burmese names have none, many Indonesians have one name only. The second is titles: Samdech,
Oknha, Lok Chumteav, Khun, Nai, U, Daw, Ông, Bà are written as if part of the name. Some titles are
also name words (U, Ma, Ko, Ong, Anh, Thao, Tun): those are removed only when the nationality says
they are titles; `possible_titles` keeps them for a matcher to try both ways.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from tipnet.identity.mrz.names import compose_name_field, read_name_field
from tipnet.identity.romanize import fold_latin, romanize
from tipnet.identity.scripts import Script, dominant_script, is_latin

FAMILY_FIRST = frozenset({"KHM", "VNM", "CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "JPN", "HUN", "SGP"})
GIVEN_FIRST = frozenset({"THA", "LAO", "IDN", "PHL", "MYS", "TLS", "BRN", "IND", "BGD", "NPL", "LKA"})
NO_FAMILY_NAME = frozenset({"MMR"})
MONONYM_COMMON = frozenset({"IDN", "MMR"})


@dataclass(frozen=True)
class Title:
    """A title as written (lower case, dots removed), its canonical form, where it is a title."""

    words: tuple[str, ...]
    canonical: str
    nationalities: frozenset[str] | None = None  # None: anywhere
    ambiguous: bool = False  # also a name word: removed only when the nationality matches


def _t(written: str, canonical: str, nats: str = "", ambiguous: bool = False) -> Title:
    return Title(tuple(written.lower().split()), canonical, frozenset(nats.split()) or None, ambiguous)


TITLES: tuple[Title, ...] = (
    # general
    _t("mr", "Mr"), _t("mrs", "Mrs"), _t("ms", "Ms"), _t("miss", "Miss"), _t("mx", "Mx"), _t("dr", "Dr"),
    _t("doctor", "Dr"), _t("prof", "Prof"), _t("professor", "Prof"), _t("sir", "Sir"), _t("madam", "Madam"),
    _t("mdm", "Madam"), _t("madame", "Madam"), _t("lady", "Lady"), _t("lord", "Lord"), _t("rev", "Rev"),
    _t("he", "H.E."), _t("his excellency", "H.E."), _t("her excellency", "H.E."), _t("hon", "Hon"),
    _t("gen", "Gen"), _t("general", "Gen"), _t("lt gen", "Lt Gen"), _t("maj gen", "Maj Gen"),
    _t("brig gen", "Brig Gen"), _t("col", "Col"), _t("lt col", "Lt Col"), _t("maj", "Maj"), _t("capt", "Capt"),
    _t("lt", "Lt"), _t("sgt", "Sgt"), _t("pol", "Pol"), _t("police", "Pol"), _t("adm", "Adm"),
    # Cambodia
    _t("samdech", "Samdech"), _t("samdach", "Samdech"), _t("samdec", "Samdech"), _t("oknha", "Oknha"),
    _t("okhna", "Oknha"), _t("lok chumteav", "Lok Chumteav"), _t("lok chumtiev", "Lok Chumteav"),
    _t("chumteav", "Lok Chumteav"), _t("lok srey", "Lok Srey"), _t("neak srey", "Neak Srey"),
    _t("ek oudom", "H.E."), _t("excellency", "H.E."), _t("akka moha sena padei techo", "Akka Moha Sena Padei Techo"),
    _t("techo", "Techo", "KHM"), _t("lok", "Lok", "KHM", True), _t("neak", "Neak", "KHM", True),
    _t("preah", "Preah", "KHM", True),
    # Thailand
    _t("khun", "Khun", "THA", True), _t("nai", "Nai", "THA", True), _t("nang", "Nang", "THA LAO MMR", True),
    _t("nangsao", "Nangsao"), _t("nang sao", "Nangsao"), _t("dek chai", "Dek Chai"),
    _t("dek ying", "Dek Ying"), _t("phra", "Phra", "THA", True), _t("mr w", "M.R.W.", "THA"),
    _t("m r w", "M.R.W.", "THA"), _t("mom rajawongse", "M.R.W."), _t("mom luang", "M.L."), _t("ml", "M.L.", "THA", True),
    # Laos
    _t("thao", "Thao", "LAO", True), _t("than", "Than", "LAO", True),
    # Viet Nam
    _t("ông", "Ông"), _t("bà", "Bà"), _t("ong", "Ông", "VNM", True), _t("ba", "Bà", "VNM", True),
    _t("anh", "Anh", "VNM", True), _t("chị", "Chị"), _t("chi", "Chị", "VNM", True), _t("cô", "Cô"),
    _t("co", "Cô", "VNM", True),
    # Myanmar
    _t("u", "U", "MMR", True), _t("daw", "Daw", "MMR"), _t("ko", "Ko", "MMR", True), _t("ma", "Ma", "MMR", True),
    _t("maung", "Maung", "MMR", True), _t("mg", "Maung", "MMR", True), _t("saya", "Saya", "MMR", True),
    _t("sayadaw", "Sayadaw"), _t("naw", "Naw", "MMR", True), _t("saw", "Saw", "MMR", True),
    _t("sai", "Sai", "MMR", True), _t("bo", "Bo", "MMR", True),
    # Indonesia, Malaysia, Philippines
    _t("bapak", "Bapak"), _t("pak", "Pak", "IDN MYS", True), _t("ibu", "Ibu", "IDN MYS", True),
    _t("bu", "Bu", "IDN", True), _t("haji", "Haji"), _t("hj", "Haji"), _t("hajjah", "Hajjah"),
    _t("datuk", "Datuk"), _t("dato", "Dato"), _t("datin", "Datin"), _t("tan sri", "Tan Sri", "MYS", True),
    _t("tun", "Tun", "MYS", True), _t("encik", "Encik"), _t("puan", "Puan", "MYS", True), _t("cik", "Cik", "MYS", True),
    _t("gng", "Gng", "PHL"),
)  # fmt: skip

# Titles in the region's scripts, as whole words or (Thai) glued to the name.
NATIVE_TITLES: dict[str, str] = {
    "សម្តេច": "Samdech", "សម្ដេច": "Samdech", "ឧកញ៉ា": "Oknha", "លោកជំទាវ": "Lok Chumteav",
    "លោកស្រី": "Lok Srey", "អ្នកស្រី": "Neak Srey", "ឯកឧត្តម": "H.E.", "លោក": "Lok",
    "นางสาว": "Nangsao", "นาย": "Nai", "นาง": "Nang", "คุณ": "Khun", "เด็กชาย": "Dek Chai", "เด็กหญิง": "Dek Ying",
    "ด.ช.": "Dek Chai", "ด.ญ.": "Dek Ying", "น.ส.": "Nangsao",
    "ທ້າວ": "Thao", "ນາງ": "Nang", "ທ່ານ": "Than",
    "ဦး": "U", "ဒေါ်": "Daw", "ကို": "Ko", "မ": "Ma", "မောင်": "Maung", "ဒေါက်တာ": "Dr",
}  # fmt: skip
_GLUED_PREFIXES = ("นางสาว", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.", "น.ส.", "นาย", "นาง", "ဦး", "ဒေါ်", "ဒေါက်တာ")
_CHINESE_SUFFIX_TITLES = {"先生": "Mr", "女士": "Ms", "小姐": "Miss", "太太": "Mrs", "博士": "Dr"}
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Common family names by convention, to guess the order of a Latin name with no nationality.
FAMILY_FIRST_SURNAMES = frozenset(
    """hun sok chan kim heng keo chea ly lim sim sun mao meas pich ouk prak seng tep yim nhem khieu ieng nuon
    say kong chhim touch sar hem ros men long kang noun ek sam chhay tan uch vong chhun hang lay sorn kheng
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong trinh dinh
    chen wang li zhang liu yang huang zhao wu zhou xu sun ma zhu hu guo he gao luo zheng liang xie song tang
    deng feng han cao zeng peng xiao cai pan tian dong yuan ye jiang du su wei cheng lu ding shen ren yao
    chan wong lee cheung lau ng leung tsang kwok chow
    park choi jung jeong kang cho yoon jang lim""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class ParsedName:
    """A name taken apart. `tokens` are the name's words without titles, in the order written."""

    text: str
    tokens: tuple[str, ...]
    given: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    possible_titles: tuple[str, ...] = ()  # leading words that are titles in some countries (U, Ma, Ong)
    suffixes: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    convention: str = "unknown"  # family_first, given_first, no_family, mononym, unknown
    order_source: str = "none"  # mrz, comma, capitals, nationality, script, surname, none
    nationality: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_mononym(self) -> bool:
        return len(self.tokens) == 1

    def western(self) -> str:
        """Given names then family name, as most forms abroad ask."""
        return " ".join((*self.given, *self.family)) or " ".join(self.tokens)

    def family_first(self) -> str:
        return " ".join((*self.family, *self.given)) or " ".join(self.tokens)

    def mrz(self, width: int = 39) -> str:
        """The MRZ name field (`HUN<<SEN<<<...`), `width` characters, truncated as Doc 9303 says.

        Names in other scripts are romanized first (best candidate)."""
        family = " ".join(self.family) if self.family else " ".join(self.tokens)
        given = " ".join(self.given) if self.family else ""
        return compose_name_field(_latin(family), _latin(given), width)[0]


# TITLES by their first word, in TITLES order: a name's first word picks the few worth trying.
_TITLES_BY_FIRST: dict[str, tuple[Title, ...]] = {}
for _title in TITLES:
    _TITLES_BY_FIRST[_title.words[0]] = (*_TITLES_BY_FIRST.get(_title.words[0], ()), _title)


def _latin(text: str) -> str:
    if not text or is_latin(text):
        return text
    candidates = romanize(text, limit=1)
    return candidates[0] if candidates else text


@lru_cache(maxsize=65536)
def _clean(word: str) -> str:
    """Cached: names repeat their words endlessly (a million-entry watchlist has a few ten thousand)."""
    return fold_latin(word).lower().replace(".", "").replace(",", "")


def _match_title(words: list[str], nationality: str | None) -> tuple[Title | None, int, bool]:
    """(title, words used, certain) for the longest title at the start of `words`.

    Only titles whose first word is the name's first word (as written or cleaned) can match, so only
    those are tried (in TITLES order, as a scan of every title would)."""
    if not words:
        return (None, 0, False)
    first_lowered = unicodedata.normalize("NFC", words[0]).lower().rstrip(".")
    first_cleaned = _clean(words[0])
    tried = _TITLES_BY_FIRST.get(first_lowered, ())
    if first_cleaned != first_lowered:
        extra = _TITLES_BY_FIRST.get(first_cleaned, ())
        tried = tuple(t for t in TITLES if t in tried or t in extra) if extra else tried
    if not tried:
        return (None, 0, False)
    cleaned = [_clean(w) for w in words]
    lowered = [unicodedata.normalize("NFC", w).lower().rstrip(".") for w in words]
    best: tuple[Title | None, int, bool] = (None, 0, False)
    for title in tried:
        n = len(title.words)
        if n > len(words) or n <= best[1]:
            continue
        if tuple(lowered[:n]) == title.words or (
            tuple(cleaned[:n]) == title.words and fold_latin(" ".join(title.words)) == " ".join(title.words)
        ):
            certain = not title.ambiguous or (
                nationality is not None and nationality in (title.nationalities or ())
            )
            best = (title, n, certain)
    return best


def _split_initials(word: str) -> list[str] | None:
    """ "J." → ["J"], "A.B." → ["A", "B"], "J" → ["J"]; None when the word is not initials."""
    stripped = word.strip()
    if re.fullmatch(r"(?:[A-Za-z]\.){1,4}", stripped):
        return [c for c in stripped if c.isalpha()]
    if len(stripped) == 1 and stripped.isalpha() and stripped.isupper():
        return [stripped]
    return None


def _native_split(text: str) -> tuple[list[str], list[str]]:
    """(titles, words) for a name in a native script: whole-word titles and glued Thai/Burmese ones."""
    titles: list[str] = []
    words: list[str] = []
    for word in text.split():
        if not words and word in NATIVE_TITLES:
            titles.append(NATIVE_TITLES[word])
            continue
        if not words:
            for prefix in _GLUED_PREFIXES:
                if word.startswith(prefix) and len(word) > len(prefix) + 1:
                    titles.append(NATIVE_TITLES[prefix])
                    word = word[len(prefix) :]
                    break
        words.append(word)
    if words and len(words[-1]) > 2:
        for suffix, canonical in _CHINESE_SUFFIX_TITLES.items():
            if words[-1].endswith(suffix):
                titles.append(canonical)
                words[-1] = words[-1][: -len(suffix)]
    return titles, words


def looks_like_mrz(text: str) -> bool:
    return "<" in text and re.fullmatch(r"[A-Z0-9<]+", text.strip()) is not None


def parse_mrz_name(field_text: str) -> tuple[str, str]:
    """(family, given) from an MRZ name field ("HUN<<SEN" → ("HUN", "SEN")); fillers become spaces."""
    family, given, _trunc = read_name_field(field_text.strip())
    return family, given


def format_mrz_name(family: str, given: str, width: int = 39) -> str:
    """The MRZ name field for a family and a given name, transliterated and padded to `width`."""
    return compose_name_field(family, given, width)[0]


def _convention(nationality: str | None, text: str, tokens: list[str]) -> tuple[str, str]:
    if nationality in NO_FAMILY_NAME:
        return "no_family", "nationality"
    if nationality in FAMILY_FIRST:
        return "family_first", "nationality"
    if nationality in GIVEN_FIRST:
        return "given_first", "nationality"
    script = dominant_script(text)
    if script in (Script.KHMER, Script.HAN, Script.HANGUL):
        return "family_first", "script"
    if script in (Script.THAI, Script.LAO):
        return "given_first", "script"
    if script is Script.MYANMAR:
        return "no_family", "script"
    if (
        tokens
        and _clean(tokens[0]) in FAMILY_FIRST_SURNAMES
        and _clean(tokens[-1]) not in FAMILY_FIRST_SURNAMES
    ):
        return "family_first", "surname"
    return "unknown", "none"


def _normalize_nationality(nationality: str | None) -> str | None:
    if not nationality:
        return None
    try:
        from tipnet.vocab import normalize_country

        return normalize_country(nationality)
    except Exception:  # an unknown code is no convention, not an error
        return nationality.strip().upper() or None


def parse_name(text: str, *, nationality: str | None = None) -> ParsedName:
    """Take a name apart. `nationality` (ISO alpha-2/3) decides the order and which titles are titles.

    Order comes, by priority, from the MRZ form (`HUN<<SEN`), a comma (`SHINAWATRA, Thaksin`), a
    word in capitals among mixed-case ones (`HUN Sen`), the nationality, the script, a known
    family name in first place; otherwise it stays unknown and `given` holds every word.
    """
    nat = _normalize_nationality(nationality)
    raw = unicodedata.normalize("NFC", text or "").strip()
    if looks_like_mrz(raw):
        family_field, given_field = parse_mrz_name(raw)
        fam, giv = tuple(family_field.split()), tuple(given_field.split())
        return ParsedName(
            raw, fam + giv, giv, fam, convention="family_first", order_source="mrz", nationality=nat
        )
    native_titles, words = _native_split(raw.replace(",", " , "))
    comma = "," in words
    titles: list[str] = list(native_titles)
    possible: list[str] = []
    while len(words) > 1:
        title, used, certain = _match_title(words, nat)
        if title is None:
            break
        if not certain:
            if nat is None:  # a title somewhere: let a matcher try the name with and without it
                possible.extend(words[:used])
            break
        titles.append(title.canonical)
        words = words[used:]
        if words and words[0] == ",":
            break
    suffixes: list[str] = []
    while len(words) > 1 and _clean(words[-1]) in NAME_SUFFIXES:
        suffixes.insert(0, words.pop())
    initials: list[str] = []
    tokens: list[str] = []
    for w in words:
        if w == ",":
            tokens.append(w)
            continue
        parts = _split_initials(w)
        if parts:
            initials.extend(parts)
            tokens.extend(parts)
        else:
            tokens.append(w.strip(".") if w.endswith(".") and len(w) > 2 else w)
    if comma:
        i = tokens.index(",")
        fam, giv = tuple(tokens[:i]), tuple(t for t in tokens[i + 1 :] if t != ",")
        return ParsedName(
            raw, fam + giv, giv, fam, tuple(titles), tuple(possible), tuple(suffixes), tuple(initials),
            "family_first", "comma", nat,
        )  # fmt: skip
    tokens = [t for t in tokens if t != ","]
    conv, source = _convention(nat, raw, tokens)
    given: tuple[str, ...] = tuple(tokens)
    family: tuple[str, ...] = ()
    caps = [t.isupper() and len(t) > 1 for t in tokens]
    if len(tokens) > 1 and any(caps) and not all(caps):
        # ASEAN documents write the family name in capitals: HUN Sen, Thaksin SHINAWATRA.
        family = tuple(t for t, c in zip(tokens, caps, strict=True) if c)
        given = tuple(t for t, c in zip(tokens, caps, strict=True) if not c)
        source = "capitals"
        conv = "family_first" if caps[0] else "given_first"
    elif (
        len(tokens) == 1
        and dominant_script(tokens[0]) in (Script.HAN, Script.HANGUL)
        and 2 <= len(tokens[0]) <= 4
    ):
        # 陈明华, 김정은: written without a space, surname first.
        from tipnet.identity.romanize.chinese import split_surname  # loads pypinyin: only for Han names

        fam_s, giv_s = (
            split_surname(tokens[0])
            if dominant_script(tokens[0]) is Script.HAN
            else (tokens[0][:1], tokens[0][1:])
        )
        family, given, conv = (fam_s,), (giv_s,), "family_first"
    elif len(tokens) == 1:
        conv = "mononym"
    elif conv == "family_first":
        family, given = (tuple(tokens[:1]), tuple(tokens[1:]))
    elif conv == "given_first":
        family, given = (tuple(tokens[-1:]), tuple(tokens[:-1]))
    return ParsedName(
        raw, tuple(tokens), given, family, tuple(titles), tuple(possible), tuple(suffixes), tuple(initials),
        conv, source, nat,
    )  # fmt: skip


def has_whole_name(text: str, nationality: str | None = None) -> bool:
    """Whether a name is of a culture without family names (Myanmar: by nationality or script), whose
    syllables are compared in order (tipnet.identity.name_compare.compare_whole_names)."""
    return _normalize_nationality(nationality) in NO_FAMILY_NAME or dominant_script(text) is Script.MYANMAR


def initials_of(name: str) -> str:
    """ "Thaksin Shinawatra" → "TS" (titles removed, hyphenated parts counted once)."""
    return "".join(t[0].upper() for t in parse_name(name).tokens if t and t[0].isalpha())


def spacing_variants(name: str) -> list[str]:
    """The ways one name is spaced and hyphenated: "Prayut Chan-o-cha" → "Prayut Chanocha",
    "Prayut Chan O Cha", "Prayut Chan-O-Cha"; "Chan O Cha" → "Chanocha", "Chan-o-cha". First is the input.
    """
    base = " ".join(name.split())
    out = [base]

    def add(v: str) -> None:
        v = " ".join(v.split())
        if v and v not in out:
            out.append(v)

    words = base.split()
    if any("-" in w for w in words):
        add(" ".join(w.replace("-", "").capitalize() if "-" in w else w for w in words))
        add(" ".join(" ".join(p.capitalize() for p in w.split("-")) if "-" in w else w for w in words))
        add(" ".join("-".join(p.capitalize() for p in w.split("-")) if "-" in w else w for w in words))
    # Runs of words around a short one (Chan O Cha) joined, with and without hyphens.
    merged: list[list[str]] = []
    for w in words:
        if merged and (len(w) <= 2 or len(merged[-1][-1]) <= 2) and "-" not in w:
            merged[-1].append(w)
        else:
            merged.append([w])
    if any(len(g) > 1 for g in merged):
        add(" ".join("".join(g).capitalize() if len(g) > 1 else g[0] for g in merged))
        add(" ".join("-".join([g[0], *(p.lower() for p in g[1:])]) if len(g) > 1 else g[0] for g in merged))
    return out
