"""Loose values become a PersonRecord, or a RecordError naming the field."""

from __future__ import annotations

import pytest

from tipnet.matching.record import RecordError, make_record


def test_a_name_in_an_unknown_script_is_refused_with_the_field() -> None:
    with pytest.raises(RecordError) as exc:
        make_record("ᚱᚢᚾᛁᚲ ᚾᚨᛗᛖ")  # Runic letters: nothing to romanize or compare
    assert exc.value.field == "name" and "script" in exc.value.message


def test_an_unreadable_alias_is_dropped_when_another_name_can_be_read() -> None:
    rec = make_record(["Sok Dara", "ᚱᚢᚾᛁᚲ", "សុខ ដារា"])
    assert rec.names == ("Sok Dara", "សុខ ដារា")


def test_known_scripts_and_marks_pass() -> None:
    for name in ("Nguyễn Thị Lan", "สมชาย ใจดี", "ສົມພອນ", "အောင်ဆန်း", "李明", "Ιωάννης"):
        assert make_record(name).names == (name,)
