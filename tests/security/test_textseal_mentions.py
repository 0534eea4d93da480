"""Which free texts the user is warned about: names of the case's persons in any script, phones."""

from __future__ import annotations

import pytest

from tipnet.security.textseal import flag, mentions


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Reunite Sok Dara with her mother", ["Sok Dara"], ["name"]),
        ("dara is safe", ["Sok Dara"], ["name"]),  # one token, any case
        ("Nguyễn Thị Lan left the shelter", ["Nguyen Lan"], ["name"]),  # accents folded
        ("បងស្រីខ្ញុំ សុខដារ៉ា ត្រូវបានគេយកទៅ", ["សុខ ដារ៉ា"], ["name"]),  # Khmer, no spaces
        ("ศรี สมชาย ถูกพาไปพัทยา", ["สมชาย"], ["name"]),  # Thai
        ("The weekly counselling continues", ["Sok Dara"], []),
        ("Soka is a place name", ["Sok Dara"], []),  # a word, not a substring, in Latin
        ("Mother's phone +855 12 345 678", [], ["phone"]),
        ("call 097 111 2222 tonight", [], ["phone"]),
        ("Seen on 2026-05-01 and 12/05/2026", [], []),  # dates are not phones
        ("Case 2026 room 12", [], []),
        ("Sok Dara, 012 345 678", ["Sok Dara"], ["name", "phone"]),
        ("", ["Sok Dara"], []),
    ],
)
def test_mentions(text: str, names: list[str], expected: list[str]) -> None:
    assert mentions(text, names) == expected


def test_flag_names_fields_never_values() -> None:
    warnings = flag({"notes": "Dara moved, new number 0977 555 123", "details": "bed needed"}, ["Sok Dara"])
    assert warnings == [{"field": "notes", "mentions": ["name", "phone"], "sealed": True}]
    assert "Dara" not in str(warnings) and "555" not in str(warnings)
