"""Any CSV as linkage input: columns mapped to roles, rows to `LinkRecord`s, results back to files.

The user says which column holds which role (`--column ROLE=COLUMN`, several columns joined with
spaces: `address=street,suburb,postcode`); a column named like a role is taken without being told.
Cells may hold several values separated by `;` (aliases, nationalities, documents, phones). A row
that cannot be compared goes to `rejects.csv` with its row, id, field and reason, never its values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipnet.ingest import csvsafe
from tipnet.ingest.errors import FileError
from tipnet.ingest.readers import read_csv
from tipnet.linkage.records import LinkRecord, Rejected
from tipnet.store.files import open_private, private_dir

ROLES: tuple[str, ...] = (
    "id",
    "name",
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "nationality",
    "document_number",
    "phone",
    "address",
)
MULTI = ("name", "nationality", "document_number", "phone")  # roles whose cells may list several values


class MappingError(ValueError):
    """A --column option that names an unknown role or a column the file lacks."""


def parse_column_options(options: Sequence[str]) -> dict[str, list[str]]:
    """`ROLE=COL[,COL...]` options → role → columns."""
    out: dict[str, list[str]] = {}
    for opt in options:
        role, sep, cols = opt.partition("=")
        role = role.strip().lower()
        if not sep or not cols.strip():
            raise MappingError(f"--column {opt!r}: expected ROLE=COLUMN")
        if role not in ROLES:
            raise MappingError(f"--column {opt!r}: unknown role {role!r}; roles: {', '.join(ROLES)}")
        out[role] = [c.strip() for c in cols.split(",") if c.strip()]
    return out


def resolve_mapping(header: Sequence[str], given: Mapping[str, list[str]], file: str) -> dict[str, list[str]]:
    """The roles of one file: the options given, plus columns named like a role; checks every column."""
    by_lower = {h.lower(): h for h in header}
    mapping = {role: list(cols) for role, cols in given.items()}
    for role in ROLES:
        if role not in mapping and role in by_lower:
            mapping[role] = [by_lower[role]]
    for role, cols in mapping.items():
        for i, col in enumerate(cols):
            if col not in header:
                if col.lower() in by_lower:
                    cols[i] = by_lower[col.lower()]
                    continue
                raise MappingError(
                    f"{file}: no column {col!r} (for role {role}); columns: {', '.join(header)}"
                )
    if "id" not in mapping:
        raise MappingError(f"{file}: no id column; say which with --column id=COLUMN")
    if not {"name", "given_name", "family_name"} & mapping.keys():
        raise MappingError(f"{file}: no name column; map one of name, given_name, family_name with --column")
    return mapping


@dataclass
class FileInput:
    """One input file read into records, with its rejects and the uid → original id map."""

    path: Path
    label: str
    records: list[LinkRecord] = field(default_factory=list)
    rejects: list[tuple[int, int, Rejected]] = field(default_factory=list)  # (row, line, reason)
    ids: dict[str, str] = field(default_factory=dict)  # uid → the file's own id
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # uid → (row, line)


def _cell(data: Mapping[str, str], cols: Sequence[str] | None) -> str:
    if not cols:
        return ""
    return " ".join(v for v in (data.get(c, "").strip() for c in cols) if v)


def _values(data: Mapping[str, str], cols: Sequence[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for c in cols or ():
        out += [v.strip() for v in data.get(c, "").split(";") if v.strip()]
    return tuple(dict.fromkeys(out))


# What forms write into a name field a person does not have: "first/last name unknown", "no first
# name" (US and other visa and immigration systems, for Indonesian and Burmese mononyms).
NAME_PLACEHOLDERS = frozenset({"fnu", "lnu", "nfn", "nln"})


def whole_name(given: str, family: str) -> str:
    """The whole name from a given and a family name column. A one-name person's name is often written
    twice by forms that demand both fields ("SOEMIATI / SOEMIATI") or beside a placeholder ("FNU /
    PARDJO"); the name itself is said once, so that it compares as one word with "Soemiati"."""
    parts = [x for x in (given, family) if x and x.strip().casefold() not in NAME_PLACEHOLDERS]
    if len(parts) == 2 and parts[0].strip().casefold() == parts[1].strip().casefold():
        parts = parts[1:]
    return " ".join(parts)


def read_input(path: Path, given: Mapping[str, list[str]], *, label: str, prefix: str = "") -> FileInput:
    """Read a CSV into records; `prefix` keeps uids unique when two files are linked."""
    header, rows = read_csv(path)
    mapping = resolve_mapping(header, given, path.name)
    out = FileInput(path, label)
    seen: set[str] = set()
    # Given and family names are compared apart only in a file that has no whole-name column (FEBRL,
    # civil registers): where a source writes the whole name too (often in its own script or with
    # aliases), the whole-name comparison, with its name-frequency levels, is the better judge; on the
    # independent set, comparing parts there cost precision (0.960 -> 0.945 on the test split).
    split_only = "name" not in mapping
    for raw in rows:
        if raw.data is None:
            err = raw.error
            reason = Rejected(
                raw.record_id or "", label, err.field if err else "", err.reason if err else "unreadable"
            )
            out.rejects.append((raw.number, raw.line, reason))
            continue
        d = raw.data
        rid = _cell(d, mapping["id"])
        if not rid:
            out.rejects.append((raw.number, raw.line, Rejected("", label, "id", "empty id")))
            continue
        if rid in seen:
            out.rejects.append(
                (raw.number, raw.line, Rejected(rid, label, "id", "id repeats an earlier row"))
            )
            continue
        seen.add(rid)
        names = list(_values(d, mapping.get("name")))
        part_g, part_f = _cell(d, mapping.get("given_name")), _cell(d, mapping.get("family_name"))
        full = whole_name(part_g, part_f)
        if full:
            names.insert(0, full)
        uid = f"{prefix}{rid}"
        out.records.append(
            LinkRecord(
                uid=uid,
                dataset=label,
                names=tuple(dict.fromkeys(names)),
                birth_date=_cell(d, mapping.get("birth_date")) or None,
                gender=_cell(d, mapping.get("gender")) or None,
                nationalities=_values(d, mapping.get("nationality")),
                documents=_values(d, mapping.get("document_number")),
                phones=_values(d, mapping.get("phone")),
                addresses=(a,) if (a := _cell(d, mapping.get("address"))) else (),
                given_name=(part_g or None) if split_only else None,
                family_name=(part_f or None) if split_only else None,
            )
        )
        out.ids[uid] = rid
        out.rows[uid] = (raw.number, raw.line)
    if not out.records and not out.rejects:
        raise FileError(f"{path.name}: no data rows")
    return out


def cluster_id(members: Sequence[str]) -> str:
    """A cluster's id: the same members (by their smallest uid) give the same id in every run."""
    return "C-" + hashlib.sha256(min(members).encode("utf-8")).hexdigest()[:10]


def write_outputs(
    out_dir: Path, inputs: Sequence[FileInput], resolution: Any, extra: Mapping[str, Any]
) -> dict[str, int]:
    """pairs.csv (links), review.csv (uncertain pairs), clusters.csv, rejects.csv, model.json,
    run.json (training report, thresholds, and the digest of the records the model was trained on)."""
    private_dir(out_dir)  # the outputs name records: 0600 files (0700 when the folder is new)
    ids: dict[str, str] = {}
    source: dict[str, str] = {}
    for inp in inputs:
        ids.update(inp.ids)
        source.update(dict.fromkeys(inp.ids, inp.label))

    def pair_row(p: Any) -> list[Any]:
        a, b = p.uid_l, p.uid_r
        if len(inputs) == 2 and source[a] != inputs[0].label:
            a, b = b, a  # id_l from the first file, id_r from the second
        return [ids[a], ids[b], f"{p.probability:.6f}"]

    links = resolution.links().sorted()
    with open_private(out_dir / "pairs.csv", "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["id_l", "id_r", "match_probability"])
        w.writerows(pair_row(p) for p in links)
    review = resolution.review_queue()
    with open_private(out_dir / "review.csv", "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["id_l", "id_r", "match_probability", "match_weight", "evidence"])
        for p in review:
            ev = ";".join(f"{e.feature}={e.level}({e.bits:+.1f})" for e in resolution.model.evidence(p))
            w.writerow([*pair_row(p), f"{p.weight:.3f}", ev])
    members: dict[str, list[str]] = {}
    for uid, key in resolution.clusters.items():
        members.setdefault(key, []).append(uid)
    names = {key: cluster_id(group) for key, group in members.items()}
    with open_private(out_dir / "clusters.csv", "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        header = ["id", "cluster_id"] + (["source"] if len(inputs) == 2 else [])
        w.writerow(header)
        for inp in inputs:
            for rec in inp.records:
                if rec.uid in resolution.clusters:
                    row = [inp.ids[rec.uid], names[resolution.clusters[rec.uid]]]
                    w.writerow(row + ([inp.label] if len(inputs) == 2 else []))
    n_rejects = 0
    with open_private(out_dir / "rejects.csv", "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["file", "row", "line", "id", "field", "reason"])
        for inp in inputs:
            for row_number, line, rej in inp.rejects:
                w.writerow(
                    [inp.path.name, row_number, line, inp.ids.get(rej.uid, rej.uid), rej.field, rej.reason]
                )
                n_rejects += 1
    with open_private(out_dir / "model.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(resolution.model.splink, indent=1))
    run = {
        **extra,
        "threshold": resolution.threshold,
        "review_low": resolution.review_low,
        "training": resolution.training.to_dict() if resolution.training else None,
        "timings_s": {k: round(v, 2) for k, v in resolution.timings.items()},
    }
    with open_private(out_dir / "run.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(run, indent=1))
    return {
        "links": len(links),
        "review": len(review),
        "clusters": len(members),
        "rejects": n_rejects,
    }
