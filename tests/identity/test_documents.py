"""Document numbers normalised; O/0-style confusions flagged and matched."""

from __future__ import annotations

import pytest

from tipnet.identity.documents import (
    DocumentNumberError,
    confusable_key,
    normalize_document_number,
    same_document_number,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("N 0123-4567", "N01234567"), ("n01234567", "N01234567"), ("N01234567<<", "N01234567"),
     ("AA.123/456", "AA123456"), ("Ｎ０１２３", "N0123")],
)  # fmt: skip
def test_normalize(raw: str, value: str) -> None:
    assert normalize_document_number(raw).value == value


def test_confusions_flagged_and_matched() -> None:
    doc = normalize_document_number("N0123O567")
    assert doc.warnings and "letter O among digits" in doc.warnings[0]
    assert same_document_number("N0123O567", "N01230567")
    assert same_document_number("AB-12I5", "AB1215")
    assert confusable_key("NO12") == "N012"
    assert not normalize_document_number("N01234567").warnings


def test_errors() -> None:
    with pytest.raises(DocumentNumberError):
        normalize_document_number("  - ")
    with pytest.raises(DocumentNumberError):
        normalize_document_number("N01*23")
    assert not same_document_number("", "N1")


def test_myanmar_national_registration_card_numbers() -> None:
    # NRC: state/township(citizenship)number, written with slashes and parentheses.
    assert normalize_document_number("12/BaHaNa(N)783864").value == "12BAHANAN783864"
    assert same_document_number("12/BaHaNa(N)783864", "12/BAHANA (N) 783864")
