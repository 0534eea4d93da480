"""Thai names to Latin: RTGS from a syllable parser, the spellings passports actually carry, a lexicon.

Thai passport spellings are chosen by the holder and are often etymological (ชินวัตร is
"Shinawatra", from Sanskrit, while RTGS gives "Chinnawat"), so three sources are ranked:

1. a lexicon of common given names and surnames with their customary spellings;
2. RTGS (Royal Thai General System, 1999) from a syllable parser: leading vowels เ แ โ ใ ไ, clusters
   (กร, ปล, พร ...), leading ห/อ, รร, ฤ, implicit o/a vowels, final consonant classes
   (ก ข ค → k, ด ต ศ ษ ส ... → t, น ณ ญ ร ล → n, บ ป พ ภ → p), silent letters under the karan ์
   (and ทร์/ตร์ after a final), tone marks ignored;
3. passport-style variants of (2): ph/p, th/t, kh/k, จ ch/j, ว w/v, final ร "rn", ล "l", ศ/ส "s",
   long vowels doubled (ee, oo), เ-อ "er", ไ "ay".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tipnet.identity.romanize.ranking import Option, merge_ranked, ranked, ranked_product, title_token

_C = "ก-รลว-ฮ"  # consonants: ก-ฮ less the vocalic ฤ and ฦ
_MARKS = "ัิีึืุู็"  # vowel signs above and below
_FOLLOW = "ะาำๅ"
_TONES = re.compile("[\u0e48-\u0e4b\u0e4d\u0e4e\u0e2f\u0e5a\u0e5b]")
_KARAN = "\u0e4c"

# Silent letters: a consonant (with an optional i/u) under the karan; ทร์/ตร์ after a final; ร at the
# end of a word after a short closed syllable's final that ends a Sanskrit/Pali conjunct (-tra, -kra,
# -dra, -cra: บัตร, มิตร, ชินวัตร, จักร, สมัคร, ภัทร, สมุทร). Elsewhere a final ร is a consonant read
# n: -พร, -กร, -ธร after a long or open syllable (ศิริพร Siriphon, จิราพร Chiraphon, ธนาธร Thanathon).
# RTGS (Royal Institute 1999, Principles of Romanization for Thai Script, final consonants: ญ ณ น ร ล
# ฬ → n) writes them n; clerks also write -porn/-pon, which the passport variants below keep.
_SILENT_R_AFTER = "กคจชฒตทภ"
_SILENT = (
    (re.compile(f"(?<=[{_C}])(?:[ทต]ร|ษณ){_KARAN}"), ""),
    (re.compile(f"[{_C}][ิุ]?{_KARAN}"), ""),
    (re.compile(f"(?<=[ัิุ][{_SILENT_R_AFTER}])ร$"), ""),
)

# Onsets: true clusters, leading ห (ห + sonorant is read as the sonorant), leading อ before ย, ทร/ศร/สร = s.
_ONSET = f"(?:ห[งญนมยรลว]|อย|[ทศส]ร|[กขคตปผพ][รล]|[กขค]ว(?=[{_MARKS}ะาำง])|[{_C}])"
_O = f"(?P<o>{_ONSET})"
# A final consonant: not itself followed by a vowel sign (that would make it the next onset), nor by
# อ acting as its vowel, nor leaving one bare consonant at the end of the word (ภูมิพล is phu-mi-phon,
# not phu-mip-la).
_F = f"(?P<f>[{_C}](?![{_MARKS}ะาำ])(?!อ[{_C}]|อ$|รร)(?![{_C}]$))"
_NO_F = f"(?![{_C}](?![{_MARKS}ะาำ]))"  # for open patterns: no stray final left behind

# (pattern, vowel code). Order matters: longer and more specific forms first.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (f"เ{_O}็{_F}", "e"),
    (f"เ{_O}าะ", "aw"),
    (f"เ{_O}า", "ao"),
    (f"เ{_O}ีย{_F}?", "ia"),
    (f"เ{_O}ือ{_F}?", "uea"),
    (f"เ{_O}ิ{_F}", "oe"),
    (f"เ{_O}อ{_F}?", "oe"),
    (f"เ{_O}ย", "oei"),
    (f"เ{_O}ะ", "e"),
    (f"เ{_O}{_F}?", "e"),
    (f"แ{_O}็{_F}", "ae"),
    (f"แ{_O}ะ", "ae"),
    (f"แ{_O}{_F}?", "ae"),
    (f"โ{_O}ะ", "o"),
    (f"โ{_O}{_F}?", "o"),
    (f"[ใไ]{_O}ย?", "ai"),
    (f"{_O}ัว{_F}?", "ua"),
    (f"{_O}ัย", "ai"),
    (f"{_O}ั{_F}", "a"),
    (f"{_O}ะ", "a"),
    (f"{_O}[าๅ]{_F}?", "aa"),
    (f"{_O}ำ", "am"),
    (f"{_O}ิ{_F}?", "i"),
    (f"{_O}ี{_F}?", "ii"),
    (f"{_O}ึ{_F}?", "ue"),
    (f"{_O}ือ?{_F}?", "ue"),
    (f"{_O}ุ{_F}?", "u"),
    (f"{_O}ู{_F}?", "uu"),
    (f"{_O}็?อ{_F}?", "aw"),
    (f"{_O}ว{_F}", "ua"),
    (f"{_O}รร(?P<f>[{_C}])(?=$|[{_C}][{_MARKS}ะาำ]|[เแโใไ])", "a"),
    (f"{_O}รร", "an"),
    (f"{_O}{_F}", "o"),
    (f"{_O}", "a"),
)
_COMPILED = tuple((re.compile(p), v) for p, v in _PATTERNS)
_UNNAMED = re.compile(r"\(\?P<[of]>")
_ANY = re.compile("|".join(f"(?P<p{i}>{_UNNAMED.sub('(?:', p)})" for i, (p, _v) in enumerate(_PATTERNS)))

# Initials: best-first options with costs. Passport spellings drop the h of aspirates, write จ as j,
# ว as v.
_TH = (("th", 0.0), ("t", 0.5))
_PH = (("ph", 0.0), ("p", 0.45))
_KH = (("kh", 0.0), ("k", 0.5))
_INITIAL: dict[str, tuple[Option, ...]] = {
    "ก": (("k", 0.0),),
    "ข": _KH,
    "ฃ": _KH,
    "ค": _KH,
    "ฅ": _KH,
    "ฆ": _KH,
    "ง": (("ng", 0.0),),
    "จ": (("ch", 0.0), ("j", 0.35)),
    "ฉ": (("ch", 0.0),),
    "ช": (("ch", 0.0), ("sh", 0.8)),
    "ซ": (("s", 0.0),),
    "ฌ": (("ch", 0.0),),
    "ญ": (("y", 0.0),),
    "ฎ": (("d", 0.0),),
    "ฏ": (("t", 0.0),),
    "ฐ": _TH,
    "ฑ": (("th", 0.0), ("t", 0.5), ("d", 0.7)),
    "ฒ": _TH,
    "ณ": (("n", 0.0),),
    "ด": (("d", 0.0),),
    "ต": (("t", 0.0),),
    "ถ": _TH,
    "ท": _TH,
    "ธ": _TH,
    "น": (("n", 0.0),),
    "บ": (("b", 0.0),),
    "ป": (("p", 0.0),),
    "ผ": _PH,
    "ฝ": (("f", 0.0),),
    "พ": _PH,
    "ฟ": (("f", 0.0),),
    "ภ": _PH,
    "ม": (("m", 0.0),),
    "ย": (("y", 0.0),),
    "ร": (("r", 0.0),),
    "ล": (("l", 0.0),),
    "ว": (("w", 0.0), ("v", 0.4)),
    "ศ": (("s", 0.0),),
    "ษ": (("s", 0.0),),
    "ส": (("s", 0.0),),
    "ห": (("h", 0.0),),
    "อ": (("", 0.0),),
    "ฮ": (("h", 0.0),),
    "ฬ": (("l", 0.0),),
}
_FINAL: dict[str, tuple[Option, ...]] = {}
for _chars, _opts in (
    ("กขคฆ", (("k", 0.0),)),
    ("ง", (("ng", 0.0),)),
    ("จชซฌฎฏดต", (("t", 0.0), ("d", 0.5))),
    ("ฐฑฒถทธ", (("t", 0.0), ("th", 0.5))),
    ("ศษส", (("t", 0.0), ("s", 0.5))),
    ("ญณน", (("n", 0.0),)),
    ("ร", (("n", 0.0), ("rn", 0.35))),
    ("ลฬ", (("n", 0.0), ("l", 0.4))),
    ("บปพฟภ", (("p", 0.0), ("b", 0.7))),
    ("ม", (("m", 0.0),)),
    ("ย", (("i", 0.0), ("y", 0.6))),
    ("ว", (("o", 0.0), ("w", 0.6))),
):
    for _ch in _chars:
        _FINAL[_ch] = _opts

_VOWEL: dict[str, tuple[Option, ...]] = {
    "a": (("a", 0.0),),
    "aa": (("a", 0.0), ("aa", 0.8)),
    "am": (("am", 0.0),),
    "i": (("i", 0.0),),
    "ii": (("i", 0.0), ("ee", 0.45)),
    "ue": (("ue", 0.0), ("eu", 0.4), ("u", 0.6)),
    "u": (("u", 0.0), ("oo", 0.55)),
    "uu": (("u", 0.0), ("oo", 0.4)),
    "e": (("e", 0.0),),
    "ae": (("ae", 0.0),),
    "o": (("o", 0.0),),
    "aw": (("o", 0.0), ("or", 0.6)),
    "oe": (("oe", 0.0), ("er", 0.3)),
    "oei": (("oei", 0.0), ("oey", 0.6)),
    "ia": (("ia", 0.0), ("ie", 0.7)),
    "uea": (("uea", 0.0), ("ua", 0.5)),
    "ua": (("ua", 0.0),),
    "ai": (("ai", 0.0), ("ay", 0.6)),
    "ao": (("ao", 0.0), ("ow", 0.9)),
    "an": (("an", 0.0),),
    "rue": (("rue", 0.0), ("ri", 0.3), ("ru", 0.6)),
    "ri": (("ri", 0.0), ("rue", 0.3), ("ru", 0.6)),
}


@dataclass(frozen=True)
class Syllable:
    """One parsed syllable: Thai onset (one or two letters, '' for none), vowel code, Thai final."""

    onset: str
    vowel: str
    final: str


def _onset_options(onset: str) -> tuple[Option, ...]:
    if not onset:
        return (("", 0.0),)
    if len(onset) == 2:
        first, second = onset[0], onset[1]
        if first in "หอ":  # leading ห / อ: silent
            return _INITIAL[second]
        if second == "ร" and first in "ทศส":
            return (("s", 0.0), ("sr", 0.5)) if first in "ศส" else (("s", 0.0),)
        return tuple(
            (a + b, ca + cb) for a, ca in _INITIAL[first] for b, cb in _INITIAL.get(second, (("", 0.0),))
        )
    return _INITIAL.get(onset, (("", 0.0),))


def parse_word(word: str) -> list[Syllable]:
    """Syllables of one Thai word (no spaces), tone marks ignored and silent letters removed."""
    w = _TONES.sub("", word)
    for pattern, repl in _SILENT:
        w = pattern.sub(repl, w)
    out: list[Syllable] = []
    i, n = 0, len(w)
    while i < n:
        ch = w[i]
        if ch in "ฤฦ":  # the vocalic r: rue, or ri after an onset in Sanskrit loans
            prev = out.pop() if out and out[-1].vowel == "a" and not out[-1].final else None
            onset = prev.onset if prev else ""
            vowel = "ri" if onset and onset[-1] in "กตทศสปฑ" else "rue"
            i += 2 if i + 1 < n and w[i + 1] == "ๅ" else 1
            final = ""
            if i < n and "ก" <= w[i] <= "ฮ" and (i + 1 >= n or w[i + 1] not in _MARKS + "ะาำ"):
                final, i = w[i], i + 1
            out.append(Syllable(onset, vowel, final))
            continue
        m = _ANY.match(w, i)
        if m is None:
            i += 1  # stray mark or non-Thai character
            continue
        idx = int(m.lastgroup[1:]) if m.lastgroup else 0
        pattern, vowel = _COMPILED[idx]
        mm = pattern.match(w, i)
        assert mm is not None
        onset = mm.group("o") or ""
        final = mm.groupdict().get("f") or ""
        if vowel == "an":
            final = ""
        out.append(Syllable(onset, vowel, final))
        i = mm.end()
    return out


def _syllable_options(s: Syllable) -> list[tuple[Option, ...]]:
    vowel = s.vowel
    if vowel in ("rue", "ri"):
        onset = _onset_options(s.onset) if s.onset else (("", 0.0),)
        return [onset, _VOWEL[vowel], _FINAL.get(s.final, (("", 0.0),)) if s.final else (("", 0.0),)]
    if s.final == "ย" and vowel in ("aa", "a", "o", "aw", "u", "uu", "ua", "uea"):
        # า ย → ai, อ ย → oi, ุ ย → ui, ว ย → uai: one vowel, no final
        base = {"aa": "a", "a": "a", "o": "o", "aw": "o", "u": "u", "uu": "u", "ua": "ua", "uea": "uea"}[
            vowel
        ]
        return [_onset_options(s.onset), ((base + "i", 0.0), (base + "y", 0.6))]
    if s.final == "ว" and vowel in ("aa", "a", "i", "ii", "e", "ae", "ia"):
        base = {"aa": "a", "a": "a", "i": "i", "ii": "i", "e": "e", "ae": "ae", "ia": "ia"}[vowel]
        return [_onset_options(s.onset), ((base + "o", 0.0), (base + "w", 0.6))]
    final = _FINAL.get(s.final, (("", 0.0),)) if s.final else (("", 0.0),)
    return [_onset_options(s.onset), _VOWEL[vowel], final]


def rtgs(word: str) -> str:
    """The RTGS spelling of one Thai word from the parser (lower case, no lexicon)."""
    parts: list[tuple[Option, ...]] = []
    for syl in parse_word(word):
        parts.extend(_syllable_options(syl))
    return "".join(p[0][0] for p in parts)


# Customary spellings, best first. Passport spellings of royal and Sanskrit-derived names follow
# etymology, not RTGS; these are the ones officials meet most.
LEXICON: dict[str, tuple[str, ...]] = {
    "ทักษิณ": ("Thaksin",),
    "ชินวัตร": ("Shinawatra", "Chinnawat", "Chinawat"),
    "ยิ่งลักษณ์": ("Yingluck", "Yinglak"),
    "ประยุทธ์": ("Prayut", "Prayuth"),
    "จันทร์โอชา": ("Chan-o-cha", "Chanocha", "Chan-ocha"),
    "อภิสิทธิ์": ("Abhisit", "Aphisit"),
    "เวชชาชีวะ": ("Vejjajiva", "Wetchachiwa"),
    "สมชาย": ("Somchai",),
    "วงศ์สวัสดิ์": ("Wongsawat",),
    "ภูมิพล": ("Bhumibol", "Phumiphon"),
    "อดุลยเดช": ("Adulyadej", "Adunlayadet"),
    "วชิราลงกรณ์": ("Vajiralongkorn", "Wachiralongkon"),
    "สมศักดิ์": ("Somsak",),
    "สมพงษ์": ("Sompong", "Somphong"),
    "สมปอง": ("Sompong", "Sompong"),
    "สุรเชษฐ์": ("Surachet", "Surachate"),
    "ประเสริฐ": ("Prasert", "Prasoet"),
    "บุญมี": ("Boonmee", "Bunmi"),
    "บุญชัย": ("Boonchai", "Bunchai"),
    "ศรี": ("Sri", "Si"),
    "สุดา": ("Suda",),
    "มาลี": ("Malee", "Mali"),
    "ปราณี": ("Pranee", "Prani"),
    "วิชัย": ("Wichai", "Vichai"),
    "ชัยวัฒน์": ("Chaiwat", "Chaiwatt"),
    "สุวรรณ": ("Suwan", "Suwanna"),
    "พรชัย": ("Pornchai", "Phonchai"),
    "สุภาพร": ("Supaporn", "Suphaphon"),
    "กาญจนา": ("Kanchana", "Kanjana", "Karnchana"),
    "วันดี": ("Wandee", "Wandi"),
    "นภา": ("Napa", "Napha"),
    "จิราพร": ("Jiraporn", "Chiraphon"),
    "ธนาธร": ("Thanathorn", "Thanathon"),
    "จึงรุ่งเรืองกิจ": ("Juangroongruangkit", "Chueng-rungrueangkit"),
    "อนุทิน": ("Anutin", "Anuthin"),
    "ชาญวีรกูล": ("Charnvirakul", "Chanwirakun"),
    "ศรีสุข": ("Srisuk", "Sisuk"),
    "แก้ว": ("Kaew", "Kaeo"),
    "ทองดี": ("Thongdee", "Thongdi"),
    "สมบูรณ์": ("Somboon", "Sombun"),
    "สมหมาย": ("Sommai",),
    "เพชร": ("Phet", "Petch", "Pet"),
    "รัตนา": ("Rattana", "Ratana"),
    "วิทยา": ("Witthaya", "Wittaya", "Vitthaya"),
    "พัฒนา": ("Phatthana", "Pattana"),
    "กิตติ": ("Kitti",),
    "สุขสวัสดิ์": ("Suksawat",),
    "ศักดิ์ชัย": ("Sakchai",),
    "เจริญ": ("Charoen", "Charern", "Jaroen"),
    "แสง": ("Saeng", "Sang"),
    "มณี": ("Manee", "Mani"),
    "บุญ": ("Boon", "Bun"),
    "ทอง": ("Thong", "Tong"),
    "ปัญญา": ("Panya",),
    "อรุณ": ("Arun",),
    "ณัฐพล": ("Nattapon", "Nattaphon", "Natthaphon"),
    "ธีระ": ("Teera", "Thira", "Theera"),
    "อัญชลี": ("Anchalee", "Anchali"),
    "ประวิตร": ("Prawit", "Pravit"),
    "วงษ์สุวรรณ": ("Wongsuwan", "Wongsuwon"),
    "ชวลิต": ("Chavalit", "Chawalit"),
    "ยงใจยุทธ": ("Yongchaiyudh", "Yongchaiyut"),
    "ชวน": ("Chuan",),
    "หลีกภัย": ("Leekpai", "Likphai"),
    "บรรหาร": ("Banharn", "Banhan"),
    "ศิลปอาชา": ("Silpa-archa", "Sinlapa-acha"),
    "สุรยุทธ์": ("Surayud", "Surayut"),
    "จุลานนท์": ("Chulanont", "Chulanon"),
    "สมัคร": ("Samak",),
    "สุนทรเวช": ("Sundaravej", "Sunthonwet"),
    "สุรพล": ("Surapol", "Suraphon"),
    "สมพร": ("Somporn", "Somphon"),
    "พรทิพย์": ("Pornthip", "Phonthip"),
    "นิพนธ์": ("Nipon", "Niphon"),
    "อำนาจ": ("Amnat", "Amnaj"),
    "ไพโรจน์": ("Pairoj", "Phairot"),
    "สุเทพ": ("Suthep", "Sutep"),
    "เทือกสุบรรณ": ("Thaugsuban", "Thueaksuban"),
    "กิตติศักดิ์": ("Kittisak",),
    "ณ อยุธยา": ("Na Ayudhya", "Na Ayutthaya"),
    "อยุธยา": ("Ayudhya", "Ayutthaya"),
    "ศรีสวัสดิ์": ("Srisawat", "Sisawat"),
    "รุ่งเรือง": ("Rungruang", "Rungrueang"),
    "ใจดี": ("Jaidee", "Chaidi"),
    "สายสุนีย์": ("Saisunee", "Saisuni"),
    "นงลักษณ์": ("Nongluck", "Nonglak"),
    "วิไล": ("Wilai", "Vilai"),
    "อุไร": ("Urai",),
    "จันทร์": ("Chan", "Jan"),
    "บุญเลิศ": ("Boonlert", "Bunloet"),
    "เกียรติ": ("Kiat", "Kiet"),
    "เกียรติศักดิ์": ("Kiattisak", "Kiatisak"),
    "ฤทธิ์": ("Rit", "Ruet"),
    "สมศรี": ("Somsri", "Somsi"),
    "วงศ์": ("Wong", "Vong"),
    "ศรีสะอาด": ("Srisaard", "Sisaat"),
    "ทองสุข": ("Thongsuk", "Tongsuk"),
    "คำ": ("Kham", "Kam"),
    "มณีรัตน์": ("Maneerat", "Manirat"),
    "สุขใจ": ("Sukjai", "Sukchai"),
}

# Titles written glued to the name in Thai (นายสมชาย): split off so they can be recognised.
TITLE_PREFIXES: dict[str, str] = {
    "นางสาว": "Nangsao",
    "เด็กชาย": "Dek Chai",
    "เด็กหญิง": "Dek Ying",
    "ด.ช.": "Dek Chai",
    "ด.ญ.": "Dek Ying",
    "น.ส.": "Nangsao",
    "นาย": "Nai",
    "นาง": "Nang",
}


def split_title(word: str) -> tuple[str | None, str]:
    """(title's Latin form, rest) when `word` starts with a glued title and something follows it."""
    for prefix, latin in TITLE_PREFIXES.items():
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return latin, word[len(prefix) :]
        if word == prefix:
            return latin, ""
    return None, word


def _generated(word: str, limit: int) -> list[Option]:
    parts: list[tuple[Option, ...]] = []
    for syl in parse_word(word):
        parts.extend(_syllable_options(syl))
    return ranked_product(parts, limit)


def _compound(word: str, limit: int) -> list[Option]:
    """Spellings of a word that starts or ends with a lexicon entry (สม+ศรี → Somsri), the rest parsed."""
    out: list[Option] = []
    for k in range(len(word) - 2, 1, -1):
        head, tail = word[:k], word[k:]
        if tail in LEXICON:
            out += ranked_product([_generated(head, 3), ranked(LEXICON[tail])], limit)
        if head in LEXICON:
            tails = [(t.lower(), c) for t, c in _generated(tail, 3)]
            out += ranked_product([ranked(LEXICON[head]), tails], limit)
            if len(head) > 2 and head[-1] == "ร" and head[-2] in _SILENT_R_AFTER:
                # A compound reads the head's silenced conjunct with a linking a: เพชร+รัตน์ is
                # phet-cha-rat (RTGS Phetcharat), not Phetrat.
                link = _INITIAL[head[-2]][0][0] + "a"
                out += ranked_product(
                    [ranked(LEXICON[head]), [(link + t.lower(), c) for t, c in tails]], limit
                )
    return [(t.lower(), c + 0.05) for t, c in out]


@lru_cache(maxsize=65536)
def word_options(word: str, limit: int = 8) -> tuple[Option, ...]:
    """Ranked spellings of one Thai word: lexicon first, then RTGS and its passport variants."""
    lexical = LEXICON.get(word)
    generated = _generated(word, limit)
    if not lexical:
        generated = merge_ranked(_compound(word, limit), generated, limit=limit)
    generated = [(title_token(t), c + (0.3 if lexical else 0.0)) for t, c in generated]
    return tuple(merge_ranked(ranked(lexical or ()), generated, limit=limit))


def romanize_thai(text: str, *, limit: int = 8) -> list[str]:
    """Ranked Latin spellings of a Thai name (words separated by spaces), best first."""
    words: list[tuple[Option, ...]] = []
    text = text.strip()
    # Multi-word lexicon entries ("ณ อยุธยา") are matched before splitting.
    for multi in ("ณ อยุธยา",):
        text = text.replace(multi, multi.replace(" ", "\u00a0"))
    for raw in text.split():
        raw = raw.replace("\u00a0", " ")
        title, word = split_title(raw)
        if title:
            words.append(((title, 0.0),))
        if word:
            opts = word_options(word, limit)
            if opts:
                words.append(opts)
    return [t for t, _c in ranked_product(words, limit, sep=" ") if t]
