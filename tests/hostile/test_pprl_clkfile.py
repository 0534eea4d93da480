"""A hostile `.clk`: the file format's checksum is an unkeyed SHA-256, so anyone can write a file whose
trailer checks. Deep nesting, absurd counts, bad UTF-8, a schema the matcher cannot use, missing keys
and huge claims must each be refused with ClkError (exit 2 from `tipnet pprl match`), never a crash."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.sharing.pprl.clkfile import FORMAT, FORMAT_VERSION, MAGIC, ClkError, read_clk, write_clk
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, Schema

runner = CliRunner()


def _craft(
    path: Path, head: bytes, filters: bytes = b"", ids: bytes = b"", id_len: int | None = None
) -> Path:
    """A file with a valid checksum around whatever header and body the attacker chose."""
    body = MAGIC + struct.pack(">I", len(head)) + head + filters
    body += struct.pack(">Q", len(ids) if id_len is None else id_len) + ids
    path.write_bytes(body + hashlib.sha256(body).digest())
    return path


def _header(schema: dict[str, Any] | None = None, **over: Any) -> dict[str, Any]:
    s = schema if schema is not None else DEFAULT_SCHEMA.to_dict()
    h: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": s,
        "schema_digest": Schema.from_dict(s).digest() if schema is None else _digest(s),
        "key_check": "ab" * 32,
        "records": 1,
        "filter_bytes": DEFAULT_SCHEMA.filter_bytes,
        "ids": "plain",
    }
    h.update(over)
    return h


def _digest(schema: dict[str, Any]) -> str:
    text = json.dumps(schema, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _one(header: dict[str, Any], tmp: Path, ids: bytes = b"r1") -> Path:
    fb = int(header["filter_bytes"]) if isinstance(header.get("filter_bytes"), int) else 0
    n = header.get("records") if isinstance(header.get("records"), int) else 0
    size = max(0, n) * max(0, fb)  # a file claiming 10**18 records holds one filter's bytes, not those
    return _craft(tmp / "h.clk", json.dumps(header).encode(), bytes(size if size <= 1 << 20 else fb), ids)


def _refused(path: Path) -> str:
    with pytest.raises(ClkError) as info:
        read_clk(path)
    return str(info.value)


def test_deeply_nested_header_is_refused(tmp_path: Path) -> None:
    depth = 400_000  # well inside the 1 MiB header limit; the parser's recursion is not
    for head in (b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth):
        assert "damaged header" in _refused(_craft(tmp_path / "n.clk", head))
    # nested inside a valid-looking header, where the schema is read
    head = json.dumps(_header(), separators=(",", ":")).encode()
    head = head[:-1] + b',"x":' + b"[" * 300_000 + b"]" * 300_000 + b"}"
    assert "damaged header" in _refused(
        _craft(tmp_path / "n2.clk", head, bytes(DEFAULT_SCHEMA.filter_bytes), b"r1")
    )


def test_header_over_the_limit_and_counts_out_of_range(tmp_path: Path) -> None:
    assert "damaged header" in _refused(_craft(tmp_path / "big.clk", b" " * ((1 << 20) + 1)))
    for records in (-1, -(10**6), 10**18, 2**70, "12", None, 1.5, True):
        msg = _refused(_one(_header(records=records), tmp_path))
        assert "damaged" in msg or "cut short" in msg, (records, msg)
    # the id list claims more bytes than the file holds, or far fewer
    good = _header()
    for id_len in (2**63, 2**64 - 1, 0):
        p = _craft(
            tmp_path / "ids.clk", json.dumps(good).encode(), bytes(DEFAULT_SCHEMA.filter_bytes), b"r1", id_len
        )
        assert "damaged" in _refused(p) or "cut short" in _refused(p)


def test_bad_utf8_and_wrong_types_are_refused(tmp_path: Path) -> None:
    assert "damaged" in _refused(_one(_header(), tmp_path, ids=b"\xff\xfe"))
    assert "damaged header" in _refused(_craft(tmp_path / "u.clk", b'{"format": "\xff"}'))
    for bad in ({"key_check": None}, {"key_check": ["x"]}, {"filter_bytes": "240"}, {"schema": "s"},
                {"schema": None}, {"schema_digest": 7}):  # fmt: skip
        header = _header()
        header.update(bad)
        msg = _refused(_one(header, tmp_path))
        assert "damaged" in msg or "not a tipnet" in msg, (bad, msg)
    header = _header()
    del header["key_check"]
    assert "damaged header" in _refused(_one(header, tmp_path))


@pytest.mark.parametrize(
    "change",
    [
        {"segments": {"name": 100}},  # not a power of two: not whole 64-bit words
        {"segments": {"name": 8}},
        {"segments": {"name": 2**40}},  # a filter of 128 GiB per record
        {"segments": {"name": -64}},
        {"segments": {}},
        {"flip": float("nan")},
        {"flip": 0.9},
        {"intercept": float("inf")},
        {"coefficients": {"name": [1, 2]}},
        {"coefficients": {"name": ["nan", 0, 0]}},
        {"tiers": {"phone": "nowhere"}},
        {"tiers": [1]},
        {"weights": {"name_token": 0}},
        {"weights": {"name_token": 10**9}},
        {"version": [3]},
        {"spellings": -1},
    ],
)
def test_schema_the_matcher_cannot_use_is_refused(tmp_path: Path, change: dict[str, Any]) -> None:
    schema = DEFAULT_SCHEMA.to_dict()
    for k, v in change.items():
        schema[k] = {**schema[k], **v} if isinstance(v, dict) and v and isinstance(schema[k], dict) else v
    bits = (
        sum(int(b) // 8 for b in schema["segments"].values())
        if isinstance(schema.get("segments"), dict)
        else 0
    )
    header = _header(schema, filter_bytes=max(bits, 0), records=0)
    msg = _refused(_craft(tmp_path / "s.clk", json.dumps(header).encode(), b"", b""))
    assert "damaged" in msg or "schema" in msg, (change, msg)


def test_match_refuses_hostile_files_with_exit_2(tmp_path: Path) -> None:
    ok = tmp_path / "ok.clk"
    write_clk(ok, DEFAULT_SCHEMA, "ab" * 32, ["r1"], np.zeros((1, DEFAULT_SCHEMA.filter_bytes), np.uint8))
    nested = _craft(tmp_path / "n.clk", b"[" * 400_000 + b"]" * 400_000)
    bad_ids = _one(_header(), tmp_path, ids=b"\xff\xfe")
    for bad in (nested, bad_ids):
        res = runner.invoke(app, ["pprl", "match", str(ok), str(bad), "--out", str(tmp_path / "m")])
        assert res.exit_code == 2, (res.output, res.exception)
        assert res.exception is None or isinstance(res.exception, SystemExit)
        assert not (tmp_path / "m" / "matches.csv").exists()
