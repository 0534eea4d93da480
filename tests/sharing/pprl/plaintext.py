"""The plaintext scan of an encoding file, shared by the PPRL tests: every value of every field (as
written and as tipnet normalises it: name words, romanizations, phonetic keys, phone suffixes, date
parts) and its MD5, SHA-1 and SHA-256, hex or raw, must be absent."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.schema import Schema


def plaintext_values(records: Iterable[PprlInput], schema: Schema | None = None) -> set[str]:
    """The strings an encoding of `records` must not hold."""
    schema = schema or Schema()
    values: set[str] = set()
    for rec in records:
        raw = [*rec.names, rec.birth_date or "", rec.gender or "", *rec.nationalities, *rec.documents]
        raw += list(rec.phones)
        values.update(v for v in raw if v)
        values.update(w for v in raw for w in v.split() if len(w) >= 3)
        feats, _ = record_features(rec, schema)
        values.update(v for _f, _k, v in feats if len(v) >= 3)
        values.update(f"{k}\x1f{v}" for _f, k, v in feats)
    return values


def assert_no_plaintext(data: bytes, values: set[str]) -> None:
    low = data.lower()
    for v in values:
        raw = v.encode("utf-8")
        if len(raw) >= 4:
            assert raw.lower() not in low, v
        for algo in ("md5", "sha1", "sha256"):
            h = hashlib.new(algo, raw)
            assert h.hexdigest().encode() not in low, (algo, v)
            assert h.digest()[:8] not in data, (algo, v)
