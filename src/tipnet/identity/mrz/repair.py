"""OCR repair: the one fewest-substitution reading over the OCR-B confusions that makes the MRZ valid.

Candidates are characters of the wrong class for their position (forced) and characters inside
failing check digits' spans; a substitution's effect on every check digit is arithmetic, so most
candidates are judged without parsing.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from itertools import combinations, product
from math import prod

from tipnet.identity.mrz.checks import LONG_NUMBER, Check, cd_ok, checks_for, line_values
from tipnet.identity.mrz.fields import analyse
from tipnet.identity.mrz.formats import ALPHABET, DIGITS, FILLER, LINE_WIDTH, TD1, TD2, TD3, VALUES
from tipnet.identity.mrz.results import ERROR, Finding

# The usual OCR-B confusions, both ways.
_CONFUSIONS: dict[str, tuple[str, ...]] = {}
for _a, _b in (
    ("O", "0"),
    ("I", "1"),
    ("B", "8"),
    ("S", "5"),
    ("Z", "2"),
    ("G", "6"),
    ("D", "0"),
    ("K", "<"),
):
    _CONFUSIONS[_a] = (*_CONFUSIONS.get(_a, ()), _b)
    _CONFUSIONS[_b] = (*_CONFUSIONS.get(_b, ()), _a)

_DIGIT, _BIRTH, _ALPHA, _ALNUM, _SEX = "N", "B", "A", "X", "S"
_CLASS_CHARS = {
    _DIGIT: frozenset(DIGITS),
    _ALPHA: frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<"),
    _ALNUM: frozenset(ALPHABET),
    _SEX: frozenset("FMX<"),
    _BIRTH: frozenset(DIGITS + FILLER),
}


def _layout(fmt: str) -> tuple[str, ...]:
    """Character class of each position, one string per line."""
    if fmt == TD1:
        l1 = "AA" + "AAA" + "X" * 9 + "N" + "X" * 15
        l2 = "B" * 6 + "N" + "S" + "N" * 7 + "AAA" + "X" * 11 + "N"
        return l1, l2, "A" * 30
    width = LINE_WIDTH[fmt]
    l1 = "AA" + "AAA" + "A" * (width - 5)
    l2 = "X" * 9 + "N" + "AAA" + "B" * 6 + "N" + "S" + "N" * 7
    if fmt == TD3:
        l2 += "X" * 14 + "XN"  # the optional data check digit may be '<'
    elif fmt == TD2:
        l2 += "X" * 7 + "N"
    else:
        l2 += "X" * (width - 28)
    return l1, l2


_LAYOUTS = {fmt: _layout(fmt) for fmt in LINE_WIDTH}
_CLASS_RE = {_DIGIT: "[0-9]", _BIRTH: "[0-9<]", _ALPHA: "[A-Z<]", _ALNUM: "[A-Z0-9<]", _SEX: "[FMX<]"}


@lru_cache(maxsize=32)
def _layout_patterns(layout: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One regex per line that matches when every character fits its position's class."""
    return tuple(
        re.compile("".join(f"{_CLASS_RE[cls]}{{{len(run)}}}" for run, cls in _runs(lay))) for lay in layout
    )


