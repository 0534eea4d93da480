"""Travellers to screen, from a manifest: CSV (id, name, birth_date, nationality, gender,
document_number) or a UN/EDIFACT PAXLST message; each with its problems when its values are bad."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from tipnet.identity.bidi import strip_bidi_controls
from tipnet.matching.record import PersonRecord, RecordError, make_record
from tipnet.screening.paxlst import PaxlstError, parse_paxlst

COLUMNS = ("id", "name", "birth_date", "nationality", "gender", "document_number")


class ManifestError(ValueError):
    """A manifest that cannot be read at all (no name column, not PAXLST, not UTF-8)."""


@dataclass(frozen=True)
class Traveller:
    ref: str
    row: int
    record: PersonRecord | None
    error: str | None = None
    # what the message got wrong but left the traveller screenable ("NAD: no surname"): screened
    # with what could be read, and said, so an officer knows the answer rests on less
    warnings: tuple[str, ...] = ()


# Longest values of a manifest row (CSV); PAXLST fields are bounded alike in paxlst.py.
LIMITS = {"id": 200, "name": 200, "birth_date": 20, "nationality": 10, "gender": 20, "document_number": 64}


def _traveller(ref: str, row: int, values: dict[str, str], warnings: tuple[str, ...] = ()) -> Traveller:
    """The traveller of one row: refused (not screened, the field named) when a value is over its
    bound; bidirectional control characters stripped from the name and reference, with a warning."""
    over = [f"{k} too long ({len(values[k]):,} characters, at most {n})" for k, n in LIMITS.items()
            if len(values.get(k) or "") > n]  # fmt: skip
    if over:
        return Traveller(ref if len(ref) <= LIMITS["id"] else f"row-{row}", row, None, "; ".join(over))
    ref, ref_bidi = strip_bidi_controls(ref)
    name, name_bidi = strip_bidi_controls(values.get("name") or "")
    values = {**values, "name": name}
    warnings += tuple(
        f"{what}: bidirectional control characters removed"
        for what, found in (("name", name_bidi), ("reference", ref_bidi))
        if found
    )
    try:
        record = make_record(
            values.get("name") or "",
            birth_date=values.get("birth_date") or None,
            nationality=values.get("nationality") or None,
            gender=values.get("gender") or None,
            document_number=values.get("document_number") or None,
        )
    except RecordError as exc:
        return Traveller(ref, row, None, "; ".join((str(exc), *warnings)))
    return Traveller(ref, row, record, warnings=warnings)


def read_manifest(path: Path) -> list[Traveller]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError(f"{Path(path).name}: not UTF-8 text") from None
    head = text.lstrip()[:3]
    if head in ("UNA", "UNB", "UNH"):
        try:
            manifest = parse_paxlst(text)
        except PaxlstError as exc:
            raise ManifestError(f"{Path(path).name}: {exc}") from None
        out = []
        for t in manifest.travellers:
            values = {
                "name": t.name,
                "birth_date": t.birth_date or "",
                "nationality": t.nationality or "",
                "gender": t.sex or "",
                "document_number": t.document_number or "",
            }
            if t.refused:
                out.append(Traveller(t.id, t.sequence, None, "; ".join(t.refused)))
                continue
            out.append(_traveller(t.id, t.sequence, values, tuple(t.errors)))
        return out
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise ManifestError(f"{Path(path).name}: a manifest needs a 'name' column (or a PAXLST message)")
    out = []
    for n, raw in enumerate(reader, 1):
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        out.append(_traveller(values.get("id") or f"row-{n}", n, values))
    return out
