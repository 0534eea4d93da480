"""Name structure: titles, order by nationality, MRZ form, initials, spacing variants."""

from __future__ import annotations

import pytest

from tipnet.identity.names import format_mrz_name, initials_of, parse_mrz_name, parse_name, spacing_variants


@pytest.mark.parametrize(
    ("text", "nationality", "family", "given", "titles"),
    [
        ("Hun Sen", "KH", ("Hun",), ("Sen",), ()),
        (
            "Samdech Akka Moha Sena Padei Techo Hun Sen",
            None,
            ("Hun",),
            ("Sen",),
            ("Samdech", "Akka Moha Sena Padei Techo"),
        ),
        ("Lok Chumteav Bun Rany", "KHM", ("Bun",), ("Rany",), ("Lok Chumteav",)),
        ("Oknha Ly Yong Phat", "KHM", ("Ly",), ("Yong", "Phat"), ("Oknha",)),
        ("Ông Nguyễn Văn An", "VN", ("Nguyễn",), ("Văn", "An"), ("Ông",)),
        ("Bà Trần Thị Bình", None, ("Trần",), ("Thị", "Bình"), ("Bà",)),
        ("Khun Somchai Wongsawat", "TH", ("Wongsawat",), ("Somchai",), ("Khun",)),
        ("Nai Somchai Wongsawat", "THA", ("Wongsawat",), ("Somchai",), ("Nai",)),
        ("Thao Bounmy Keo", "LA", ("Keo",), ("Bounmy",), ("Thao",)),
        ("Joko Widodo", "ID", ("Widodo",), ("Joko",), ()),
        ("Dr. Jose Rizal", "PH", ("Rizal",), ("Jose",), ("Dr",)),
        ("Ma Ying-jeou", "TW", ("Ma",), ("Ying-jeou",), ()),
        ("Mr Thaksin SHINAWATRA", None, ("SHINAWATRA",), ("Thaksin",), ("Mr",)),
        ("SHINAWATRA, Thaksin", None, ("SHINAWATRA",), ("Thaksin",), ()),
        ("HUN Sen", None, ("HUN",), ("Sen",), ()),
    ],
)
def test_parse(text: str, nationality: str | None, family: tuple, given: tuple, titles: tuple) -> None:
    p = parse_name(text, nationality=nationality)
    assert p.family == family
    assert p.given == given
    assert p.titles == titles


def test_burmese_no_family_name_and_titles() -> None:
    p = parse_name("Daw Aung San Suu Kyi", nationality="MM")
    assert p.convention == "no_family" and p.family == () and p.titles == ("Daw",)
    assert p.given == ("Aung", "San", "Suu", "Kyi")
    p = parse_name("U Thant", nationality="MMR")
    assert p.tokens == ("Thant",) and p.titles == ("U",)


def test_ambiguous_titles_kept_without_nationality() -> None:
    p = parse_name("U Thant")
    assert p.tokens == ("U", "Thant") and p.possible_titles == ("U",)
    # Ong is a Hokkien surname as well as Vietnamese "Mr".
    assert parse_name("Ong Ah Kow").tokens == ("Ong", "Ah", "Kow")
    assert parse_name("Ong Ah Kow", nationality="SG").possible_titles == ()
    assert parse_name("Ong Van Ba", nationality="VN").titles == ("Ông",)


def test_mononym() -> None:
    p = parse_name("Sukarno", nationality="ID")
    assert p.is_mononym and p.convention == "mononym"


def test_native_script_titles() -> None:
    assert parse_name("นายสมชาย วงศ์สวัสดิ์").titles == ("Nai",)
    assert parse_name("ဦးသန့်").titles == ("U",)
    assert parse_name("ឯកឧត្តម ហ៊ុន សែន").titles == ("H.E.",)
    p = parse_name("陈明华先生")
    assert p.titles == ("Mr",) and p.family == ("陈",) and p.given == ("明华",)


def test_mrz_form() -> None:
    assert parse_mrz_name("HUN<<SEN<<<<<<<<") == ("HUN", "SEN")
    p = parse_name("HUN<<SEN")
    assert p.family == ("HUN",) and p.given == ("SEN",) and p.order_source == "mrz"
    assert p.mrz(15) == "HUN<<SEN<<<<<<<"
    assert format_mrz_name("Chan-o-cha", "Prayut", 30) == "CHAN<O<CHA<<PRAYUT" + "<" * 12
    assert parse_name("Nguyễn Văn An", nationality="VN").mrz(20) == "NGUYEN<<VAN<AN<<<<<<"
    assert parse_name("สมชาย วงศ์สวัสดิ์").mrz(25) == "WONGSAWAT<<SOMCHAI<<<<<<<"


def test_initials() -> None:
    p = parse_name("J. R. Smith Jr")
    assert p.initials == ("J", "R") and p.suffixes == ("Jr",)
    assert initials_of("Dr Thaksin Shinawatra") == "TS"


def test_spacing_variants() -> None:
    v = spacing_variants("Prayut Chan-o-cha")
    assert v[0] == "Prayut Chan-o-cha"
    assert {"Prayut Chanocha", "Prayut Chan O Cha", "Prayut Chan-O-Cha"} <= set(v)
    assert "Prayut Chanocha" in spacing_variants("Prayut Chan O Cha")
    assert "Prayut Chan-o-cha" in spacing_variants("Prayut Chan O Cha")
