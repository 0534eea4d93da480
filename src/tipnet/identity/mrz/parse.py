"""Parse and validate ICAO Doc 9303 MRZs of every format; never raises on bad input, returns findings.

Choices a reader of the results should know:

* `valid` means "no error-severity finding": the MRZ is well formed and every check digit holds. Risk
  signals (expired, expiring soon, a minor, issuer not the holder's state, disagreement with the visual
  zone, a specimen) are warnings or infos and do not make an MRZ invalid: an expired passport is still a
  genuine, readable passport, and screening wants its data.
* Centuries: a birth date is the latest date not after `today` (a 100-year window ending today); an
  expiry date lies in the 100-year window (today - 50 years, today + 50 years]. No document is issued
  for more than a few decades, and expired documents older than 50 years are not in circulation.
* Unspecified sex is '<' in Doc 9303; 'X' in the MRZ (used by some issuers) is accepted with a warning.
  Both are reported as sex "X".
* OCR repair is attempted when a check digit fails or a character is of the wrong class for its
  position; a repair is reported only when exactly one candidate with the fewest substitutions makes the
  whole MRZ valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from tipnet.identity.mrz.fields import SAME_STATE, analyse, date_fields, dates
from tipnet.identity.mrz.formats import ALPHABET, FILLER, LINE_WIDTH, MRVA, MRVB, TD1, TD2, TD3
from tipnet.identity.mrz.repair import ocr_repair
from tipnet.identity.mrz.results import ERROR, INFO, WARNING, Finding, MrzResult
from tipnet.identity.mrz.visual import compare_visual
from tipnet.vocab.codelists import ICAO_EXTRA_STATES

_REFUGEE_OR_STATELESS = frozenset({"XXA", "XXB", "XXC"})

EXPIRING_SOON_DAYS = 183  # many states require six months' validity on entry
ADULT_AGE = 18
LONG_VALIDITY_YEARS = 15  # beyond this an expiry date is implausible for a travel document

_WIDTHS = frozenset(LINE_WIDTH.values())
_LOOKALIKES = str.maketrans({"«": "<", "‹": "<", "＜": "<", "〈": "<", "＞": "<"})


# --- input -----------------------------------------------------------------------------------------


def _normalize(text_or_lines: str | Sequence[str], findings: list[Finding]) -> list[str]:
    """Lines upper-cased, trimmed, stray spaces removed; noted as info findings, never refused."""
    if isinstance(text_or_lines, bytes):
        text_or_lines = text_or_lines.decode("utf-8", "replace")
    raw = text_or_lines.splitlines() if isinstance(text_or_lines, str) else [str(x) for x in text_or_lines]
    lines: list[str] = []
    for line in raw:
        line = line.strip()
        if not line:
            continue
        if not ALPHABET.issuperset(line):
            fixed = line.upper().translate(_LOOKALIKES)
            if fixed != line:
                findings.append(Finding("input.normalized", "mrz", INFO, "lower case or look-alike fillers"))
            if " " in fixed or "\t" in fixed:
                removed = "".join(fixed.split())
                filled = "".join(FILLER if c.isspace() else c for c in fixed)
                # OCR sometimes reads fillers as spaces: keep them as fillers when that gives a full line.
                if len(removed) not in _WIDTHS:
                    fixed = filled
                    findings.append(Finding("input.whitespace", "mrz", INFO, "spaces read as fillers"))
                else:
                    fixed = removed
                    findings.append(Finding("input.whitespace", "mrz", INFO, "spaces inside a line removed"))
            line = fixed
        lines.append(line)
    if len(lines) == 1 and len(lines[0]) in (60, 72, 88, 90):
        one = lines[0]
        width = {60: 30, 72: 36, 88: 44, 90: 30}[len(one)]
        lines = [one[i : i + width] for i in range(0, len(one), width)]
        findings.append(Finding("input.single_line", "mrz", INFO, "one line was split into MRZ lines"))
    return lines


def _detect(lines: list[str], findings: list[Finding]) -> str | None:
    n = len(lines)
    if n == 3:
        fmt = TD1
    elif n == 2:
        longest = max(len(lines[0]), len(lines[1]))
        wide = abs(longest - 44) < abs(longest - 36)
        visa = lines[0][:1] == "V"
        fmt = (MRVA if visa else TD3) if wide else (MRVB if visa else TD2)
    else:
        findings.append(Finding("mrz.line_count", "mrz", ERROR, f"an MRZ has 2 or 3 lines, this one has {n}"))
        return None
    width = LINE_WIDTH[fmt]
    for i, line in enumerate(lines):
        if len(line) == width:
            continue
        where = f"line {i + 1}"
        if len(line) < width or line[width:] == FILLER * (len(line) - width):
            # OCR often drops or adds trailing fillers; lost data would show in the check digits.
            findings.append(
                Finding(
                    "mrz.line_padded",
                    where,
                    WARNING,
                    f"line {i + 1} has {len(line)} characters, not {width}: trailing fillers assumed",
                )
            )
        else:
            findings.append(
                Finding(
                    "mrz.line_length",
                    where,
                    ERROR,
                    f"line {i + 1} has {len(line)} characters, a {fmt} line has {width}",
                )
            )
        lines[i] = line[:width].ljust(width, FILLER)
    for i, line in enumerate(lines):
        if not ALPHABET.issuperset(line):
            bad = "".join(sorted({c for c in line if c not in ALPHABET}))
            findings.append(
                Finding(
                    "mrz.invalid_character",
                    f"line {i + 1}",
                    ERROR,
                    f"line {i + 1} holds characters outside A-Z, 0-9 and '<': {bad!r}",
                )
            )
            lines[i] = "".join(c if c in ALPHABET else FILLER for c in line)
    return fmt


# --- risk signals ---


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _risk_signals(r: MrzResult, today: date, findings: list[Finding]) -> None:
    """Signals for a border officer from the document alone."""
    if r.expiry_date is not None:
        if r.expiry_date < today:
            findings.append(
                Finding("document.expired", "expiry_date", WARNING, f"expired on {r.expiry_date.isoformat()}")
            )
        elif (r.expiry_date - today).days <= EXPIRING_SOON_DAYS:
            findings.append(
                Finding(
                    "document.expiring_soon",
                    "expiry_date",
                    WARNING,
                    f"expires on {r.expiry_date.isoformat()}, within {EXPIRING_SOON_DAYS} days",
                )
            )
        elif r.expiry_date.year - today.year > LONG_VALIDITY_YEARS:
            findings.append(
                Finding(
                    "document.long_validity",
                    "expiry_date",
                    INFO,
                    f"expires on {r.expiry_date.isoformat()}, more than {LONG_VALIDITY_YEARS} years ahead",
                )
            )
    if r.birth_date is not None:
        age = _age(r.birth_date, today)
        if age < ADULT_AGE:
            findings.append(
                Finding("holder.minor", "birth_date", WARNING, f"the holder is a minor, aged {age}")
            )
    if r.format in (TD1, TD2, TD3) and r.issuing_state and r.nationality:
        if r.nationality in _REFUGEE_OR_STATELESS:
            findings.append(
                Finding(
                    "holder.stateless_or_refugee",
                    "nationality",
                    INFO,
                    f"{r.nationality}: {ICAO_EXTRA_STATES[r.nationality]}",
                )
            )
        elif SAME_STATE.get(r.issuing_state, r.issuing_state) != SAME_STATE.get(r.nationality, r.nationality):
            findings.append(
                Finding(
                    "document.issuer_not_nationality",
                    "issuing_state",
                    WARNING,
                    f"issued by {r.issuing_state} to a national of {r.nationality}",
                )
            )


# --- entry points -----------------------------------------------------------------------------------


def _parse(lines: list[str], findings: list[Finding], today: date, *, repair: bool) -> MrzResult:
    fmt = _detect(lines, findings)
    if fmt is None:
        return MrzResult(valid=False, format=None, findings=findings, lines=tuple(lines))
    result = analyse(fmt, lines, findings, today)
    result.valid = not any(f.severity == ERROR for f in findings)
    if repair and not result.valid:
        repairable = any(
            f.code.startswith(
                ("check_digit.", "birth_date.", "expiry_date.", "name.", "sex.", "document_type.")
            )
            or f.code.endswith(".unknown")
            for f in findings
        ) and not any(f.code == "mrz.line_length" for f in findings)
        if repairable:
            only_cd = all(f.severity != ERROR or f.code.startswith("check_digit.") for f in findings)
            repaired, how = ocr_repair(fmt, list(lines), today, only_check_digits=only_cd)
            if repaired is not None:
                result.repaired = repaired
                findings.append(Finding("repair.found", "mrz", INFO, f"OCR repair: {how}"))
            else:
                findings.append(Finding("repair.none", "mrz", INFO, f"no unique OCR repair: {how}"))
    return result


def parse_mrz(
    text_or_lines: str | Sequence[str],
    *,
    today: date | None = None,
    visual: dict[str, Any] | None = None,
    repair: bool = True,
) -> MrzResult:
    """Parse and validate an MRZ of any Doc 9303 format. Never raises on bad input: it returns findings.

    `today` fixes the date for century inference and expiry signals (default: the system date);
    `visual` holds visual-zone fields to compare with (same names as MrzResult's); `repair=False` skips
    the OCR repair search.
    """
    today = today or date.today()
    findings: list[Finding] = []
    try:
        lines = _normalize(text_or_lines, findings)
    except Exception as exc:  # an unexpected input type: report, never raise
        findings.append(Finding("mrz.unreadable", "mrz", ERROR, f"input is not text: {exc}"))
        return MrzResult(valid=False, format=None, findings=findings)
    if not lines:
        findings.append(Finding("mrz.empty", "mrz", ERROR, "no MRZ lines"))
        return MrzResult(valid=False, format=None, findings=findings)
    result = _parse(lines, findings, today, repair=repair)
    if result.format is not None:
        _risk_signals(result, today, findings)
        if visual:
            compare_visual(result, visual, findings)
    return result


def is_valid_mrz(text_or_lines: str | Sequence[str], *, today: date | None = None) -> bool:
    """True when the MRZ is well formed and every check digit holds (no repair, no risk signals)."""
    return parse_mrz(text_or_lines, today=today, repair=False).valid


@lru_cache(maxsize=1 << 14)
def _undated(text: str) -> tuple[str, str | None, str | None, frozenset[str], str, str] | None:
    """What `parse_mrz` finds in `text` that does not depend on the date: the format, issuing state and
    nationality, the finding codes, and the birth and expiry fields; None when it finds an error (the
    full parse runs then: an invalid MRZ goes on to the OCR repair, which depends on the date)."""
    findings: list[Finding] = []
    lines = _normalize(text, findings)
    fmt = _detect(lines, findings) if lines else None
    if fmt is None or any(f.severity == ERROR for f in findings):
        return None
    result = analyse(fmt, lines, findings, None)
    if any(f.severity == ERROR for f in findings):
        return None
    codes = frozenset(f.code for f in findings)
    return fmt, result.issuing_state, result.nationality, codes, *date_fields(fmt, lines)


def mrz_summary(text: str, today: date) -> tuple[str | None, bool, list[str]]:
    """(format, valid, sorted finding codes) of `parse_mrz(text, today=today)`, the same, with the
    date-free part of the parse cached by text: an import meets the same MRZ at every crossing of its
    holder, on other dates (what the dates change, century, expiry and age signals, is computed each time)."""
    undated = _undated(text)
    if undated is not None:
        fmt, issuing_state, nationality, codes, birth_f, expiry_f = undated
        findings: list[Finding] = []
        birth, expiry = dates(birth_f, expiry_f, today, findings)
        if not any(f.severity == ERROR for f in findings):
            dated = MrzResult(
                True,
                fmt,
                issuing_state=issuing_state,
                nationality=nationality,
                birth_date=birth,
                expiry_date=expiry,
            )
            _risk_signals(dated, today, findings)  # what it reads: the format, states and dates
            return fmt, True, sorted(codes.union(f.code for f in findings))
    full = parse_mrz(text, today=today)
    return full.format, full.valid, sorted({f.code for f in full.findings})
