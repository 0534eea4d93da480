"""Names in any script to the ranked Latin spellings a person might have been recorded under.

One spelling is never enough: ทักษิณ ชินวัตร is "Thaksin Shinawatra" in his passport and
"Thaksin Chinnawat" in RTGS, 陈 is Chen, Chan or Tan depending on who wrote it down. `romanize`
splits a name into runs of one script, asks the script's module for its ranked candidates and
combines them best-first. Latin input is cleaned and folded (diacritics off, đ → d).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # imported where used: `tipnet link csv` without importing icu
    import icu

from tipnet.identity.romanize.latin import fold_latin, romanize_latin
from tipnet.identity.romanize.ranking import Option, merge_ranked, ranked, ranked_product, title_token
from tipnet.identity.scripts import Script, script_runs

_SPACES = re.compile(r"\s+")


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


def _romanize_hangul(text: str, *, limit: int) -> list[str]:
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


def _romanize_arabic(text: str, *, limit: int) -> list[str]:
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
    import icu

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


# The script modules are imported on a name's first run of their script, not with this module: together
# they take 0.25-0.4 s to import (thai, lao and khmer build their tables, chinese loads pypinyin), which
# every process comparing only Latin names would pay. Measured with `python -X importtime` and
# `python -c "import tipnet.identity.name_compare"` (0.25 s lazy, 0.68 s eager, loaded machine).


def _khmer(text: str, *, limit: int) -> list[str]:
    from tipnet.identity.romanize.khmer import romanize_khmer

    return romanize_khmer(text, limit=limit)


def _thai(text: str, *, limit: int) -> list[str]:
    from tipnet.identity.romanize.thai import romanize_thai

    return romanize_thai(text, limit=limit)


def _lao(text: str, *, limit: int) -> list[str]:
    from tipnet.identity.romanize.lao import romanize_lao

    return romanize_lao(text, limit=limit)


def _burmese(text: str, *, limit: int) -> list[str]:
    from tipnet.identity.romanize.burmese import romanize_burmese

    return romanize_burmese(text, limit=limit)


def _chinese(text: str, *, limit: int) -> list[str]:
    from tipnet.identity.romanize.chinese import romanize_chinese

    return romanize_chinese(text, limit=limit)


class _Romanizer(Protocol):
    def __call__(self, text: str, *, limit: int) -> list[str]: ...


# One romanizer per script; scripts not here (Cyrillic, Greek, Devanagari, ...) go through ICU.
_ROMANIZERS: dict[Script, _Romanizer] = {
    Script.KHMER: _khmer,
    Script.THAI: _thai,
    Script.LAO: _lao,
    Script.MYANMAR: _burmese,
    Script.HAN: _chinese,
    Script.HANGUL: _romanize_hangul,
    Script.ARABIC: _romanize_arabic,
}


def romanize_run(script: Script, text: str, *, limit: int = 8) -> list[Option]:
    """Ranked options for one run of a single script (see `script_runs`)."""
    if script is Script.LATIN:
        return romanize_latin(text, limit)
    if script is Script.COMMON:  # a text of spaces, digits and punctuation only: no name
        return []
    fn = _ROMANIZERS.get(script)
    candidates = fn(text, limit=limit) if fn is not None else []
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
