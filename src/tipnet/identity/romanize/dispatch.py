"""Names in any script to the ranked Latin spellings a person might have been recorded under.

One spelling is never enough: ทักษิณ ชินวัตร is "Thaksin Shinawatra" in his passport and
"Thaksin Chinnawat" in RTGS, 陈 is Chen, Chan or Tan depending on who wrote it down. `romanize`
splits a name into runs of one script, asks the script's module for its ranked candidates and
combines them best-first. Latin input is cleaned and folded (diacritics off, đ → d).
"""

from __future__ import annotations

import heapq
import importlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import icu

from tipnet.identity.scripts import Script, script_runs

Option = tuple[str, float]  # a spelling and its cost (0 = preferred)

_SPACES = re.compile(r"\s+")


def ranked_product(parts: Sequence[Sequence[Option]], limit: int, *, sep: str = "") -> list[Option]:
    """The `limit` cheapest concatenations choosing one option per part, cheapest first.

    Each part's options must be sorted by cost. Lazy best-first search over index vectors, so a
    long name with many choices per syllable costs O(limit · parts · log) and not the full product.
    Equal strings reached by different choices are reported once, at their lowest cost.
    """
    if not parts:
        return [("", 0.0)]
    if any(not p for p in parts):
        return []
    start = (0,) * len(parts)
    heap: list[tuple[float, tuple[int, ...]]] = [(sum(p[0][1] for p in parts), start)]
    seen = {start}
    out: list[Option] = []
    emitted: set[str] = set()
    while heap and len(out) < limit:
        cost, idx = heapq.heappop(heap)
        text = sep.join(parts[k][i][0] for k, i in enumerate(idx))
        if text not in emitted:
            emitted.add(text)
            out.append((text, cost))
        for k, i in enumerate(idx):
            if i + 1 < len(parts[k]):
                nxt = (*idx[:k], i + 1, *idx[k + 1 :])
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (cost - parts[k][i][1] + parts[k][i + 1][1], nxt))
    return out


def ranked(candidates: Sequence[str], step: float = 0.1) -> list[Option]:
    """Options from a best-first list: costs 0, step, 2·step, ..."""
    return [(c, i * step) for i, c in enumerate(candidates)]


def merge_ranked(*lists: Sequence[Option], limit: int) -> list[Option]:
    """Several option lists as one, each spelling at its lowest cost, cheapest first."""
    best: dict[str, float] = {}
    order: dict[str, int] = {}
    for lst in lists:
        for text, cost in lst:
            if text and (text not in best or cost < best[text]):
                best[text] = cost
                order.setdefault(text, len(order))
    return sorted(best.items(), key=lambda kv: (kv[1], order[kv[0]]))[:limit]


def title_token(token: str) -> str:
    """ "thaksin" → "Thaksin", "chan-o-cha" → "Chan-o-cha": capitalise the first letter only."""
    return token[:1].upper() + token[1:] if token else token


# --- Latin ---------------------------------------------------------------------------------

_LATIN_EXTRA = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
    }
)
_VIETNAMESE_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ")


