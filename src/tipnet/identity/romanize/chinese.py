"""Chinese names to Latin: Mandarin pinyin, Wade-Giles (Taiwan), Cantonese (Hong Kong) and the
Hokkien/Teochew surname spellings of the Chinese of South-East Asia.

陈 is Chen in pinyin and Wade-Giles, Chan in Hong Kong, Tan in Cambodia, Malaysia or Singapore: the
same person may carry any of them. Readings come from pypinyin (simplified and traditional), with
surname readings fixed for the heteronyms (单 Shan not Dan, 曾 Zeng not Ceng, 解 Xie not Jie);
Wade-Giles is derived from pinyin by rule; Cantonese given names use the Hong Kong government
romanisation table of `cantoroman` (traditional characters: simplified are converted by ICU).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Protocol

import icu
from pypinyin import Style, lazy_pinyin

from tipnet.identity.romanize.ranking import Option, merge_ranked, title_token

# Surnames: (pinyin, Wade-Giles/Taiwan spelling, Cantonese spellings, Hokkien/Teochew/Hakka spellings).
SURNAMES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "陈": ("Chen", "Chen", ("Chan",), ("Tan", "Chin")),
    "林": ("Lin", "Lin", ("Lam",), ("Lim", "Lum")),
    "黄": ("Huang", "Huang", ("Wong",), ("Ng", "Wee", "Ooi")),
    "李": ("Li", "Lee", ("Lee", "Lei"), ("Lee",)),
    "张": ("Zhang", "Chang", ("Cheung",), ("Teo", "Chong", "Teoh")),
    "王": ("Wang", "Wang", ("Wong",), ("Ong", "Heng")),
    "刘": ("Liu", "Liu", ("Lau",), ("Low", "Lau")),
    "吴": ("Wu", "Wu", ("Ng",), ("Goh", "Ng")),
    "杨": ("Yang", "Yang", ("Yeung",), ("Yeo", "Yong")),
    "赵": ("Zhao", "Chao", ("Chiu",), ("Teo", "Chew")),
    "周": ("Zhou", "Chou", ("Chow",), ("Chew", "Chiu")),
    "徐": ("Xu", "Hsu", ("Tsui",), ("Chee",)),
    "孙": ("Sun", "Sun", ("Suen",), ("Sng", "Soon")),
    "马": ("Ma", "Ma", ("Ma",), ("Beh", "Mah")),
    "朱": ("Zhu", "Chu", ("Chu", "Chue"), ("Choo",)),
    "胡": ("Hu", "Hu", ("Wu",), ("Oh", "Hoo")),
    "郭": ("Guo", "Kuo", ("Kwok",), ("Quek", "Kuek", "Kwek")),
    "何": ("He", "Ho", ("Ho",), ("Hoh",)),
    "高": ("Gao", "Kao", ("Ko",), ("Koh",)),
    "罗": ("Luo", "Lo", ("Law", "Lo"), ("Loh",)),
    "郑": ("Zheng", "Cheng", ("Cheng",), ("Tay", "Teh", "Tee")),
    "梁": ("Liang", "Liang", ("Leung",), ("Neo", "Leong")),
    "谢": ("Xie", "Hsieh", ("Tse",), ("Chia", "Seah")),
    "宋": ("Song", "Sung", ("Sung",), ("Song",)),
    "唐": ("Tang", "Tang", ("Tong",), ("Tng",)),
    "许": ("Xu", "Hsu", ("Hui",), ("Koh", "Khor")),
    "邓": ("Deng", "Teng", ("Tang",), ("Teng",)),
    "冯": ("Feng", "Feng", ("Fung",), ("Pang",)),
    "韩": ("Han", "Han", ("Hon",), ()),
    "曹": ("Cao", "Tsao", ("Tso",), ("Chow",)),
    "曾": ("Zeng", "Tseng", ("Tsang",), ("Chan", "Tsen")),
    "彭": ("Peng", "Peng", ("Pang",), ("Phang",)),
    "萧": ("Xiao", "Hsiao", ("Siu",), ("Seow", "Siow")),
    "蔡": ("Cai", "Tsai", ("Choi", "Choy"), ("Chua", "Chuah")),
    "潘": ("Pan", "Pan", ("Poon",), ("Phua", "Pua")),
    "田": ("Tian", "Tien", ("Tin",), ()),
    "董": ("Dong", "Tung", ("Tung",), ()),
    "袁": ("Yuan", "Yuan", ("Yuen",), ("Wan",)),
    "于": ("Yu", "Yu", ("Yu",), ("Ee",)),
    "余": ("Yu", "Yu", ("Yu", "Yue"), ("Ee", "Yee")),
    "叶": ("Ye", "Yeh", ("Yip", "Ip"), ("Yap", "Yeap")),
    "蒋": ("Jiang", "Chiang", ("Cheung",), ()),
    "杜": ("Du", "Tu", ("To",), ("Toh",)),
    "苏": ("Su", "Su", ("So",), ("Soh", "Saw")),
    "魏": ("Wei", "Wei", ("Ngai",), ("Gwee", "Ngui")),
    "程": ("Cheng", "Cheng", ("Ching",), ()),
    "吕": ("Lü", "Lu", ("Lui",), ("Lu",)),
    "丁": ("Ding", "Ting", ("Ting",), ("Teng",)),
    "沈": ("Shen", "Shen", ("Shum", "Sham"), ("Sim",)),
    "任": ("Ren", "Jen", ("Yam",), ()),
    "姚": ("Yao", "Yao", ("Yiu",), ("Yeo",)),
    "卢": ("Lu", "Lu", ("Lo", "Lou"), ("Loo",)),
    "钟": ("Zhong", "Chung", ("Chung",), ("Chong",)),
    "汪": ("Wang", "Wang", ("Wong",), ("Ong",)),
    "石": ("Shi", "Shih", ("Shek",), ("Chioh",)),
    "方": ("Fang", "Fang", ("Fong",), ("Png", "Hng")),
    "邱": ("Qiu", "Chiu", ("Yau",), ("Khoo", "Khu")),
    "丘": ("Qiu", "Chiu", ("Yau",), ("Khoo",)),
    "侯": ("Hou", "Hou", ("Hau",), ()),
    "洪": ("Hong", "Hung", ("Hung",), ("Ang",)),
    "温": ("Wen", "Wen", ("Wan",), ("Woon",)),
    "陆": ("Lu", "Lu", ("Luk",), ("Lok",)),
    "谭": ("Tan", "Tan", ("Tam",), ("Tham",)),
    "关": ("Guan", "Kuan", ("Kwan",), ()),
    "欧阳": ("Ouyang", "Ouyang", ("Au-Yeung", "Auyeung"), ("Owyong",)),
    "司马": ("Sima", "Szuma", ("Sze-Ma",), ()),
    "诸葛": ("Zhuge", "Chuko", ("Chu-Kot",), ()),
    "单": ("Shan", "Shan", ("Sin",), ()),
    "解": ("Xie", "Hsieh", ("Kai",), ()),
    "仇": ("Qiu", "Chiu", ("Kau",), ()),
    "区": ("Ou", "Ou", ("Au",), ("Au",)),
    "查": ("Zha", "Cha", ("Cha",), ()),
    "翟": ("Zhai", "Chai", ("Chak",), ()),
    "朴": ("Piao", "Piao", ("Pok",), ("Park",)),
    "乐": ("Yue", "Yueh", ("Lok",), ()),
    "覃": ("Qin", "Chin", ("Tam",), ()),
    "缪": ("Miao", "Miao", ("Mau",), ()),
    "盖": ("Ge", "Ko", ("Koi",), ()),
    "尉迟": ("Yuchi", "Yuchih", ("Wat-Chi",), ()),
    "万俟": ("Moqi", "Mochi", ("Mak-Kei",), ()),
    "单于": ("Chanyu", "Chanyu", ("Sin-Yu",), ()),
    "秘": ("Bi", "Pi", ("Bei",), ()),
    "种": ("Chong", "Chung", ("Chung",), ()),
    "召": ("Shao", "Shao", ("Siu",), ()),
    "华": ("Hua", "Hua", ("Wah",), ()),
    "冼": ("Xian", "Hsien", ("Sin",), ()),
    "黎": ("Li", "Li", ("Lai",), ("Lay",)),
    "郝": ("Hao", "Hao", ("Kok",), ()),
    "龚": ("Gong", "Kung", ("Kung",), ()),
    "孔": ("Kong", "Kung", ("Hung",), ("Khong",)),
    "习": ("Xi", "Hsi", ("Tsap",), ()),
    "毛": ("Mao", "Mao", ("Mo",), ()),
}

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯", "令狐", "宇文",
        "司徒", "澹台", "端木", "轩辕", "独孤", "南宫", "呼延", "闻人", "万俟", "申屠", "太史", "钟离", "西门",
        "百里", "东郭", "单于",
    }
)  # fmt: skip


@cache
def _icu(tid: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(tid)


def to_simplified(text: str) -> str:
    simplified: str = _icu("Hant-Hans").transliterate(text)
    return simplified


def to_traditional(text: str) -> str:
    traditional: str = _icu("Hans-Hant").transliterate(text)
    return traditional


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) of a name written without spaces, compound surnames recognised."""
    simplified = to_simplified(name)
    if len(name) > 2 and simplified[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


# --- pinyin to Wade-Giles (no tone marks, no apostrophes, ü as u: the passport form) --------

_WG_WHOLE = {
    "zi": "tzu", "ci": "tzu", "si": "ssu", "zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih",
    "er": "erh", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung", "yue": "yueh", "yu": "yu",
    "yuan": "yuan", "yun": "yun", "he": "ho", "ge": "ko", "ke": "ko", "lve": "lueh", "nve": "nueh",
    "lüe": "lueh", "nüe": "nueh", "lv": "lu", "lü": "lu", "nv": "nu", "nü": "nu",
}  # fmt: skip
_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("m", "m"), ("f", "f"), ("d", "t"),
    ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"), ("h", "h"), ("j", "ch"), ("q", "ch"),
    ("x", "hs"), ("r", "j"), ("z", "ts"), ("c", "ts"), ("s", "s"), ("y", "y"), ("w", "w"),
)  # fmt: skip


