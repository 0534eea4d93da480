"""Generate tipnet's code lists from the HTCDS v2.0 field dictionary.

Run once when the standard changes:
    python tools/htcds_codelists.py ../shared/reference/htcds/htcds-field-standards-2.0.csv
It writes one CSV per HTCDS picklist (columns `value,label`) into src/tipnet/vocab/data/htcds/.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "tipnet" / "vocab" / "data" / "htcds"


def main(path: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            field = row["Field Name including Prefix"].strip()
            names = [v.strip() for v in row["Value Names (if picklist)"].splitlines() if v.strip()]
            labels = [v.strip() for v in row["Value Labels (if picklist)"].splitlines() if v.strip()]
            if not field or len(names) < 2 or "ISO" in row["Value Names (if picklist)"]:
                continue
            if len(labels) != len(names):
                labels = names
            with open(OUT / f"{field}.csv", "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(["value", "label"])
                writer.writerows(zip(names, labels, strict=True))
            print(f"{field}: {len(names)} values")


if __name__ == "__main__":
    main(sys.argv[1])
