"""Thai: RTGS from the syllable parser, lexicon spellings, passport variants."""

from __future__ import annotations

import pytest

from tipnet.identity.romanize.thai import parse_word, romanize_thai, rtgs, split_title

# Thai word -> RTGS from the parser alone (no lexicon).
RTGS = [
    ("ทักษิณ", "thaksin"), ("ชินวัตร", "chinwat"), ("จันทร์โอชา", "chanocha"), ("ประยุทธ์", "prayut"),
    ("สมชาย", "somchai"), ("สวัสดิ์", "sawat"), ("พรชัย", "phonchai"), ("กรม", "krom"), ("ธรรม", "tham"),
    ("บรรจง", "banchong"), ("สมหมาย", "sommai"), ("อภิสิทธิ์", "aphisit"), ("ภูมิพล", "phumiphon"),
    ("เปรม", "prem"), ("ติณสูลานนท์", "tinsulanon"), ("ขวัญ", "khwan"), ("สวน", "suan"), ("ทองดี", "thongdi"),
    ("บุญเลิศ", "bunloet"), ("ศรี", "si"), ("เรือง", "rueang"), ("ใจ", "chai"), ("พฤกษ์", "phruek"),
    ("กฤษณ์", "krit"), ("ยิ่งลักษณ์", "yinglak"), ("แก้ว", "kaeo"), ("แขวง", "khwaeng"), ("วิไล", "wilai"),
    ("สุนทร", "sunthon"), ("มิตร", "mit"), ("บัว", "bua"), ("น้ำ", "nam"), ("หญิง", "ying"), ("อยู่", "yu"),
    ("สมบูรณ์", "sombun"), ("นิพนธ์", "niphon"), ("อำนาจ", "amnat"), ("ไพโรจน์", "phairot"),
    ("สุเทพ", "suthep"), ("ประเสริฐ", "prasoet"), ("กาญจนา", "kanchana"), ("ชาตรี", "chatri"),
    ("แสง", "saeng"), ("เลย", "loei"), ("สวย", "suai"), ("สุวรรณ", "suwan"), ("สวรรค์", "sawan"),
    ("พรรณี", "phanni"), ("ศักดิ์", "sak"),
]  # fmt: skip


@pytest.mark.parametrize(("thai", "latin"), RTGS)
def test_rtgs_parser(thai: str, latin: str) -> None:
    assert rtgs(thai) == latin


# Full names -> a spelling that must be among the candidates (customary and RTGS).
KNOWN = [
    ("ทักษิณ ชินวัตร", "Thaksin Shinawatra"),
    ("ทักษิณ ชินวัตร", "Thaksin Chinnawat"),
    ("ยิ่งลักษณ์ ชินวัตร", "Yingluck Shinawatra"),
    ("ประยุทธ์ จันทร์โอชา", "Prayut Chan-o-cha"),
    ("ประยุทธ์ จันทร์โอชา", "Prayuth Chanocha"),
    ("อภิสิทธิ์ เวชชาชีวะ", "Abhisit Vejjajiva"),
    ("สมชาย วงศ์สวัสดิ์", "Somchai Wongsawat"),
    ("พรชัย ทองดี", "Pornchai Thongdee"),
    ("จิราพร ใจดี", "Jiraporn Jaidee"),
    ("วิชัย ศรีสุข", "Vichai Srisuk"),
    ("สมศรี แก้วมณี", "Somsri Kaewmanee"),
    ("บุญมี ทองสุข", "Boonmee Thongsuk"),
]


@pytest.mark.parametrize(("thai", "latin"), KNOWN)
def test_known_spellings_among_candidates(thai: str, latin: str) -> None:
    assert latin in romanize_thai(thai, limit=8)


def test_customary_spelling_first() -> None:
    assert romanize_thai("ทักษิณ ชินวัตร")[0] == "Thaksin Shinawatra"
    assert romanize_thai("ทักษิณ ชินวัตร")[1] == "Thaksin Chinnawat"


def test_glued_title_split() -> None:
    assert split_title("นายสมชาย") == ("Nai", "สมชาย")
    assert split_title("นางสาวมณีรัตน์") == ("Nangsao", "มณีรัตน์")
    assert romanize_thai("นายสมชาย วงศ์สวัสดิ์")[0] == "Nai Somchai Wongsawat"


def test_limit_and_no_duplicates() -> None:
    out = romanize_thai("สมชาย ใจดี", limit=5)
    assert len(out) == 5 and len(set(out)) == 5
    assert romanize_thai("", limit=5) == []


def test_parser_structure() -> None:
    syl = parse_word("เปรม")
    assert [(s.onset, s.vowel, s.final) for s in syl] == [("ปร", "e", "ม")]


# A final ร is n in RTGS (Royal Institute 1999: final ญ ณ น ร ล ฬ → n); it is silent only after the
# final of a short closed syllable ending a Sanskrit conjunct (มิตร, บัตร, ภัทร). Clerks write -porn,
# -phon, -pon for -พร.
FINAL_R = [
    ("ศิริพร", "siriphon"), ("สุพร", "suphon"), ("อมรพร", "omraphon"), ("ธนากร", "thanakon"),
    ("มิตร", "mit"), ("บัตร", "bat"), ("บุตร", "but"), ("ภัทร", "phat"), ("สมุทร", "samut"), ("จักร", "chak"),
]  # fmt: skip


@pytest.mark.parametrize(("thai", "latin"), FINAL_R)
def test_final_r_read_n_unless_conjunct(thai: str, latin: str) -> None:
    assert rtgs(thai) == latin


@pytest.mark.parametrize("clerk", ["SIRIPHON PHETCHARAT", "SIRIPORN PETCHARAT", "SIRIPON PHETCHARAT"])
def test_final_r_clerk_spellings_match(clerk: str) -> None:
    from tipnet.identity.name_compare import compare_names

    assert compare_names("ศิริพร เพชรรัตน์", clerk).score >= 0.9
    assert compare_names("ศิริพร เพชรรัตน์", "SIRIWAN PHETCHARAT").score < 0.9