@lru_cache(maxsize=1 << 16)
def fold_latin(text: str) -> str:
    """Latin text without diacritics (Nguyễn → Nguyen, Đặng → Dang), spaces collapsed.

    Cached: called for every word of every name, and names repeat their words endlessly."""
    text = unicodedata.normalize("NFD", text.translate(_LATIN_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_TWO_MARKS = re.compile("[\u0300-\u036f]{2}")


def _looks_vietnamese(text: str) -> bool:
    if any(c in _VIETNAMESE_MARKS for c in text):
        return True
    decomposed = unicodedata.normalize("NFD", text)
    # A vowel with two marks (ệ, ở, ữ), the hook above (ả), the horn or the dot below is Vietnamese.
    return bool(_TWO_MARKS.search(decomposed)) or any(m in decomposed for m in "\u0309\u031b\u0323")


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _romanize_latin(text: str, limit: int) -> list[Option]:
    cleaned = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if _looks_vietnamese(cleaned):
        from tipnet.identity.romanize.vietnamese import romanize_vietnamese

        return ranked(romanize_vietnamese(cleaned, limit=limit))
    folded = fold_latin(cleaned)
    options = [(folded, 0.0), (cleaned, 0.05)]
    if any(c in "äöüÄÖÜ" for c in cleaned):  # the MRZ and German spelling of umlauts
        options.append((fold_latin(cleaned.translate(_UMLAUTS)), 0.1))
    return merge_ranked(options, limit=limit)


# --- other scripts through ICU --------------------------------------------------------------

# Korean surnames: Revised Romanization (ICU) is rarely what a passport carries.
_KOREAN_SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("Kim", "Gim"), "이": ("Lee", "Yi", "Rhee", "I"), "박": ("Park", "Pak", "Bak"), "최": ("Choi", "Choe"),
    "정": ("Jung", "Jeong", "Chung"), "강": ("Kang", "Gang"), "조": ("Cho", "Jo"), "윤": ("Yoon", "Yun"),
    "장": ("Jang", "Chang"), "임": ("Lim", "Im"), "한": ("Han",), "오": ("Oh", "O"), "서": ("Seo", "Suh"),
    "신": ("Shin", "Sin"), "권": ("Kwon", "Gwon"), "황": ("Hwang",), "안": ("Ahn", "An"), "송": ("Song",),
    "류": ("Ryu", "Yoo", "Yu"), "유": ("Yoo", "Yu"), "홍": ("Hong",), "전": ("Jeon", "Chun", "Jun"),
    "고": ("Ko", "Go"), "문": ("Moon", "Mun"), "손": ("Son", "Sohn"), "양": ("Yang",), "배": ("Bae",),
    "백": ("Baek", "Paik"), "허": ("Heo", "Hur"), "노": ("Noh", "Roh", "No"), "리": ("Ri", "Lee"),
}  # fmt: skip

# Common Arabic name words: the script writes no short vowels, so ICU alone gives "Mḥmd".
_ARABIC_WORDS: dict[str, tuple[str, ...]] = {
    "محمد": ("Muhammad", "Mohammed", "Mohamed", "Mohammad"), "أحمد": ("Ahmad", "Ahmed"),
    "احمد": ("Ahmad", "Ahmed"), "علي": ("Ali",), "عبد": ("Abd", "Abdul"), "الله": ("Allah",),
    "عبدالله": ("Abdullah", "Abdallah"), "بن": ("bin", "ben"), "بنت": ("binti", "bint"),
    "إبراهيم": ("Ibrahim",), "ابراهيم": ("Ibrahim",), "يوسف": ("Yusuf", "Yousef", "Yousuf"),
    "حسن": ("Hassan", "Hasan"), "حسين": ("Hussein", "Hussain", "Husin"), "فاطمة": ("Fatima", "Fatimah"),
    "عائشة": ("Aisha", "Aishah"), "خالد": ("Khalid", "Khaled"), "عمر": ("Omar", "Umar"),
    "سلمان": ("Salman",), "مريم": ("Maryam", "Mariam"), "نور": ("Nur", "Noor"), "رحمن": ("Rahman",),
    "الرحمن": ("al-Rahman", "ur-Rahman"), "عثمان": ("Osman", "Usman", "Uthman"), "سعيد": ("Said", "Saeed"),
}  # fmt: skip


def _romanize_hangul(text: str, limit: int) -> list[str]:
    words = text.split()
    if len(words) == 1 and 2 <= len(text) <= 4:
        words = [text[:1], text[1:]]  # a Korean name: one-syllable surname, then the given name
    parts: list[list[Option]] = []
    for k, word in enumerate(words):
        syl = [_icu("Hangul-Latin").transliterate(ch) for ch in word]
        opts: list[Option] = []
        if k == 0 and word in _KOREAN_SURNAMES:
            opts = list(ranked(_KOREAN_SURNAMES[word]))
        opts += [(title_token("".join(syl)), 0.05), (title_token("-".join(syl)), 0.1)]
        parts.append(merge_ranked(opts, limit=limit))
    return [t for t, _c in ranked_product(parts, limit, sep=" ")]


def _romanize_arabic(text: str, limit: int) -> list[str]:
    parts: list[list[Option]] = []
    for word in text.split():
        known = _ARABIC_WORDS.get(word)
        if known:
            parts.append(list(ranked(known)))
        else:
            latin = _icu("Arabic-Latin").transliterate(word)
            parts.append(
                merge_ranked([(title_token(fold_latin(latin)), 0.0), (title_token(latin), 0.2)], limit=2)
            )
    return [t for t, _c in ranked_product(parts, limit, sep=" ")]


_ICU_IDS: dict[Script, str] = {
    Script.CYRILLIC: "Russian-Latin/BGN",
    Script.GREEK: "Greek-Latin/UNGEGN",
}


@lru_cache(maxsize=32)
def _icu(transform_id: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(transform_id)


def icu_romanize(text: str, script: Script | None = None) -> list[str]:
    """ICU's Latin for `text`: the script's own transform (BGN where ICU has one), then Any-Latin;
    the second candidate is the first with diacritics folded away."""
    ids = [_ICU_IDS[script]] if script in _ICU_IDS else []
    ids.append("Any-Latin")
    out: list[str] = []
    for tid in ids:
        latin = _icu(tid).transliterate(text)
        latin = latin.replace("ʹ", "").replace("ʺ", "").replace("ʼ", "'")
        for cand in (fold_latin(latin), latin):
            cand = " ".join(title_token(t) for t in cand.split())
            if cand and cand not in out:
                out.append(cand)
    return out


# --- dispatcher ---------------------------------------------------------------------------


def _khmer(text: str, limit: int) -> list[str]:
    try:
        module = importlib.import_module("tipnet.identity.romanize.khmer")
    except ModuleNotFoundError as exc:  # the Khmer romanizer is written separately
        if exc.name != "tipnet.identity.romanize.khmer":
            raise
        return []
    return list(module.romanize_khmer(text, limit=limit))


def _module_fn(module: str, fn: str) -> Callable[[str, int], list[str]]:
    def call(text: str, limit: int) -> list[str]:
        return list(getattr(importlib.import_module(module), fn)(text, limit=limit))

    return call


_ROMANIZERS: dict[Script, Callable[[str, int], list[str]]] = {
    Script.KHMER: _khmer,
    Script.THAI: _module_fn("tipnet.identity.romanize.thai", "romanize_thai"),
    Script.LAO: _module_fn("tipnet.identity.romanize.lao", "romanize_lao"),
    Script.MYANMAR: _module_fn("tipnet.identity.romanize.burmese", "romanize_burmese"),
    Script.HAN: _module_fn("tipnet.identity.romanize.chinese", "romanize_chinese"),
    Script.HANGUL: _romanize_hangul,
    Script.ARABIC: _romanize_arabic,
}


def romanize_run(script: Script, text: str, *, limit: int = 8) -> list[Option]:
    """Ranked options for one run of a single script (see `script_runs`)."""
    if script is Script.LATIN:
        return _romanize_latin(text, limit)
    if script is Script.COMMON:  # a text of spaces, digits and punctuation only: no name
        return []
    fn = _ROMANIZERS.get(script)
    candidates = fn(text, limit) if fn is not None else []
    if not candidates:
        candidates = icu_romanize(text, script)
        # Khmer (and any script ICU cannot read) comes back unchanged: no Latin to offer.
        candidates = [c for c in candidates if c.isascii() or script_runs(c)[0][0] is Script.LATIN]
    return ranked(candidates[:limit])


def romanize(text: str, *, limit: int = 8) -> list[str]:
    """The Latin spellings of a name, best first, at most `limit`, without duplicates.

    Mixed-script names are romanized run by run and the runs' options combined cheapest-first, so
    "Lee 李明" gives "Lee Li Ming" before "Lee Lee Ming". An empty or letterless name gives [].
    """
    if limit < 1:
        return []
    runs = script_runs(unicodedata.normalize("NFC", text or ""))
    parts = [opts for script, chunk in runs if (opts := romanize_run(script, chunk, limit=limit))]
    combined = ranked_product(parts, limit, sep=" ")
    out: list[str] = []
    for cand, _cost in combined:
        cand = _SPACES.sub(" ", cand).strip()
        if cand and cand not in out:
            out.append(cand)
    return out
