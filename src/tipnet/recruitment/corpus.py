"""Labelled adverts for training and evaluation: the simulator's output folder (sources/adverts.csv with
truth/adverts.csv beside it). An adapter: the only file reading in the package besides its data files.

Besides simulated adverts, a labelled CSV (id, language, text, label: the independent advert set's
format) can serve to *calibrate* the score, never to train the text model. Real adverts quoted in news, NGO and police reports, and the
EMSCAD and ORFD fraudulent-job sets, are held out by the project for evaluation and must never be
given to `tipnet adverts train`.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    language: str
    text: str
    deceptive: bool
    tricks: str = ""
    platform: str = ""


def read_simulated(folder: Path) -> list[Labelled]:
    """The adverts of a `tipnet simulate` folder with their truth."""
    truth_path = folder / "truth" / "adverts.csv"
    adverts_path = folder / "sources" / "adverts.csv"
    with truth_path.open(encoding="utf-8", newline="") as fh:
        truth = {r["record_id"]: r for r in csv.DictReader(fh)}
    out = []
    with adverts_path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            t = truth.get(r["record_id"])
            if t is None:
                continue
            out.append(
                Labelled(
                    r["record_id"],
                    r.get("language") or "",
                    r["body"],
                    t["deceptive"] == "true",
                    t.get("tricks", ""),
                    r.get("platform") or "",
                )
            )
    return out


def read_labelled(path: Path) -> list[Labelled]:
    """A labelled advert CSV: columns `id`, `language`, `text` and `label` (`deceptive` or `genuine`),
    as the independent advert set writes them (bench/independent/adverts/)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"id", "text", "label"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for n, r in enumerate(reader, start=2):
            label = (r["label"] or "").strip().lower()
            if label not in ("deceptive", "genuine"):
                raise ValueError(
                    f"{path}:{n}: record {r['id']!r}: label must be deceptive or genuine, not {label!r}"
                )
            out.append(
                Labelled(f"{path.stem}:{r['id']}", r.get("language") or "", r["text"], label == "deceptive")
            )
    return out


def split_of(record_id: str, parts: int = 5) -> int:
    """A stable split number (0..parts-1) of a record, by hash: same record, same split everywhere."""
    return int.from_bytes(hashlib.blake2b(record_id.encode(), digest_size=4).digest(), "big") % parts
