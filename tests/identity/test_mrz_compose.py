"""Composers reproduce the ICAO Doc 9303 specimens character for character."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tipnet.identity.mrz.compose import compose_mrva, compose_mrvb, compose_td1, compose_td2, compose_td3
from tipnet.identity.mrz.formats import check_digit
from tipnet.identity.mrz.names import compose_name_field, transliterate

SPECIMENS = Path(__file__).resolve().parents[1] / "fixtures" / "mrz" / "icao9303-specimens.txt"


def load_specimens() -> list[tuple[str, ...]]:
    docs: list[tuple[str, ...]] = []
    current: list[str] = []
    for raw in [*SPECIMENS.read_text().splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#"):
            continue
        if line:
            current.append(line)
        elif current:
            docs.append(tuple(current))
            current = []
    return docs


ANNA = dict(
    issuing_state="UTO",
    surname="Eriksson",
    given_names="Anna Maria",
    nationality="UTO",
    birth_date=date(1974, 8, 12),
    sex="F",
    expiry_date=date(2012, 4, 15),
)
VISA = {**ANNA, "nationality": "XXX", "birth_date": date(1940, 9, 7), "expiry_date": date(1996, 12, 10)}
PETER = dict(
    issuing_state="UTO",
    surname="Stevenson",
    given_names="Peter John",
    nationality="UTO",
    birth_date=date(1934, 7, 12),
    sex="M",
    expiry_date=date(1995, 7, 12),
)


@pytest.mark.parametrize(
    ("field", "expected"),
    [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1"), ("<<<<<<", "0")],
)
def test_check_digit(field: str, expected: str) -> None:
    assert check_digit(field) == expected


def test_check_digit_rejects_characters_outside_the_alphabet() -> None:
    with pytest.raises(ValueError):
        check_digit("ab12")


def test_composers_reproduce_every_specimen() -> None:
    composed = [
        compose_td3(document_number="L898902C3", optional_data="ZE184226B", **ANNA),
        compose_td1(document_number="D23145890", **ANNA),
        compose_td2(document_number="D23145890", **ANNA),
        compose_mrva(document_number="L8988901C", optional_data="6ZE184226B", **VISA),
        compose_mrvb(document_number="L8988901C", **VISA),
        compose_td1(document_number="D23145890734", **PETER),
        compose_td2(document_number="D23145890734", **PETER),
    ]
    assert composed == load_specimens()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Müller", "MUELLER"),
        ("Lüdenscheidt-Ärger", "LUEDENSCHEIDT<AERGER"),
        ("O'Connor", "OCONNOR"),
        ("Núñez", "NUNEZ"),
        ("Nguyễn Đức", "NGUYEN<DUC"),
        ("Łódź", "LODZ"),
        ("Straße", "STRASSE"),
        ("Þór", "THOR"),
        ("Алексей", "ALEKSEI"),
    ],
)
def test_transliteration(name: str, expected: str) -> None:
    assert transliterate(name) == expected


def test_umlauts_may_be_written_without_the_e() -> None:
    assert transliterate("Jürgen Öztürk", expand_umlauts=False) == "JURGEN<OZTURK"


def test_truncation_shortens_secondary_components_from_the_last_and_ends_on_a_letter() -> None:
    field, truncated = compose_name_field("Nguyễn", "Thị Minh Khai Phương Anh Elisabeth Maximiliane", 30)
    assert (field, truncated) == ("NGUYEN<<THI<MINH<KHAI<PH<A<E<M", True)


def test_truncation_of_a_primary_identifier_that_fills_the_field_keeps_an_initial() -> None:
    field, truncated = compose_name_field("Wolfeschlegelsteinhausenbergerdorff", "Hubert Blaine", 30)
    assert (field, truncated) == ("WOLFESCHLEGELSTEINHAUSENBER<<H", True)


def test_short_name_is_padded_not_truncated() -> None:
    assert compose_name_field("Eriksson", "Anna Maria", 30) == ("ERIKSSON<<ANNA<MARIA<<<<<<<<<<", False)


def test_composers_refuse_what_no_mrz_can_hold() -> None:
    with pytest.raises(ValueError):
        compose_td3(document_number="L8989-02", **ANNA)
    with pytest.raises(ValueError):
        compose_td3(document_number="L898902C3", optional_data="X" * 15, **ANNA)
    with pytest.raises(ValueError):
        compose_td3(document_number="L898902C3456", **ANNA)
    with pytest.raises(ValueError):
        compose_td2(document_number="D2314589073456789", **ANNA)
    with pytest.raises(ValueError):
        compose_td3(document_number="L898902C3", **{**ANNA, "sex": "Q"})


def test_unspecified_sex_is_a_filler_in_the_mrz() -> None:
    line2 = compose_td3(document_number="L898902C3", **{**ANNA, "sex": "X"})[1]
    assert line2[20] == "<"


def test_a_single_name_is_the_primary_identifier() -> None:
    assert compose_name_field("", "Aung", 10) == ("AUNG<<<<<<", False)
    lines = compose_td3(document_number="M1234567", **{**ANNA, "surname": "", "given_names": "Aung Kyaw"})
    assert lines[0].startswith("P<UTOAUNG<KYAW<<<")


def test_a_name_with_nothing_left_in_the_mrz_alphabet_is_refused() -> None:
    with pytest.raises(ValueError):
        compose_td3(document_number="L898902C3", **{**ANNA, "surname": "สมชาย", "given_names": ""})
