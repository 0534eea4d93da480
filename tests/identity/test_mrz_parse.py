"""Parser and validator: the ICAO specimens, findings, centuries, risk signals, visual zone, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tipnet.identity.mrz.compose import compose_td1, compose_td2, compose_td3
from tipnet.identity.mrz.parse import parse_mrz

SPECIMENS = Path(__file__).resolve().parents[1] / "fixtures" / "mrz" / "icao9303-specimens.txt"
TODAY = date(2026, 11, 23)


def load_specimens() -> list[tuple[str, tuple[str, ...]]]:
    """(comment naming the format, lines) for each specimen document."""
    docs: list[tuple[str, tuple[str, ...]]] = []
    comment, current = "", []
    for raw in [*SPECIMENS.read_text().splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#"):
            comment = line
        elif line:
            current.append(line)
        elif current:
            docs.append((comment, tuple(current)))
            current = []
    return docs


ANNA = dict(surname="ERIKSSON", given_names="ANNA MARIA", sex="F", issuing_state="UTO")
# The fields printed on each specimen, in file order.
PRINTED = [
    dict(ANNA, format="TD3", document_type="P", document_number="L898902C3", nationality="UTO",
         birth_date=date(1974, 8, 12), expiry_date=date(2012, 4, 15), optional_data="ZE184226B"),
    dict(ANNA, format="TD1", document_type="I", document_number="D23145890", nationality="UTO",
         birth_date=date(1974, 8, 12), expiry_date=date(2012, 4, 15), optional_data=None),
    dict(ANNA, format="TD2", document_type="I", document_number="D23145890", nationality="UTO",
         birth_date=date(1974, 8, 12), expiry_date=date(2012, 4, 15), optional_data=None),
    dict(ANNA, format="MRVA", document_type="V", document_number="L8988901C", nationality="XXX",
         birth_date=date(1940, 9, 7), expiry_date=date(1996, 12, 10), optional_data="6ZE184226B"),
    dict(ANNA, format="MRVB", document_type="V", document_number="L8988901C", nationality="XXX",
         birth_date=date(1940, 9, 7), expiry_date=date(1996, 12, 10), optional_data=None),
    dict(surname="STEVENSON", given_names="PETER JOHN", sex="M", issuing_state="UTO", format="TD1",
         document_type="I", document_number="D23145890734", nationality="UTO",
         birth_date=date(1934, 7, 12), expiry_date=date(1995, 7, 12), optional_data=None),
    dict(surname="STEVENSON", given_names="PETER JOHN", sex="M", issuing_state="UTO", format="TD2",
         document_type="I", document_number="D23145890734", nationality="UTO",
         birth_date=date(1934, 7, 12), expiry_date=date(1995, 7, 12), optional_data=None),
]  # fmt: skip


def test_the_specimen_file_holds_the_expected_documents() -> None:
    assert len(load_specimens()) == len(PRINTED)


@pytest.mark.parametrize(("index", "printed"), list(enumerate(PRINTED)))
def test_specimens_parse_to_exactly_their_printed_fields(index: int, printed: dict[str, object]) -> None:
    comment, lines = load_specimens()[index]
    result = parse_mrz("\n".join(lines), today=TODAY)
    got = {key: getattr(result, key) for key in printed}
    assert got == printed, comment
    assert result.valid, result.findings
    assert result.errors() == []
    assert result.repaired is None
    # Specimens are expired and issued by ICAO's fictitious state: warnings, not errors.
    assert "document.expired" in result.codes()
    assert "document.specimen" in result.codes()


def test_specimen_json_shape() -> None:
    _, lines = load_specimens()[0]
    d = parse_mrz(list(lines), today=TODAY).to_dict()
    assert d["valid"] is True
    assert d["format"] == "TD3"
    assert d["birth_date"] == "1974-08-12"
    assert d["expiry_date"] == "2012-04-15"
    assert d["repaired"] is None
    assert {"code", "field", "severity", "message"} == set(d["findings"][0])
    for key in ("document_number", "issuing_state", "nationality", "surname", "given_names", "sex"):
        assert key in d


def td3(**over: object) -> tuple[str, str]:
    kw: dict[str, object] = dict(
        issuing_state="FRA",
        surname="Dupont",
        given_names="Jean Luc",
        document_number="AB1234567",
        nationality="FRA",
        birth_date=date(1980, 1, 2),
        sex="M",
        expiry_date=date(2030, 1, 1),
    )
    kw.update(over)
    return compose_td3(**kw)  # type: ignore[arg-type]  # overrides of several types in one dict


def test_a_clean_current_passport_has_no_findings() -> None:
    result = parse_mrz(td3(), today=TODAY)
    assert result.valid
    assert result.findings == []


def test_each_failing_check_digit_is_named() -> None:
    l1, l2 = td3()
    bad_birth = l2[:19] + str((int(l2[19]) + 1) % 10) + l2[20:]
    result = parse_mrz([l1, bad_birth], today=TODAY)
    assert not result.valid
    assert {"check_digit.birth_date", "check_digit.composite"} <= set(result.codes())
    finding = next(f for f in result.findings if f.code == "check_digit.birth_date")
    assert finding.field == "birth_date" and finding.severity == "error"
    assert "check digit of birth date" in finding.message


def test_check_digit_that_is_not_a_digit() -> None:
    l1, l2 = td3()
    result = parse_mrz([l1, l2[:9] + "X" + l2[10:]], today=TODAY, repair=False)
    assert "check_digit.document_number" in result.codes()
    assert "not a digit" in next(
        f.message for f in result.findings if f.code == "check_digit.document_number"
    )


def test_unknown_state_codes_are_errors_and_icao_codes_are_known() -> None:
    result = parse_mrz(td3(issuing_state="QQQ", nationality="D"), today=TODAY)
    assert "issuing_state.unknown" in result.codes()
    assert "nationality.unknown" not in result.codes()
    assert result.nationality == "D"
    for code in (
        "GBD",
        "GBN",
        "GBO",
        "GBP",
        "GBS",
        "UNO",
        "UNA",
        "UNK",
        "XXA",
        "XXB",
        "XXC",
        "XOM",
        "XPO",
        "EUE",
    ):
        assert parse_mrz(td3(nationality=code), today=TODAY).valid, code


def test_centuries_are_inferred_from_today() -> None:
    # Born in '24: 2024 if that is not in the future, else 1924; expiry in '30 is 2030, in '99 is 1999.
    young = parse_mrz(td3(birth_date=date(2024, 3, 1), expiry_date=date(2029, 3, 1)), today=TODAY)
    assert young.birth_date == date(2024, 3, 1)
    old = parse_mrz(td3(birth_date=date(1927, 3, 1), expiry_date=date(1999, 3, 1)), today=TODAY)
    assert old.birth_date == date(1927, 3, 1)
    assert old.expiry_date == date(1999, 3, 1)
    # A birth day later this year than today belongs to the last century.
    assert parse_mrz(td3(birth_date=date(1926, 12, 31)), today=TODAY).birth_date == date(1926, 12, 31)


def test_birth_after_expiry_is_an_error() -> None:
    result = parse_mrz(td3(birth_date=date(2010, 1, 1), expiry_date=date(2009, 1, 1)), today=TODAY)
    assert "dates.birth_after_expiry" in result.codes()
    assert not result.valid


def test_impossible_dates_are_errors() -> None:
    l1, l2 = td3()
    from tipnet.identity.mrz.formats import check_digit

    birth = "801302"
    body = l2[:13] + birth + check_digit(birth) + l2[20:43]
    line2 = body + check_digit(body[0:10] + body[13:20] + body[21:43])
    result = parse_mrz([l1, line2], today=TODAY)
    assert "birth_date.invalid" in result.codes()
    assert not any(c.startswith("check_digit.") for c in result.codes())
    assert result.birth_date is None
    assert not result.valid


def test_expired_passport_is_valid_with_a_warning() -> None:
    result = parse_mrz(td3(expiry_date=date(2020, 1, 1)), today=TODAY)
    assert result.valid
    expired = next(f for f in result.findings if f.code == "document.expired")
    assert expired.severity == "warning"
    assert expired.message == "expired on 2020-01-01"


def test_expiring_soon_minor_and_foreign_issuer_are_risk_signals() -> None:
    result = parse_mrz(
        td3(expiry_date=date(2027, 1, 10), birth_date=date(2012, 5, 5), nationality="ALB"), today=TODAY
    )
    assert result.valid
    codes = set(result.codes())
    assert {"document.expiring_soon", "holder.minor", "document.issuer_not_nationality"} <= codes
    minor = next(f for f in result.findings if f.code == "holder.minor")
    assert "14" in minor.message


def test_state_pairs_that_name_the_same_state_are_not_flagged() -> None:
    assert (
        "document.issuer_not_nationality"
        not in parse_mrz(td3(issuing_state="GBR", nationality="GBD"), today=TODAY).codes()
    )
    refugee = parse_mrz(td3(issuing_state="DEU", nationality="XXB"), today=TODAY)
    assert "holder.stateless_or_refugee" in refugee.codes()
    assert "document.issuer_not_nationality" not in refugee.codes()


def test_visas_are_not_flagged_for_a_foreign_issuer() -> None:
    _, lines = load_specimens()[3]
    assert "document.issuer_not_nationality" not in parse_mrz(lines, today=TODAY).codes()


def test_visual_zone_disagreement() -> None:
    visual = {
        "surname": "Dupont",
        "given_names": "Jean-Luc",
        "birth_date": "1980-01-02",
        "document_number": "AB 123 4567",
        "sex": "M",
        "nationality": "FR",
    }
    assert "visual.mismatch" not in parse_mrz(td3(), today=TODAY, visual=visual).codes()
    tampered = parse_mrz(
        td3(), today=TODAY, visual={**visual, "birth_date": date(1990, 1, 2), "surname": "Durand"}
    )
    mismatches = {f.field for f in tampered.findings if f.code == "visual.mismatch"}
    assert mismatches == {"birth_date", "surname"}
    assert tampered.valid  # a risk signal, not a malformed MRZ


def test_visual_names_match_a_truncated_mrz_name() -> None:
    given = "Maximilian Alexander Konstantin Friedrich"
    result = parse_mrz(td3(surname="Wolfeschlegelstein", given_names=given), today=TODAY, visual={
        "surname": "Wolfeschlegelstein", "given_names": given})  # fmt: skip
    assert result.names_truncated
    assert "name.truncated" in result.codes()
    assert "visual.mismatch" not in result.codes()


def test_td1_fields_and_optional_data() -> None:
    lines = compose_td1(
        issuing_state="NLD",
        surname="de Vries",
        given_names="Anna",
        document_number="SPECI2021",
        nationality="NLD",
        birth_date=date(1965, 3, 10),
        sex="F",
        expiry_date=date(2031, 8, 2),
        optional_data="999999990",
        optional_data_2="XY12",
    )
    result = parse_mrz(lines, today=TODAY)
    assert result.valid, result.findings
    assert (result.surname, result.given_names) == ("DE VRIES", "ANNA")
    assert (result.optional_data, result.optional_data_2) == ("999999990", "XY12")


def test_td2_long_number_with_optional_data_after_it() -> None:
    lines = compose_td2(
        issuing_state="FRA",
        surname="Martin",
        given_names="Paul",
        document_number="X1234567890",
        nationality="FRA",
        birth_date=date(1990, 6, 1),
        sex="M",
        expiry_date=date(2030, 6, 1),
        optional_data="AB",
    )
    result = parse_mrz(lines, today=TODAY)
    assert result.valid, result.findings
    assert result.document_number == "X1234567890"
    assert result.optional_data == "AB"


def test_unspecified_sex_and_x() -> None:
    l1, l2 = td3(sex="X")
    assert parse_mrz([l1, l2], today=TODAY).sex == "X"
    x = parse_mrz([l1, l2[:20] + "X" + l2[21:]], today=TODAY)
    assert x.sex == "X" and x.valid and "sex.x_in_mrz" in x.codes()
    q = parse_mrz([l1, l2[:20] + "Q" + l2[21:]], today=TODAY)
    assert "sex.invalid" in q.codes() and not q.valid


def test_name_field_findings() -> None:
    l1, l2 = td3()
    assert "name.invalid_character" in parse_mrz([l1[:8] + "7" + l1[9:], l2], today=TODAY).codes()
    assert "name.malformed" in parse_mrz([l1[:20] + "<<X" + l1[23:], l2], today=TODAY).codes()
    only = parse_mrz(td3(given_names=""), today=TODAY)
    assert only.valid and "name.primary_only" in only.codes() and only.given_names == ""
    empty = parse_mrz(["P<FRA" + "<" * 39, l2], today=TODAY)
    assert "name.empty" in empty.codes()


def test_document_type_must_suit_the_format() -> None:
    l1, l2 = td3()
    assert "document_type.invalid" in parse_mrz(["I" + l1[1:], l2], today=TODAY).codes()


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   \n\n",
        "hello",
        "P<UTO\nL898",
        "x" * 500,
        "\x00\x01\x02",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\nEXTRA\nLINE",
        "Ü" * 44 + "\n" + "é" * 44,
        b"P<UTO",
        None,
        ["P<UTO", 12345],
    ],
)
def test_malformed_input_never_raises(bad: object) -> None:
    result = parse_mrz(bad, today=TODAY)  # type: ignore[arg-type]  # wrong types on purpose: must not raise
    assert result.valid is False
    assert result.errors()
    result.to_dict()


def test_missing_trailing_fillers_are_assumed_and_lost_data_caught_by_check_digits() -> None:
    l1, l2 = td3()
    name_cut = parse_mrz([l1.rstrip("<"), l2], today=TODAY)
    assert name_cut.valid
    assert "mrz.line_padded" in name_cut.codes()
    tail_cut = parse_mrz([l1, l2[:-3]], today=TODAY)
    assert "mrz.line_padded" in tail_cut.codes()
    assert "check_digit.composite" in tail_cut.codes()
    assert not tail_cut.valid
    assert tail_cut.document_number == "AB1234567"


def test_a_line_too_long_with_data_is_an_error() -> None:
    l1, l2 = td3()
    result = parse_mrz([l1, l2 + "ABC"], today=TODAY)
    assert "mrz.line_length" in result.codes()
    assert not result.valid
    assert result.document_number == "AB1234567"


def test_lowercase_stray_spaces_and_single_line_input_are_read() -> None:
    l1, l2 = td3()
    messy = "  " + l1.lower() + "  \n" + l2[:10] + " " + l2[10:] + "\n"
    result = parse_mrz(messy, today=TODAY)
    assert result.valid
    assert {"input.normalized", "input.whitespace"} <= set(result.codes())
    assert parse_mrz(l1 + l2, today=TODAY).valid


def test_spaces_read_in_place_of_fillers_become_fillers() -> None:
    l1, l2 = td3()
    result = parse_mrz([l1.replace("<", " "), l2], today=TODAY)
    assert result.valid
    assert result.given_names == "JEAN LUC"


def test_partly_unknown_birth_date_is_a_warning() -> None:
    from tipnet.identity.mrz.formats import check_digit

    l1, l2 = td3()
    birth = "80<<<<"
    body = l2[:13] + birth + check_digit(birth) + l2[20:43]
    line2 = body + check_digit(body[0:10] + body[13:20] + body[21:43])
    result = parse_mrz([l1, line2], today=TODAY)
    assert result.valid
    assert result.birth_date is None
    assert "birth_date.unknown" in result.codes()