def _runs(layout_line: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for cls in layout_line:
        if runs and runs[-1][1] == cls:
            runs[-1] = (runs[-1][0] + cls, cls)
        else:
            runs.append((cls, cls))
    return runs


_MAX_CANDIDATES = 40


def _search(
    fmt: str,
    lines: list[str],
    checks: tuple[Check, ...],
    sums: list[int],
    cds: list[str],
    cands: list[tuple[int, int, str]],
) -> list[tuple[tuple[int, int, str], ...]]:
    """Sets of one substitution, else of two, that satisfy every check digit.

    A substitution changes each check's sum by weight x change of value, so candidates are judged by
    arithmetic alone. (Fillers, which could move a long number's check digit, are never candidates: the
    only filler confusion, K/<, keeps every sum modulo 10.)
    """
    width = LINE_WIDTH[fmt]
    n = len(checks)
    effects = []
    for i, p, alt in cands:
        flat = i * width + p
        delta = VALUES[alt] - VALUES[lines[i][p]]
        effects.append(
            (
                (i, p),
                [chk.weights.get(flat, 0) * delta for chk in checks],
                [j for j, chk in enumerate(checks) if chk.cd == (i, p)],
            )
        )
    for k in (1, 2):
        found = []
        for combo in combinations(range(len(cands)), k):
            if k == 2 and effects[combo[0]][0] == effects[combo[1]][0]:
                continue  # two substitutions at the same position
            totals = list(sums)
            digits = list(cds)
            for c in combo:
                eff = effects[c][1]
                for j in range(n):
                    totals[j] += eff[j]
                for j in effects[c][2]:
                    digits[j] = cands[c][2]
            ok = all(
                digits[j] == DIGITS[totals[j] % 10]
                or (checks[j].filler_ok_when_empty and digits[j] == FILLER and totals[j] == 0)
                for j in range(n)
            )
            if ok:
                found.append(tuple(cands[c] for c in combo))
        if found:
            return found
    return []


def _valid_lines(fmt: str, lines: tuple[str, ...], today: date) -> bool:
    findings: list[Finding] = []
    analyse(fmt, list(lines), findings, today)
    return not any(f.severity == ERROR for f in findings)


def ocr_repair(
    fmt: str, lines: list[str], today: date, *, only_check_digits: bool
) -> tuple[tuple[str, ...] | None, str]:
    """(repaired lines or None, explanation).

    `only_check_digits`: the MRZ's only errors are failing check digits, so a candidate that changes
    nothing but letters and digits in alphanumeric fields and satisfies every check digit is valid
    without being parsed again.
    """
    layout = _LAYOUTS[fmt]
    if fmt in LONG_NUMBER:
        # Positions of a long number's continuation and check digit change class; keep them alnum.
        cl, cp = LONG_NUMBER[fmt][0]
        layout = tuple(
            (lay[:cp] + _ALNUM + lay[cp + 1 :]) if i == cl else lay for i, lay in enumerate(layout)
        )
    # Forced choices: characters of the wrong class with confusions that fit.
    forced: list[tuple[int, int, tuple[str, ...]]] = []
    patterns = _layout_patterns(layout)
    for i, (line, lay) in enumerate(zip(lines, layout, strict=True)):
        if patterns[i].fullmatch(line):
            continue  # every character fits its position's class
        for p, (ch, cls) in enumerate(zip(line, lay, strict=True)):
            allowed = _CLASS_CHARS[cls]
            if ch in allowed:
                continue
            options = tuple(c for c in _CONFUSIONS.get(ch, ()) if c in allowed)
            if not options:
                return None, f"line {i + 1} position {p + 1}: {ch!r} has no repair"
            forced.append((i, p, options))
    if len(forced) > 8 or prod(len(opts) for _, _, opts in forced) > 16:
        return None, "too many characters to repair"

    # (substitutions, candidate lines, description, known valid without a parse)
    solutions: list[tuple[int, tuple[str, ...], list[str], bool]] = []
    for choice in product(*(opts for _, _, opts in forced)):
        base = [list(line) for line in lines]
        changes = []
        for (i, p, _), ch in zip(forced, choice, strict=True):
            changes.append(f"line {i + 1} position {p + 1}: {lines[i][p]}->{ch}")
            base[i][p] = ch
        base_lines = ["".join(b) for b in base]
        checks = checks_for(fmt, base_lines)
        values = line_values(base_lines)
        sums = [chk.total(values) for chk in checks]
        cds = [base_lines[chk.cd[0]][chk.cd[1]] for chk in checks]
        failing = [k for k, chk in enumerate(checks) if not cd_ok(chk, sums[k], cds[k], base_lines)]
        if not failing:
            if not forced:
                return None, "no OCR confusion explains the errors"
            solutions.append((len(changes), tuple(base_lines), changes, False))
            continue
        # Candidate positions: inside the failing checks, outside the passing ones.
        inside: set[tuple[int, int]] = set()
        outside: set[tuple[int, int]] = set()
        for k, chk in enumerate(checks):
            (inside if k in failing else outside).update(chk.positions)
        inside -= outside
        inside.difference_update((i, p) for i, p, _ in forced)
        # A confusion that keeps the value modulo 10 (K/<, G/6) cannot change any check digit's verdict.
        cands = sorted(
            (i, p, alt)
            for i, p in inside
            for alt in _CONFUSIONS.get(base_lines[i][p], ())
            if alt in _CLASS_CHARS[layout[i][p]] and (VALUES[alt] - VALUES[base_lines[i][p]]) % 10
        )
        if len(cands) > _MAX_CANDIDATES:
            continue
        shortcut = (
            only_check_digits
            and not forced
            and not any(chk.filler_ok_when_empty and cds[k] == FILLER for k, chk in enumerate(checks))
        )
        for subs in _search(fmt, base_lines, checks, sums, cds, cands):
            trial = [list(line) for line in base_lines]
            for i, p, alt in subs:
                trial[i][p] = alt
            moves = [f"line {i + 1} position {p + 1}: {base_lines[i][p]}->{alt}" for i, p, alt in subs]
            known = shortcut and all(layout[i][p] == _ALNUM for i, p, _ in subs)
            solutions.append(
                (len(changes) + len(subs), tuple("".join(t) for t in trial), changes + moves, known)
            )
    # Keep the repairs that make the whole MRZ valid, then the ones with the fewest substitutions.
    solutions.sort(key=lambda sol: sol[0])
    best: dict[tuple[str, ...], list[str]] = {}
    best_cost = None
    for cost, cand, changes, known in solutions:
        if best_cost is not None and cost > best_cost:
            break
        if cand not in best and (known or _valid_lines(fmt, cand, today)):
            best[cand] = changes
            best_cost = cost
    if not best:
        return None, "no repair satisfies every check"
    if len(best) > 1:
        return None, f"{len(best)} different repairs satisfy every check"
    ((cand, changes),) = best.items()
    return cand, "; ".join(changes)
