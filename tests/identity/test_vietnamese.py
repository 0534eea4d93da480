"""Vietnamese: diacritics folded, đ → d, variant spellings."""

from __future__ import annotations

import pytest

from tipnet.identity.romanize import romanize
from tipnet.identity.romanize.vietnamese import fold, romanize_vietnamese

FOLDED = [
    ("Nguyễn Văn Đức", "Nguyen Van Duc"),
    ("Trần Thị Hương", "Tran Thi Huong"),
    ("Lê Duẩn", "Le Duan"),
    ("Đặng Thị Ngọc Thịnh", "Dang Thi Ngoc Thinh"),
    ("Phạm Minh Chính", "Pham Minh Chinh"),
    ("Võ Nguyên Giáp", "Vo Nguyen Giap"),
    ("Huỳnh Tấn Phát", "Huynh Tan Phat"),
    ("NGUYỄN TẤN DŨNG", "NGUYEN TAN DUNG"),
    ("Hồ Chí Minh", "Ho Chi Minh"),
]


@pytest.mark.parametrize(("vi", "latin"), FOLDED)
def test_folded_first(vi: str, latin: str) -> None:
    assert romanize_vietnamese(vi)[0] == latin
    assert romanize(vi)[0] == latin


@pytest.mark.parametrize(
    ("vi", "variant"),
    [("Nguyễn Văn An", "Ngyuen Van An"), ("Huỳnh Văn Nam", "Hoang Van Nam"), ("Vũ Thị Lan", "Vo Thi Lan"),
     ("Đặng Văn Lâm", "Ddang Van Lam"), ("Dương Văn Minh", "Zuong Van Minh")],
)  # fmt: skip
def test_variants(vi: str, variant: str) -> None:
    assert variant in romanize_vietnamese(vi, limit=12)


def test_fold() -> None:
    assert fold("Đỗ Mười") == "Do Muoi"
    assert fold("ươăâêô") == "uoaaeo"
