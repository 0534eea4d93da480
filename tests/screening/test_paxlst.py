"""PAXLST manifests parse into travellers with the fields screening needs."""

from __future__ import annotations

import pytest

from tipnet.screening.paxlst import PaxlstError, parse_paxlst, segments

# A synthetic manifest in the shape airlines send (UN/EDIFACT D02B PAXLST, API guidelines).
MESSAGE = (
    "UNA:+.? '"
    "UNB+UNOA:4+AIRLINE1:ZZ+KHIMM:ZZ+261123:0930+000000001'"
    "UNG+PAXLST+AIRLINE1+KHIMM+261123:0930+1+UN+D:02B'"
    "UNH+PAX001+PAXLST:D:02B:UN:IATA+FLT123+01:F'"
    "BGM+745'"
    "NAD+MS+++OPERATIONS'"
    "TDT+20+XY123'"
    "LOC+125+BKK'"
    "DTM+189:2611231010:201'"
    "LOC+87+PNH'"
    "NAD+FL+++CHAN:SREYMOM+12 STREET 51+PHNOM PENH++12000+KHM'"
    "ATT+2++F'"
    "DTM+329:010305'"
    "LOC+178+BKK'"
    "LOC+179+PNH'"
    "NAT+2+KHM'"
    "RFF+AVF:ABC123'"
    "DOC+P:110:111+N01234567'"
    "DTM+36:300101'"
    "LOC+91+KHM'"
    "NAD+FL+++O?'BRIEN:MARY ANN'"
    "ATT+2++F'"
    "DTM+329:19851231'"
    "NAT+2+IRL'"
    "DOC+P:110:111+PA1234567'"
    "NAD+FM+++WANG:LEI'"
    "ATT+2++M'"
    "DTM+329:991399'"
    "NAT+2+CHN'"
    "CNT+42:3'"
    "UNT+28+PAX001'"
    "UNE+1+1'"
    "UNZ+1+000000001'"
)


def test_travellers() -> None:
    manifest = parse_paxlst(MESSAGE)
    assert manifest.flight == "XY123" and manifest.message_ref == "PAX001"
    first, second, crew = manifest.travellers
    assert (first.surname, first.given_names, first.sex, first.birth_date) == (
        "CHAN",
        "SREYMOM",
        "F",
        "2001-03-05",
    )
    assert (first.nationality, first.document_type, first.document_number) == ("KHM", "P", "N01234567")
    assert (first.document_expiry, first.issuing_state, first.id) == ("2030-01-01", "KHM", "ABC123")
    assert second.surname == "O'BRIEN" and second.given_names == "MARY ANN"
    assert second.birth_date == "1985-12-31" and second.id == "pax-2"
    assert crew.role == "crew" and crew.birth_date is None
    assert crew.errors == ["DTM+329: unreadable birth date"]


def test_release_character_and_custom_delimiters() -> None:
    assert segments("UNA:+.? 'NAD+FL+++A?+B:C'") == [[["NAD"], ["FL"], [""], [""], ["A+B", "C"]]]
    custom = "UNA*|.\\ ~UNH|1|PAXLST*D*02B~NAD|FL|||DOE*JOHN~"
    assert parse_paxlst(custom).travellers[0].name == "JOHN DOE"


@pytest.mark.parametrize("text", ["", "hello", "UNH+1+CUSRES:D:02B'", "UNB+UNOA:4'"])
def test_not_paxlst(text: str) -> None:
    with pytest.raises(PaxlstError):
        parse_paxlst(text)
