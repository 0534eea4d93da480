"""Label catalogues (JSON, one per language). A missing label falls back to English, then to its key,
so a partial translation never breaks a page. Code-list values (HTCDS and tipnet's own) are labelled
under `list.value` keys; a new language (th, vi, my, lo) is one more catalogue file and LANGUAGES entry."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources

LANGUAGES = ("en", "km")
DEFAULT = "en"


@cache
def catalogue(lang: str) -> dict[str, str]:
    text = (resources.files("tipnet.web") / "i18n" / f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


def translator(lang: str) -> Callable[..., str]:
    """`t(key, default=None, **values)` for `lang`."""
    own = catalogue(lang) if lang in LANGUAGES else {}
    base = catalogue(DEFAULT)

    def t(key: str, default: str | None = None, **values: object) -> str:
        text = own.get(key) or base.get(key) or default or key
        return text.format(**values) if values else text

    return t


def pick_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


def code_labeller(lang: str) -> Callable[[str, object], str]:
    """`c(code_list, value)`: a code-list value's label in `lang` (key `code_list.value`), else its
    English label, else the value itself (a code the catalogues do not know yet)."""
    own = catalogue(lang) if lang in LANGUAGES else {}
    base = catalogue(DEFAULT)

    def c(code_list: str, value: object) -> str:
        if value is None or value == "":
            return ""
        key = f"{code_list}.{value}"
        return own.get(key) or base.get(key) or str(value)

    return c
