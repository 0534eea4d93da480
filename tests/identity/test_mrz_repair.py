"""OCR repair: reported only when exactly one minimal repair satisfies every check."""

from __future__ import annotations

from datetime import date

from tipnet.identity.mrz.parse import parse_mrz

TODAY = date(2026, 11, 23)
L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


def test_letter_o_in_the_document_number_is_repaired() -> None:
    result = parse_mrz([L1, "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"], today=TODAY)
    assert not result.valid
    assert result.repaired == (L1, L2)
    found = next(f for f in result.findings if f.code == "repair.found")
    assert found.severity == "info"
    assert "line 2 position 6: O->0" in found.message


def test_letters_in_dates_and_check_digits_are_repaired_together() -> None:
    result = parse_mrz([L1, "L898902C36UTO74O8122F12O4159ZE184226B<<<<<1O"], today=TODAY)
    assert result.repaired == (L1, L2)


def test_td1_repair_across_lines() -> None:
    # S for 5 in the number (line 1), O for 0 in both dates (line 2).
    corrupted = ("I<UTOD2314S8907<<<<<<<<<<<<<<<", "74O8122F12O4159UTO<<<<<<<<<<<6", TD1[2])
    result = parse_mrz(corrupted, today=TODAY)
    assert result.repaired == TD1


def test_td1_number_confusions_are_often_ambiguous() -> None:
    # I for 1: in the TD1 number both the field check and the composite weigh it alike, and another
    # single confusion (D for 0 at the start) satisfies them too, so no repair is claimed.
    corrupted = ("I<UTOD23I458907<<<<<<<<<<<<<<<", TD1[1], TD1[2])
    result = parse_mrz(corrupted, today=TODAY)
    assert result.repaired is None
    assert "2 different repairs" in next(f.message for f in result.findings if f.code == "repair.none")


def test_ambiguous_repairs_are_not_reported() -> None:
    # 8 -> B in the optional data: several single confusions satisfy the checks.
    result = parse_mrz([L1, "L898902C36UTO7408122F1204159ZE1B4226B<<<<<10"], today=TODAY)
    assert result.repaired is None
    none = next(f for f in result.findings if f.code == "repair.none")
    assert "different repairs" in none.message


def test_a_corruption_that_is_no_ocr_confusion_is_not_repaired() -> None:
    result = parse_mrz([L1, "L898902C36UTO7408122F1204159ZE184226B<<<<<13"], today=TODAY)
    assert not result.valid
    assert result.repaired is None
    assert "repair.none" in result.codes()


def test_a_valid_mrz_is_not_repaired_and_repair_can_be_switched_off() -> None:
    assert parse_mrz([L1, L2], today=TODAY).repaired is None
    off = parse_mrz([L1, "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"], today=TODAY, repair=False)
    assert off.repaired is None
    assert not any(code.startswith("repair.") for code in off.codes())


def test_digit_in_a_state_code_is_repaired_when_unique() -> None:
    # '0' in the nationality: O or D? Only UTO is a code the specimen can hold... both UTO and UTD are
    # checked against the state list, so only the known code survives.
    result = parse_mrz([L1, "L898902C36UT07408122F1204159ZE184226B<<<<<10"], today=TODAY)
    assert "nationality.unknown" in result.codes()
    assert result.repaired == (L1, L2)
