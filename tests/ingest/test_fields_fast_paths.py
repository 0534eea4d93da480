"""The fast paths of row validation (issue 14, national scale) decide exactly as the slow ones."""

from __future__ import annotations

import hashlib
import json

import pytest

from tipnet.identity.dates import parse_partial_date
from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.prepare import row_hash
from tipnet.vocab import validate


def test_a_control_character_is_found_in_its_own_field_only() -> None:
    row = Row({"surname": "SOK", "given_names": "SREY\x07MOM", "border_post": "Poipet"})
    assert row.text("surname") == "SOK"
    assert row.text("border_post") == "Poipet"
    with pytest.raises(RowError) as err:
        row.text("given_names")
    assert err.value.field == "given_names" and "control characters" in err.value.reason
    clean = Row({"surname": "SOK", "given_names": "SREY MOM\tX"})  # tab is allowed
    assert clean.text("given_names") == "SREY MOM\tX"


def test_cached_codes_and_dates_answer_as_the_code_lists_and_the_date_parser() -> None:
    for _ in range(3):  # first call fills the cache, the next ones read it
        assert Row({"d": "entry"}).code("d", "crossing_direction") == validate("crossing_direction", "entry")
        assert Row({"b": "15/01/1990"}).partial_date("b") == parse_partial_date("15/01/1990")
        with pytest.raises(RowError) as err:  # a refusal is never cached as a value
            Row({"d": "sideways"}).code("d", "crossing_direction")
        assert err.value.field == "d"
        with pytest.raises(RowError):
            Row({"b": "1990-13-45"}).partial_date("b")


@pytest.mark.parametrize(
    "data",
    [
        {"b": " x ", "a": 'é"\\', "c": ""},
        {"a": 'é"\\', "c": "", "b": " x "},  # the same columns in another order: the same text
        {"record_id": "R1", "org": "KH-POL", "surname": "សុខ"},
        {"k%s": "100% %s %d", "n": " \u2028 x\x7f "},  # format characters in keys and values
        {"a": "tab\there", "b": "new\nline"},  # escaped by JSON: not the template's path
        {"only": "one"},
        {"q": 'say "hi"', "r": "back\\slash"},
        {"mrz": "P<KHMSOK<<DARA\nN1234", "s": 'a "quote"', "t": "\u2028"},  # escaped all at once
        {"a": "x\x1ey", "b": "new\nline"},  # the separator itself in a value: the slow path
        {"a": "\\u001e", "b": "new\nline"},  # a value that reads like the separator's escape
    ],
)
def test_row_hash_is_the_canonical_json_of_earlier_versions(data: dict[str, str]) -> None:
    canonical = json.dumps(sorted((k, v.strip()) for k, v in data.items()), ensure_ascii=False)
    for _ in range(2):
        assert row_hash(data) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        # a Row's values, stripped already: the header's template filled in when nothing needs escaping
        stripped = Row(data).data
        assert row_hash(stripped, stripped=True) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
