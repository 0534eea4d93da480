"""Chinese: pinyin from simplified and traditional, surname heteronyms, Wade-Giles, Cantonese, Hokkien."""

from __future__ import annotations

import pytest

from tipnet.identity.romanize.chinese import romanize_chinese, split_surname, wade_giles

KNOWN = [
    ("习近平", "Xi Jinping"),
    ("習近平", "Xi Jinping"),
    ("邓小平", "Deng Xiaoping"),
    ("鄧小平", "Teng Hsiao-ping"),
    ("蒋经国", "Chiang Ching-kuo"),
    ("蔡英文", "Tsai Ying-wen"),
    ("陳大文", "Chan Tai-man"),
    ("陈大文", "Chan Tai Man"),
    ("李明", "Lee Ming"),
    ("黄志强", "Wong Chi-keung"),
    ("张伟", "Cheung Wai"),
    ("張偉", "Chang Wei"),
    ("陈明华", "Tan Minghua"),
    ("林文", "Lim Wen"),
    ("单田芳", "Shan Tianfang"),
    ("曾国藩", "Zeng Guofan"),
    ("解缙", "Xie Jin"),
    ("欧阳修", "Ouyang Xiu"),
    ("歐陽修", "Ouyang Xiu"),
]


@pytest.mark.parametrize(("han", "latin"), KNOWN)
def test_known(han: str, latin: str) -> None:
    assert latin in romanize_chinese(han, limit=8)


@pytest.mark.parametrize("han", ["单田芳", "曾国藩", "解缙"])
def test_heteronym_surnames_first(han: str) -> None:
    first = romanize_chinese(han)[0]
    assert first.split()[0] in {"Shan", "Zeng", "Xie"}


def test_pinyin_first_and_simplified_equals_traditional() -> None:
    assert romanize_chinese("陈大文")[0] == "Chen Dawen"
    assert romanize_chinese("陈大文") == romanize_chinese("陳大文")


def test_split_surname() -> None:
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname("司馬遷") == ("司馬", "遷")
    assert split_surname("习近平") == ("习", "近平")


@pytest.mark.parametrize(
    ("pinyin", "wg"),
    [("zhang", "chang"), ("xiao", "hsiao"), ("qiang", "chiang"), ("zi", "tzu"), ("shi", "shih"), ("guo", "kuo"),
     ("luo", "lo"), ("ren", "jen"), ("cai", "tsai"), ("xian", "hsien"), ("gui", "kuei"), ("ge", "ko"),
     ("jue", "chueh"), ("yong", "yung"), ("dong", "tung")],
)  # fmt: skip
def test_wade_giles(pinyin: str, wg: str) -> None:
    assert wade_giles(pinyin) == wg


def test_spaced_name_and_foreign_name() -> None:
    assert romanize_chinese("陈 明华")[0] == "Chen Minghua"
    assert romanize_chinese("约翰·史密斯") == ["Yuehan Shimisi"]
