"""Lao: parser spellings and the French-style passport spellings."""

from __future__ import annotations

import pytest

from tipnet.identity.romanize.lao import lao_word, romanize_lao

PARSER = [
    ("ສົມພອນ", "somphon"), ("ບຸນມີ", "bounmi"), ("ສີສະຫວາດ", "sisavat"), ("ຄຳພອນ", "khamphon"),
    ("ວົງສາ", "vongsa"), ("ພົມມະຈັນ", "phommachan"), ("ສຸວັນນະ", "souvanna"), ("ທອງສະຫວັນ", "thongsavan"),
    ("ໄຊສົມບູນ", "xaisomboun"), ("ຫຼວງ", "luang"), ("ໜູ", "nou"), ("ວຽງ", "viang"), ("ແກ້ວ", "kaeo"),
    ("ເມືອງ", "mueang"), ("ດາວ", "dao"),
]  # fmt: skip


@pytest.mark.parametrize(("lao", "latin"), PARSER)
def test_parser(lao: str, latin: str) -> None:
    assert lao_word(lao) == latin


KNOWN = [
    ("ທອງລຸນ ສີສຸລິດ", "Thongloun Sisoulith"),
    ("ສົມພອນ ພົມມະຈັນ", "Somphone Phommachan"),
    ("ສົມພອນ ພົມມະຈັນ", "Somphon Phommachanh"),
    ("ບຸນມີ ແກ້ວ", "Bounmy Keo"),
    ("ສົມສັກ ສີພັນດອນ", "Somsack Siphandone"),
    ("ສຸພານຸວົງ", "Souphanouvong"),
    ("ໄຊສົມບູນ", "Xaysomboun"),
]


@pytest.mark.parametrize(("lao", "latin"), KNOWN)
def test_known(lao: str, latin: str) -> None:
    assert latin in romanize_lao(lao, limit=8)


def test_french_nh_only_at_word_end() -> None:
    assert not any("nhn" in c.lower() for c in romanize_lao("ສຸວັນນະ", limit=8))
