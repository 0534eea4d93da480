"""Script detection per character and per run."""

from __future__ import annotations

import pytest

from tipnet.identity.scripts import Script, dominant_script, is_latin, script_of, script_runs, scripts_in


@pytest.mark.parametrize(
    ("ch", "script"),
    [
        ("A", Script.LATIN), ("ễ", Script.LATIN), ("đ", Script.LATIN), ("ក", Script.KHMER), ("ុ", Script.KHMER),
        ("ก", Script.THAI), ("ั", Script.THAI), ("ກ", Script.LAO), ("က", Script.MYANMAR), ("陈", Script.HAN),
        ("김", Script.HANGUL), ("Д", Script.CYRILLIC), ("م", Script.ARABIC), ("た", Script.HIRAGANA),
        ("タ", Script.KATAKANA), ("α", Script.GREEK), ("न", Script.DEVANAGARI), (" ", Script.COMMON),
        ("1", Script.COMMON), ("-", Script.COMMON), ("\u0301", Script.INHERITED),
    ],
)  # fmt: skip
def test_script_of(ch: str, script: Script) -> None:
    assert script_of(ch) is script


def test_runs_split_mixed_names() -> None:
    assert script_runs("Lee 李明") == [(Script.LATIN, "Lee"), (Script.HAN, "李明")]
    assert script_runs("Sok ស៊ុខ") == [(Script.LATIN, "Sok"), (Script.KHMER, "ស៊ុខ")]
    assert script_runs("ហ៊ុន សែន") == [(Script.KHMER, "ហ៊ុន សែន")]
    # separators at a boundary are dropped
    assert script_runs("ทักษิณ ชินวัตร (Thaksin)") == [(Script.THAI, "ทักษิณ ชินวัตร"), (Script.LATIN, "Thaksin)")]


def test_runs_of_nothing() -> None:
    assert script_runs("") == []
    assert script_runs("   ") == []
    assert script_runs("123") == [(Script.COMMON, "123")]


def test_dominant_and_sets() -> None:
    assert dominant_script("Sok ស៊ុខសុភា") is Script.KHMER
    assert dominant_script("...") is Script.COMMON
    assert scripts_in("Lee 李明") == {Script.LATIN, Script.HAN}
    assert is_latin("Nguyễn Văn An")
    assert not is_latin("Nguyễn 阮")


def test_ascii_shortcuts_agree_with_the_per_character_rule() -> None:
    """`scripts_in`, `dominant_script` and `fold_latin` answer ASCII text without looking at each
    character's script or decomposition: every ASCII character, and mixed strings, give what the
    per-character rule gives."""
    import random
    import unicodedata

    from tipnet.identity.romanize.latin import fold_latin
    from tipnet.identity.scripts import Script, dominant_script, script_of, scripts_in

    def slow_scripts(text: str) -> set[Script]:
        return {s for s in map(script_of, text) if s not in (Script.COMMON, Script.INHERITED)}

    rng = random.Random(3)
    texts = [chr(i) for i in range(128)]
    texts += [
        "".join(rng.choice([chr(i) for i in range(32, 127)] + [" ", "\t"]) for _ in range(12))
        for _ in range(300)
    ]
    for text in texts:
        assert scripts_in(text) == slow_scripts(text)
        assert dominant_script(text) == (Script.LATIN if slow_scripts(text) else Script.COMMON)
        folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        assert fold_latin(text) == " ".join(unicodedata.normalize("NFC", folded).split())
