"""Label catalogues (JSON, one per language: `i18n/<code>.json`). Adding a language is dropping its
catalogue file there: the language switch lists every catalogue present (English first), and a label
the catalogue lacks falls back to English, then to its default, so a partial translation never breaks
a page nor shows a raw key. Code-list values (HTCDS and tipnet's own) are labelled under
`list.value` keys.

Keys starting with `_` describe the catalogue and are not labels: `_name` (the language's own name,
shown in the switch), `_complete` (the groups of labels it declares complete; tests hold it to that)
and `_reviewed` (false: not yet reviewed by native speakers). `coverage()` reports, per language, how
many labels of each group (GROUPS) it has; `tipnet i18n` prints it."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

DEFAULT = "en"
_CODE = re.compile(r"^[a-z]{2,3}$")  # a catalogue is <ISO 639-1 code>.json (check.json is not one)


def _dir() -> Any:
    return resources.files("tipnet.web") / "i18n"


@cache
def languages() -> tuple[str, ...]:
    """The languages with a catalogue: English first, then by code."""
    found = sorted(
        p.name[:-5] for p in _dir().iterdir() if p.name.endswith(".json") and _CODE.match(p.name[:-5])
    )
    return (DEFAULT, *[code for code in found if code != DEFAULT])


LANGUAGES = languages()


@cache
def _raw(lang: str) -> dict[str, Any]:
    data = json.loads((_dir() / f"{lang}.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"i18n/{lang}.json: expected an object of labels")
    return data


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The labels of `lang` (its `_` entries left out; an empty label counts as missing)."""
    return {k: v for k, v in _raw(lang).items() if not k.startswith("_") and isinstance(v, str) and v}


def meta(lang: str) -> dict[str, Any]:
    """What the catalogue says of itself: name, complete groups, reviewed."""
    raw = _raw(lang)
    complete = raw.get("_complete") or []
    return {
        "name": str(raw.get("_name") or lang),
        "complete": [str(g) for g in complete] if isinstance(complete, list) else [],
        "reviewed": bool(raw.get("_reviewed", True)),
    }


@cache
def language_names() -> dict[str, str]:
    """Each language's own name, for the switch (English, ខ្មែរ, ไทย, Tiếng Việt, ...)."""
    return {code: meta(code)["name"] for code in LANGUAGES}


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


# --- coverage -----------------------------------------------------------------------------------

_T_CALL = re.compile(r"""\bt\(\s*'([A-Za-z0-9_.]+)'""")
# Groups of labels made of a page's own labels (every `t('key')` in its template) ...
PAGE_GROUPS = {"nav": "base.html", "login": "login.html", "work": "work.html", "audit": "audit.html"}
# ... and of code lists (every English key `<list>.<value>`).
CODE_GROUPS = (
    "cas_Status",
    "prs_Gender",
    "vic_TraffickingStatus",
    "spl_Type",
    "cas_ReasonForOutgoingReferral",
    "cas_ReasonForIncomingReferral",
    "consent_scope",
    "consent_method",
    "follow_up_kind",
    "org_Type",
    "role",
    "approval_step",
    "audit_action",
    "audit_object",
    "evidence_level",
    "evidence_feature",
)


@cache
def groups() -> dict[str, tuple[str, ...]]:
    """Group name -> the English keys in it (`nav`: the navigation; `work`: My work; a code list's
    name: its values). A key a template names that English lacks is left out (it has a default)."""
    en = catalogue(DEFAULT)
    templates = resources.files("tipnet.web") / "templates"
    out: dict[str, tuple[str, ...]] = {}
    for name, template in PAGE_GROUPS.items():
        keys = _T_CALL.findall((templates / template).read_text(encoding="utf-8"))
        out[name] = tuple(sorted({k for k in keys if k in en}))
    for code_list in CODE_GROUPS:
        out[code_list] = tuple(sorted(k for k in en if k.startswith(code_list + ".")))
    return out


def missing(lang: str, group: str) -> list[str]:
    """The keys of `group` that `lang`'s catalogue does not label."""
    own = catalogue(lang)
    return [k for k in groups()[group] if k not in own]


def coverage() -> dict[str, dict[str, tuple[int, int]]]:
    """Per language, per group (and `all`: every English label): (labelled, total)."""
    en = catalogue(DEFAULT)
    report: dict[str, dict[str, tuple[int, int]]] = {}
    for lang in LANGUAGES:
        own = catalogue(lang)
        row = {g: (len(keys) - len(missing(lang, g)), len(keys)) for g, keys in groups().items()}
        row["all"] = (sum(1 for k in en if k in own), len(en))
        report[lang] = row
    return report


def fields(text: str) -> set[str]:
    """The `{placeholders}` of a label (a translation must keep the same ones)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Labels whose English is not in en.json (the indicator catalogue's, the organisation directory's).
_ELSEWHERE = ("ind_", "act_", "fl_", "org.")


def problems(lang: str) -> list[str]:
    """What is wrong with a catalogue: keys English does not have (a typo), placeholders that differ
    from English's (the page would fail), groups declared complete that are not, unknown groups."""
    en, own = catalogue(DEFAULT), catalogue(lang)
    found = [f"{lang}: {k}: not an English key" for k in own if k not in en and not k.startswith(_ELSEWHERE)]
    found += [
        f"{lang}: {k}: placeholders {sorted(fields(v))} differ from English's {sorted(fields(en[k]))}"
        for k, v in own.items()
        if k in en and fields(v) != fields(en[k])
    ]
    for group in meta(lang)["complete"]:
        if group not in groups():
            found.append(f"{lang}: _complete names an unknown group {group!r}")
        elif gaps := missing(lang, group):
            found.append(f"{lang}: {group} declared complete, lacks {', '.join(gaps)}")
    return found


def coverage_table() -> str:
    """The coverage report as text (`tipnet i18n`): one line per language and group."""
    lines = []
    for lang, row in coverage().items():
        info = meta(lang)
        note = "" if info["reviewed"] else "  (not reviewed by native speakers)"
        have, total = row["all"]
        lines.append(f"{lang} {info['name']}: {have}/{total} labels ({100 * have // max(total, 1)}%){note}")
        for group, (n, of) in row.items():
            if group != "all":
                mark = " complete (declared)" if group in info["complete"] else ""
                lines.append(f"  {group:32} {n:4}/{of:<4}{mark}")
    return "\n".join(lines)
