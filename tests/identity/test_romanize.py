"""The dispatcher: script runs, ranked candidates, Latin folding, ICU scripts, Khmer."""

from __future__ import annotations

import pytest

from tipnet.identity.romanize import fold_latin, icu_romanize, romanize
from tipnet.identity.romanize.ranking import merge_ranked, ranked_product
from tipnet.identity.scripts import Script


def test_ranked_product_is_cheapest_first() -> None:
    parts = [[("a", 0.0), ("b", 0.5)], [("x", 0.0), ("y", 0.2), ("z", 1.0)]]
    out = ranked_product(parts, 10)
    assert [t for t, _ in out] == ["ax", "ay", "bx", "by", "az", "bz"]
    costs = [c for _, c in out]
    assert costs == sorted(costs)
    assert ranked_product(parts, 2) == [("ax", 0.0), ("ay", 0.2)]
    assert ranked_product([], 3) == [("", 0.0)]
    assert ranked_product([[("a", 0.0)], []], 3) == []


def test_ranked_product_dedupes() -> None:
    out = ranked_product([[("a", 0.0), ("", 0.1)], [("", 0.0), ("a", 0.1)]], 10)
    texts = [t for t, _ in out]
    assert texts[0] == "a" and sorted(texts) == ["", "a", "aa"]


def test_merge_ranked() -> None:
    assert merge_ranked([("x", 0.3), ("y", 0.0)], [("x", 0.1)], limit=5) == [("y", 0.0), ("x", 0.1)]


def test_latin_folding() -> None:
    assert fold_latin("  José   Müller ") == "Jose Muller"
    assert romanize("José Müller") == ["Jose Muller", "José Müller", "Jose Mueller"]
    assert romanize("Hun Sen") == ["Hun Sen"]


def test_empty_and_letterless() -> None:
    assert romanize("") == []
    assert romanize("  ") == []
    assert romanize("123 !!") == []
    assert romanize("Sok", limit=0) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ทักษิณ ชินวัตร", "Thaksin Shinawatra"),
        ("ທອງລຸນ ສີສຸລິດ", "Thongloun Sisoulith"),
        ("မင်းအောင်လှိုင်", "Min Aung Hlaing"),
        ("习近平", "Xi Jinping"),
        ("Nguyễn Văn An", "Nguyen Van An"),
        ("Владимир Путин", "Vladimir Putin"),
        ("Ελευθέριος Βενιζέλος", "Eleftherios Venizelos"),
        ("محمد بن سلمان", "Muhammad bin Salman"),
        ("김정은", "Kim Jeongeun"),
        ("박근혜", "Park Geun-hye"),
        ("नरेंद्र मोदी", "Narendra Modi"),
    ],
)
def test_dispatch_by_script(text: str, expected: str) -> None:
    assert expected in romanize(text, limit=8)


def test_mixed_script_name() -> None:
    out = romanize("Lee 李明", limit=3)
    assert out[0] == "Lee Li Ming"
    assert "Lee Lee Ming" in out


def test_icu_fallback() -> None:
    assert icu_romanize("Путин", Script.CYRILLIC)[0] == "Putin"


@pytest.mark.parametrize(("khmer", "latin"), [("ហ៊ុន សែន", "Hun Sen"), ("សុខ", "Sok")])
def test_khmer_through_dispatcher(khmer: str, latin: str) -> None:
    assert latin in romanize(khmer, limit=8)


def test_khmer_mixed_with_latin() -> None:
    out = romanize("Sok ហ៊ុន", limit=8)
    assert out and all(c.startswith("Sok ") for c in out)
