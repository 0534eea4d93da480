"""Code lists: every list loads, known values validate, unknown values fail with a clear message."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tipnet.vocab import (
    VocabError,
    code_list,
    list_names,
    normalize_country,
    normalize_language,
    validate,
    validate_many,
)

# The picklist rows of the HTCDS field dictionary (tests/fixtures/README.md says how they were cut).
HTCDS_CSV = Path(__file__).resolve().parent / "fixtures" / "htcds" / "htcds-field-standards-2.0-picklists.csv"


def test_every_htcds_picklist_is_a_code_list_with_its_value_names() -> None:
    with open(HTCDS_CSV, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            field = row["Field Name including Prefix"].strip()
            names = [v.strip() for v in row["Value Names (if picklist)"].splitlines() if v.strip()]
            if not field or len(names) < 2 or "ISO" in row["Value Names (if picklist)"]:
                continue
            assert list(code_list(field)) == names, field


@pytest.mark.parametrize("name", list_names())
def test_each_list_accepts_its_values_and_labels_and_rejects_unknown(name: str) -> None:
    values = code_list(name)
    assert values, name
    for value, label in values.items():
        assert validate(name, value) == value
        assert validate(name, label) == value
        assert validate(name, value.upper()) == value
    with pytest.raises(VocabError) as err:
        validate(name, "NoSuchValue-xyz")
    assert name in str(err.value) and "NoSuchValue-xyz" in str(err.value)
    assert err.value.list_name == name


def test_multi_select_and_empty_values() -> None:
    assert validate_many("vic_MethodsOfControl", "DebtBondage; withholds documents ;") == [
        "DebtBondage",
        "WithholdsDocuments",
    ]
    with pytest.raises(VocabError):
        validate_many("vic_MethodsOfControl", "DebtBondage;Witchcraft")
    with pytest.raises(VocabError):
        validate("prs_Gender", "")


def test_countries_and_languages() -> None:
    assert normalize_country("kh") == "KHM"
    assert normalize_country("MMR") == "MMR"
    assert normalize_country("XXA") == "XXA"  # ICAO: stateless
    with pytest.raises(VocabError):
        normalize_country("XXA", allow_icao=False)
    with pytest.raises(VocabError):
        normalize_country("Cambodia")
    assert normalize_language("khm") == "km"
    assert normalize_language("Burmese") == "my"
    with pytest.raises(VocabError):
        normalize_language("Klingonese")
