"""The anchor of issue 18: clkhash 0.18 + anonlink 0.15 with a standard schema, on two parties' CSVs.

Runs in its own virtual environment (the two pin old dependencies; never the product's):

    python3 -m venv /work/anchor-venv && /work/anchor-venv/bin/pip install clkhash==0.18.3 anonlink==0.15.3
    /work/anchor-venv/bin/python bench/pprl_anchor.py A.csv B.csv SECRET_FILE OUT.csv [THRESHOLD]

Standard schema: 1024-bit CLK, HKDF keys; name (the name column, else given + family) as bigrams,
birth date as written (bigrams), sex, nationality and document as written, phone digits (bigrams);
values lower-cased and stripped, nothing romanized. Writes every pair with Dice ≥ THRESHOLD (default
0.5): a_id, b_id, score. Run by bench/bench_pprl.py.
"""

from __future__ import annotations

import csv
import sys
import time

import anonlink
from clkhash import clk
from clkhash.schema import from_json_dict


def _field(identifier: str, n: int, bits: int) -> dict[str, object]:
    return {
        "identifier": identifier,
        "format": {"type": "string", "encoding": "utf-8", "case": "lower", "minLength": 0},
        "hashing": {
            "comparison": {"type": "ngram", "n": n},
            "strategy": {"bitsPerToken": bits},
            "hash": {"type": "doubleHash"},
            "missingValue": {"sentinel": "", "replaceWith": ""},
        },
    }


SCHEMA = {
    "version": 3,
    "clkConfig": {
        "l": 1024,
        "kdf": {"type": "HKDF", "hash": "SHA256", "salt": "dGlwbmV0LWFuY2hvcg==", "info": "", "keySize": 64},
    },
    "features": [
        {"identifier": "id", "ignored": True},
        _field("name", 2, 15),
        _field("birth_date", 2, 10),
        _field("gender", 1, 20),
        _field("nationality", 2, 10),
        _field("phone", 2, 8),
        _field("document", 2, 8),
    ],
}


def _rows(path: str) -> list[list[str]]:
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = (r.get("name") or "").split(";")[0].strip() or " ".join(
                x for x in ((r.get("given_name") or "").strip(), (r.get("family_name") or "").strip()) if x
            )
            out.append(
                [
                    r["record_id"],
                    " ".join(name.lower().split()),
                    (r.get("birth_date") or "").strip(),
                    (r.get("gender") or "").strip().lower(),
                    (r.get("nationality") or "").strip().lower(),
                    "".join(c for c in (r.get("phone") or "") if c.isdigit()),
                    "".join((r.get("document_number") or "").split()).lower(),
                ]
            )
    return out


def main() -> None:
    a_path, b_path, secret_path, out_path = sys.argv[1:5]
    threshold = float(sys.argv[5]) if len(sys.argv) > 5 else 0.5
    with open(secret_path, encoding="utf-8") as f:
        secret = f.read().strip()
    schema = from_json_dict(SCHEMA)
    t0 = time.perf_counter()
    a, b = _rows(a_path), _rows(b_path)
    ca = clk.generate_clks(a, schema, secret, validate=False)
    cb = clk.generate_clks(b, schema, secret, validate=False)
    t1 = time.perf_counter()
    sims, _dsets, (ia, ib) = anonlink.candidate_generation.find_candidate_pairs(
        [ca, cb], anonlink.similarities.dice_coefficient_accelerated, threshold
    )
    t2 = time.perf_counter()
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["a_id", "b_id", "score"])
        for s, i, j in zip(sims, ia, ib, strict=True):
            w.writerow([a[i][0], b[j][0], f"{s:.4f}"])
    print(f"anchor: encode {t1 - t0:.2f} s, match {t2 - t1:.2f} s, {len(sims)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
