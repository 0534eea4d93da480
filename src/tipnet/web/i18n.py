"""Label catalogues (JSON, one per language: `i18n/<code>.json`). Adding a language is dropping its
catalogue file there: the language switch lists every catalogue present (English first), and a label
the catalogue lacks falls back to English, then to its default, so a partial translation never breaks
a page nor shows a raw key. Code-list values (HTCDS and tipnet's own) are labelled under
`list.value` keys.

Keys starting with `_` describe the catalogue and are not labels: `_name` (the language's own name,
shown in the switch), `_complete` (the groups of labels it declares complete; tests hold it to that),
`_reviewed` (false: not yet reviewed by native speakers) and `_note` (free text). `coverage()`
reports, per language, how many labels of each group (GROUPS) it has; `tipnet i18n` prints it.

A catalogue with placeholders other than English's or a label that is not text is refused (`refuse`,
when the app starts): CatalogueError names the file and the key. A key English lacks is reported by
`tipnet i18n`, not refused: an upgrade that drops a label must not stop a partner's catalogue."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

DEFAULT = "en"
CODE = re.compile(r"^[a-z]{2,3}$")  # a catalogue is <ISO 639-1 code>.json (check.json is not one)


def _dir() -> Any:
    return resources.files("tipnet.web") / "i18n"


@cache
def languages() -> tuple[str, ...]:
    """The languages with a catalogue: English first, then by code."""
    found = sorted(
        p.name[:-5] for p in _dir().iterdir() if p.name.endswith(".json") and CODE.match(p.name[:-5])
    )
    return (DEFAULT, *[code for code in found if code != DEFAULT])


LANGUAGES = languages()


class CatalogueError(ValueError):
    """A catalogue refused: one line per fault, each naming the file and the key."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def path_of(lang: str) -> str:
    """Where `lang`'s catalogue is (for messages)."""
    return str(_dir() / f"{lang}.json")


def read(name: str, text: str) -> dict[str, Any]:
    """A catalogue's JSON (`name`: its file, for the message); CatalogueError if it is not an object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            [f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from exc
    if not isinstance(data, dict):
        raise CatalogueError([f"{name}: expected an object of labels"])
    return data


@cache
def _raw(lang: str) -> dict[str, Any]:
    return read(path_of(lang), (_dir() / f"{lang}.json").read_text(encoding="utf-8"))


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
        english = base.get(key) or default or key
        text = own.get(key) or english
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation's placeholders (refused at start)
            return english.format(**values)

    return t


def pick_language(
    query: str | None, cookie: str | None, accept: str | None, account: str | None = None
) -> str:
    """The page's language: asked for (`?lang=`), else the account's choice, else the browser's
    last (cookie), else its Accept-Language, else English. A language without a catalogue: skipped."""
    for candidate in (query, account, cookie):
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
    """The `{placeholders}` of a label (a translation must keep the same ones); ValueError for an
    unmatched brace or an unnamed `{}`."""
    found = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    if "" in found:
        raise ValueError("an unnamed {} placeholder")
    return found


# Labels whose English is not in en.json (the indicator catalogue's, the organisation directory's).
_ELSEWHERE = ("ind_", "act_", "fl_", "org.")
# What a catalogue may say of itself (keys starting with `_`).
SETTINGS = {"_name": str, "_complete": list, "_reviewed": bool, "_note": str}


def check(name: str, data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A catalogue's faults: (errors, gaps). Errors refuse it (`refuse`): placeholders other than
    English's (the page would fail), a label that is not text, an unknown setting or group. Gaps do
    not: a key English does not have (a typo, or a label English dropped in an upgrade), a group
    declared complete (`_complete`) that lacks labels. `name`: the file, for the messages."""
    en = catalogue(DEFAULT)
    errors: list[str] = []
    gaps: list[str] = []
    for key, value in data.items():
        if key.startswith("_"):
            kind = SETTINGS.get(key)
            if kind is None:
                errors.append(f"{name}: key {key!r}: not a catalogue setting ({', '.join(sorted(SETTINGS))})")
            elif not isinstance(value, kind):
                errors.append(f"{name}: key {key!r}: expected {kind.__name__}")
        elif not isinstance(value, str):
            errors.append(f"{name}: key {key!r}: expected text, not {type(value).__name__}")
        elif key not in en:
            # A gap, not an error: after an upgrade drops a label, a partner's catalogue still holding
            # it must not stop the app; `tipnet i18n` reports it (a typo shows as an English label).
            if not key.startswith(_ELSEWHERE):
                gaps.append(f"{name}: key {key!r}: not an English key (a typo, or a label English dropped)")
        elif value:
            try:
                own = fields(value)
            except ValueError as exc:
                errors.append(
                    f"{name}: key {key!r}: malformed placeholder ({exc}); write {{{{ and }}}} for braces"
                )
                continue
            if own != fields(en[key]):
                errors.append(
                    f"{name}: key {key!r}: placeholders {sorted(own)} differ from English's {sorted(fields(en[key]))}"
                )
    complete = data.get("_complete")
    for group in complete if isinstance(complete, list) else []:
        if group not in groups():
            errors.append(f"{name}: key '_complete': unknown group {group!r} ({', '.join(groups())})")
            continue
        labels = {k for k, v in data.items() if isinstance(v, str) and v}
        if lacking := [k for k in groups()[group] if k not in labels]:
            gaps.append(f"{name}: {group} declared complete, lacks {', '.join(lacking)}")
    return errors, gaps


def problems(lang: str) -> list[str]:
    """What is wrong with `lang`'s catalogue: its errors, then its gaps (check)."""
    errors, gaps = check(path_of(lang), _raw(lang))
    return errors + gaps


def refuse(folder: Any = None) -> None:
    """Every catalogue in `folder` (default: the app's, i18n/) checked: CatalogueError naming each
    fault's file and key. The app does not start with one (web.app); `tipnet i18n FILE` checks a
    catalogue before it is dropped in."""
    where = _dir() if folder is None else folder
    errors: list[str] = []
    for path in sorted(where.iterdir(), key=lambda p: p.name):
        if not (path.name.endswith(".json") and CODE.match(path.name[:-5])):
            continue
        try:
            data = read(str(path), path.read_text(encoding="utf-8"))
        except CatalogueError as exc:
            errors += exc.lines
            continue
        except UnicodeDecodeError:
            errors.append(f"{path}: not UTF-8 text")
            continue
        errors += check(str(path), data)[0]
    if errors:
        raise CatalogueError(errors)


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