@lru_cache(maxsize=2048)
def wade_giles(syllable: str) -> str:
    """The Wade-Giles spelling (passport form) of one toneless pinyin syllable."""
    s = syllable.lower().replace("ü", "v")
    if s in _WG_WHOLE:
        return _WG_WHOLE[s]
    initial, wg_initial = "", ""
    for py, wg in _WG_INITIALS:
        if s.startswith(py):
            initial, wg_initial = py, wg
            break
    final = s[len(initial) :]
    if initial in ("j", "q", "x"):
        final = {"ue": "ueh", "uan": "uan", "un": "un", "u": "u"}.get(final, final)
    if final == "ian":
        final = "ien"
    elif final == "ie":
        final = "ieh"
    elif final == "iong":
        final = "iung"
    elif final == "ong":
        final = "ung"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    elif (final == "uo" and initial not in ("g", "k", "h", "sh", "")) or (
        final == "e" and initial in ("g", "k", "h")
    ):
        final = "o"
    elif final == "v":
        final = "u"
    elif final == "ve":
        final = "ueh"
    return wg_initial + final.replace("v", "u")


# --- Cantonese ---------------------------------------------------------------------------------


class _RomanTable(Protocol):
    """What is used of cantoroman's table: each character's Hong Kong government spellings."""

    def getRoman(self, text: str, /) -> list[list[str]]: ...


