"""Regional phonetic keys: the region's spelling alternations collapse, different names do not."""

from __future__ import annotations

import pytest

from tipnet.identity.phonetic import name_key, phonetic_keys, regional_key

SAME = [
    ("Khieu", "Kieu"), ("Chhay", "Chay"), ("Chan", "Jan"), ("Phal", "Pal"), ("Phan", "Fan"), ("Thida", "Tida"),
    ("Souk", "Suk"), ("Sok", "Souk"), ("Vichai", "Wichai"), ("Pornchai", "Phonchai"), ("Sompong", "Somphong"),
    ("Prasert", "Prasoet"), ("Htun", "Tun"), ("Boonmee", "Bunmi"), ("Srey", "Srei"), ("Chaiwatt", "Chaiwat"),
    ("Kamol", "Kamon"), ("Phommachanh", "Phommachan"), ("Xaysomboun", "Saysomboun"), ("Jaidee", "Chaidi"),
    ("Sokha", "Sokhah"), ("Kaew", "Kaeo"), ("Kaeo", "Keo"), ("Hlaing", "Laing"), ("Hsieh", "Sieh"),
    ("Rithy", "Rithi"), ("Chea", "Chia"), ("Pheap", "Peap"), ("Vanna", "Wanna"),
]  # fmt: skip
DIFFERENT = [("Somchai", "Somsak"), ("Dara", "Sopheap"), ("Chan", "Chen"), ("Sok", "Chok"), ("Hun", "Heng")]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_key(a: str, b: str) -> None:
    assert regional_key(a) == regional_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_key(a: str, b: str) -> None:
    assert regional_key(a) != regional_key(b)


def test_name_key_is_order_free() -> None:
    assert name_key("Sok Dara") == name_key("Dara Souk")
    assert name_key("Prayut Chan-o-cha") == name_key("Chan O Cha Prayuth")


def test_standard_keys() -> None:
    keys = phonetic_keys("Shinawatra")
    assert set(keys) == {"regional", "metaphone", "soundex", "nysiis"}
    assert keys["soundex"] == "S536"
    assert phonetic_keys("") == {"regional": "", "metaphone": "", "soundex": "", "nysiis": ""}
