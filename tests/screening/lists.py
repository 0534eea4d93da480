"""Small watchlists and manifests shared by the screening tests."""

from __future__ import annotations

import json
from pathlib import Path

LIST_CSV = (
    "id,name,aliases,birth_date,nationality,gender,document_number,topics\n"
    "T1,Chen Wei,Tan Wei,1980,CN,male,E1234-5678,crime.traffick.human\n"
    "T2,Chan Sreymom,,1991-04,KHM,F,,wanted\n"
    "T3,Somchai Phrom,,1975-02-11,TH,M,,\n"
    "T4,Nguyen Van Minh,,1988-09-09,VN,M,C7654321,crime.traffick\n"
    "T5,Maria Santos,,1970,PH,F,,\n"
)

FTM = [
    {"id": "os-1", "schema": "Person", "properties": {
        "name": ["Zhao Wei"], "alias": ["赵伟"], "birthDate": ["1972-05-03"], "nationality": ["cn"],
        "gender": ["male"], "passportNumber": ["G12345678"], "topics": ["sanction"]}},
    {"id": "os-2", "schema": "Company", "properties": {"name": ["Kings Romans Casino"]}},
]  # fmt: skip

MANIFEST_CSV = (
    "id,name,birth_date,nationality,gender,document_number\n"
    "P1,陈伟,1980-06-01,CHN,M,\n"
    "P2,ចាន់ ស្រីមុំ,1991-04-20,KH,F,\n"
    "P3,John Smith,1965-01-01,GB,M,\n"
    "P4,WEI ZHAO,1972-05-03,CN,M,G1234S678\n"
)


def write_lists(tmp: Path) -> tuple[Path, Path]:
    csv_path = tmp / "traffickers.csv"
    csv_path.write_text(LIST_CSV, encoding="utf-8")
    ftm_path = tmp / "sanctions.jsonl"
    ftm_path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in FTM) + "\n", encoding="utf-8")
    return csv_path, ftm_path