@cache
def _cantonese_table() -> _RomanTable | None:
    try:
        from cantoroman import Cantonese
    except ModuleNotFoundError:
        return None
    table: _RomanTable = Cantonese()
    return table


def _cantonese_rank(spelling: str, index: int) -> tuple[int, int]:
    # The table mixes Hong Kong government spellings with Jyutping-like ones (gwok/kwok, daai/tai):
    # prefer the government style of identity cards, aspirate-looking initials and single a.
    penalty = int(spelling.startswith(("g", "d", "b", "j", "z"))) + int("aa" in spelling)
    return penalty, index


@lru_cache(maxsize=8192)
def cantonese_syllable(char: str) -> str | None:
    """The Hong Kong government spelling of one character, or None when unknown."""
    table = _cantonese_table()
    if table is None:
        return None
    trad = to_traditional(char)
    readings = table.getRoman(trad)[0] if trad else []
    if not readings:
        return None
    return min(enumerate(readings), key=lambda indexed: _cantonese_rank(indexed[1], indexed[0]))[1]


# --- names ------------------------------------------------------------------------------------


def _pinyin(text: str) -> list[str]:
    return [p.replace("ü", "u").replace("v", "u") for p in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)]


def _surname_readings(surname: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    entry = SURNAMES.get(to_simplified(surname))
    if entry:
        return entry
    py = _pinyin(surname)
    pinyin = title_token("".join(py))
    wg = title_token("".join(wade_giles(p) for p in py))
    canto = [c for ch in surname if (c := cantonese_syllable(ch))]
    return pinyin, wg, ((title_token("-".join(canto)),) if len(canto) == len(surname) else ()), ()


def _given_forms(given: str) -> tuple[str, str, str | None]:
    """(pinyin joined, Wade-Giles hyphenated, Cantonese hyphenated or None) of a given name."""
    py = _pinyin(given)
    pinyin = title_token("".join(py))
    wg = title_token("-".join(wade_giles(p) for p in py))
    canto_syl = [cantonese_syllable(ch) for ch in given]
    canto = title_token("-".join(c for c in canto_syl if c)) if all(canto_syl) else None
    return pinyin, wg, canto


@lru_cache(maxsize=65536)
def _name_options(surname: str, given: str, limit: int) -> tuple[Option, ...]:
    s_py, s_wg, s_canto, s_hok = _surname_readings(surname)
    s_py = s_py.replace("ü", "u").replace("Lü", "Lu")
    if not given:
        opts: list[Option] = [(s_py, 0.0), (s_wg, 0.2)] + [(c, 0.3 + 0.05 * i) for i, c in enumerate(s_canto)]
        opts += [(h, 0.5 + 0.05 * i) for i, h in enumerate(s_hok)]
        return tuple(merge_ranked(opts, limit=limit))
    g_py, g_wg, g_canto = _given_forms(given)
    opts = [(f"{s_py} {g_py}", 0.0), (f"{s_wg} {g_wg}", 0.2)]
    if g_canto and s_canto:
        opts.append((f"{s_canto[0]} {g_canto}", 0.3))
        opts.append((f"{s_canto[0]} {g_canto.replace('-', ' ').title()}", 0.35))
    if "-" in g_wg:  # syllables spaced, as some registers write them: "Xi Jin Ping"
        opts.append((f"{s_py} {' '.join(title_token(p) for p in _pinyin(given))}", 0.4))
    for i, alt in enumerate((*s_canto[1:], *s_hok)):
        opts.append((f"{alt} {g_py}", 0.5 + 0.05 * i))
        if g_canto:
            opts.append((f"{alt} {g_canto}", 0.55 + 0.05 * i))
    if s_wg != s_py:
        opts.append((f"{s_wg} {g_py}", 0.45))
    return tuple(merge_ranked(opts, limit=limit))


def romanize_chinese(text: str, *, limit: int = 8) -> list[str]:
    """Ranked Latin spellings of a Chinese name, surname first, best first.

    "习近平" → "Xi Jinping", "Hsi Chin-ping", ...; "陳大文" → "Chen Dawen", "Chen Ta-wen", "Chan Tai-man", ...
    A name with a middle dot (transliterated foreign names: 约翰·史密斯) is read part by part.
    """
    text = text.strip()
    if not text:
        return []
    if "·" in text or "・" in text:
        parts = text.replace("・", "·").split("·")
        return [" ".join(title_token("".join(_pinyin(p))) for p in parts if p.strip())][:limit]
    tokens = text.split()
    if len(tokens) >= 2:
        surname, given = tokens[0], "".join(tokens[1:])
    elif len(text) > 4:
        return [title_token("".join(_pinyin(text)))][:limit]
    else:
        surname, given = split_surname(text)
    return [t for t, _c in _name_options(surname, given, limit)]
