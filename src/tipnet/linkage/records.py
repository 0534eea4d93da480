"""The person record linkage reads, and its preparation into the plain columns the engines compare.

Every source (a CSV file, the store's persons, watchlist entries) is first turned into a `LinkRecord`;
`prepare_row` then reduces it once, through the matching core, to values SQL can compare: encoded
name spellings (read by the name-similarity function), order-free spelling forms, phonetic keys and
blocking keys, birth-date parts, codes, document keys, E.164 phones and folded addresses.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations, pairwise
from json.encoder import encode_basestring
from typing import Any

from tipnet.identity.nationality import read_nationality
from tipnet.identity.phones import REGION_PHONE_REGIONS, PhoneError, normalize_phone, phone_suffix
from tipnet.identity.phonetic import regional_key
from tipnet.identity.romanize import fold_latin
from tipnet.identity.text import clean_text
from tipnet.matching.names import Spelling
from tipnet.matching.record import (
    PreparedRecord,
    RecordError,
    make_record,
    parse_birth,
    prepare_record,
)

_NO_NAME = "x"  # stands in for a missing name while the rest of the record is prepared, then removed
MAX_BLOCK_KEYS = 24  # name blocking keys kept per record (aliases x spellings x token pairs)


@dataclass(frozen=True)
class LinkRecord:
    """One record of one source as linkage sees it; `uid` is unique across all inputs of a run."""

    uid: str
    dataset: str
    names: tuple[str, ...]
    birth_date: str | None = None
    gender: str | None = None
    nationalities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    # the parts of the first name where a source keeps them in two columns (compared apart)
    given_name: str | None = None
    family_name: str | None = None


@dataclass(frozen=True)
class Rejected:
    """A record that cannot be linked, with the field and the reason (never its values)."""

    uid: str
    dataset: str
    field: str
    reason: str


# The engine table's columns and their DuckDB types (Spark schemas are derived from these).
COLUMNS: dict[str, str] = {
    "unique_id": "VARCHAR",
    "source_dataset": "VARCHAR",
    "name_codes": "VARCHAR[]",
    "name_forms": "VARCHAR[]",
    "name_forms_rank0": "VARCHAR[]",
    "name_forms_rank1": "VARCHAR[]",
    "name_forms_multi": "VARCHAR[]",
    "name_forms_rare": "VARCHAR[]",
    "name_keys": "VARCHAR[]",
    "name_blocks": "VARCHAR[]",
    "name_blocks_rare": "VARCHAR[]",
    "name_keys_rare": "VARCHAR[]",
    "name_first_key": "VARCHAR",
    "name_sort": "VARCHAR",
    "birth_year": "INTEGER",
    "birth_month": "INTEGER",
    "birth_day": "INTEGER",
    "nationalities": "VARCHAR[]",
    "gender": "VARCHAR",
    "documents": "VARCHAR[]",
    "document_keys": "VARCHAR[]",
    "document_key1": "VARCHAR",
    "document_sorted": "VARCHAR",
    "phones": "VARCHAR[]",
    "phone_suffixes": "VARCHAR[]",
    "phone_rare": "VARCHAR[]",
    "address": "VARCHAR",
    "address_forms": "VARCHAR[]",
    "address_rare": "VARCHAR[]",
    "address_tokens": "VARCHAR[]",
    "address_blocks": "VARCHAR[]",
    "address_blocks_rare": "VARCHAR[]",
    "given_name": "VARCHAR",
    "family_name": "VARCHAR",
}

_NON_WORD = re.compile(r"[^\w]+")


def fold_address(text: str) -> str:
    """Lower-case Latin letters and digits separated by single spaces ("No. 42, Desa" → "no 42 desa")."""
    return " ".join(_NON_WORD.sub(" ", fold_latin(text).lower()).split())


def _phone(value: str, nationalities: tuple[str, ...]) -> str | None:
    from pycountry import countries

    region = None
    if nationalities:
        c = countries.get(alpha_3=nationalities[0])
        region = c.alpha_2 if c else None
    try:
        return normalize_phone(value, region or "KH", fallback_regions=REGION_PHONE_REGIONS)
    except PhoneError:
        digits = "".join(ch for ch in value if ch.isdigit())
        return digits if len(digits) >= 7 else None  # an odd number still links by its digits


def address_blocks(addresses: Iterable[str]) -> list[str]:
    """Neighbouring word pairs of each folded address ("25 thomson street" → "25 thomson",
    "thomson street"): a pair only a household's records share blocks two records whose names and
    birth dates were both mistyped. Neighbours rather than every pair of words: a long address gives a
    few keys, not dozens, and one mistyped word still leaves the pairs away from it."""
    out: dict[str, None] = {}
    for a in addresses:
        words = a.split()
        for x, y in pairwise(words):
            out[f"{x} {y}"] = None
    return list(out)


def _suffixes(values: Iterable[str]) -> list[str]:
    """The last digits of each number (`phones.phone_suffix`): one number written with and without
    its country, or read in another country's plan, still agrees."""
    return [s for s in (phone_suffix(v) for v in values) if s]


@lru_cache(maxsize=1 << 16)
def name_part(text: str | None) -> str | None:
    """A given or family name folded for an edit distance: Latin letters, lower case, one space
    between words ("O'Brien" → "o brien"); None when nothing is left or the name is written in
    another script (an edit distance between "ដារា" and "Dara" means nothing: the whole-name
    comparison, which reads across scripts, decides for such records)."""
    if not text:
        return None
    cleaned = clean_text(text)
    if any(ch.isalpha() and ord(ch) >= 0x250 for ch in cleaned):
        return None
    return fold_address(cleaned) or None


def _list(values: Iterable[str | None]) -> list[str] | None:
    kept: dict[str | None, None] = dict.fromkeys(values)  # in order, each once; then without the empty values
    kept.pop("", None)
    kept.pop(None, None)
    return [v for v in kept if v is not None] or None  # empty lists are NULL: "unknown" is one state, not two


def name_blocking_keys(prepared: PreparedRecord) -> list[str]:
    """Unordered pairs of token phonetic keys per spelling ("k1|k2"): two words of a name agreeing in
    sound, whatever their order and script. One-word names block on their single key."""
    out: dict[str, None] = {}
    for n in prepared.names:
        for sp in n.spellings:
            keys = sorted({k for k in sp.keys if len(k) > 1})
            if len(keys) == 1:
                out[keys[0]] = None
            for a, b in combinations(keys, 2):
                out[f"{a}|{b}"] = None
            if len(out) >= MAX_BLOCK_KEYS:
                return list(out)[:MAX_BLOCK_KEYS]
    return list(out)


def joined_keys(spellings: Iterable[Any]) -> list[str]:
    """The phonetic key of each reading's words written together ("Lim Sreyneang" → the key of
    "limsreyneang"). Khmer, Thai, Lao and Burmese write a name without spaces unless software or the
    clerk adds them, so "លឹមស្រីនាង" reads as one word: these keys let it meet the spaced Latin form
    (the name gate and the rare-key blocking ask for a shared key; the name similarity then decides)."""
    return [k for s in spellings if 1 < len(s.tokens) <= 4 and len(k := regional_key("".join(s.tokens))) > 1]


_DATE_DIGITS = re.compile(r"^\s*(\d{4})[-/.]?(\d{2})?[-/.]?(\d{2})?\s*$")


def lenient_birth(text: str | None) -> tuple[str | None, bool]:
    """A birth date as far as it can be read, and whether part of it was dropped.

    A record is still worth linking when its date has a slip ('19450493': no 93rd day): the year and
    month that are valid are kept and the rest counts as unknown, never as a disagreement."""
    if not text or not text.strip():
        return None, False
    try:
        parse_birth(text)
        return text, False
    except RecordError:
        pass
    m = _DATE_DIGITS.match(text)
    if m:
        year, month = m.group(1), m.group(2)
        for candidate in (f"{year}-{month}" if month else None, year):
            if candidate:
                try:
                    parse_birth(candidate)
                    return candidate, True
                except RecordError:
                    continue
    return None, True


def _codes(values: Iterable[str]) -> tuple[list[str], bool]:
    """Codes, country names and demonyms read as ISO alpha-3 (`KH`, `Cambodian`, `Kampuchea` are one)."""
    good, dropped = [], False
    for v in values:
        if not v or not v.strip():
            continue
        code = read_nationality(v)
        if code is None:
            dropped = True
        else:
            good.append(code)
    return good, dropped


def _has_value(values: Iterable[str]) -> bool:
    return any(v and v.strip() for v in values)


def _full_date(text: str | None) -> bool:
    """A birth date to the day: with an address or a gender it can still find a nameless record's
    other records (a year alone cannot)."""
    try:
        d = parse_birth(text)
    except RecordError:
        return False
    return d is not None and bool(d.day)


def name_key_form(spelling: Spelling) -> str:
    """A reading's phonetic form, words sorted: "Sok Sreymom", "Sokh Sreymom" and "SOK SREYMOM" share
    one, so a common name counts as common however each record spells it."""
    return " ".join(sorted(k or t for t, k in zip(spelling.tokens, spelling.keys, strict=True)))


def prepare_row(rec: LinkRecord) -> dict[str, Any]:
    """The engine row of one record; RecordError (with the field) when it has no name to compare.

    An unreadable birth date or country code is dropped (listed in the row's `_dropped`), not the
    record: linkage uses what is left, as an analyst would."""
    birth, bad_birth = lenient_birth(rec.birth_date)
    nats, bad_nat = _codes(rec.nationalities)
    names = [n for n in rec.names if clean_text(n)]
    if not names and not (_has_value(rec.documents) or _has_value(rec.phones) or _full_date(birth)):
        raise RecordError("name", "no name, and no document, phone or full birth date to link on")
    person = make_record(
        names or [_NO_NAME],
        birth_date=birth,
        nationality=nats,
        gender=rec.gender,
        document_number=list(rec.documents),
    )
    prepared = prepare_record(person)
    if not names:
        # A record without a name links on its other evidence; its name comparison is `missing`.
        prepared = replace(prepared, names=())
    spellings = [s for n in prepared.names for s in n.spellings]
    # A reading's words sorted (order-free), but in their order for a name without a family name
    # (Burmese: "Khin Thu Ma" is not "Thu Ma Khin"; PreparedName.whole).
    forms = [
        (" ".join(s.tokens if n.whole else sorted(s.tokens)), s) for n in prepared.names for s in n.spellings
    ]
    first_keys = sorted({k for k in spellings[0].keys if k}) if spellings else []
    docs = [d for d, _ in prepared.documents]
    doc_keys = [k for _, k in prepared.documents]
    addresses = [a for a in (fold_address(x) for x in rec.addresses if x) if a]
    phones = [p for p in (_phone(x, person.nationalities) for x in rec.phones if x and x.strip()) if p]
    year, month, day = prepared.birth
    return {
        "unique_id": rec.uid,
        "source_dataset": rec.dataset,
        "name_codes": [n.encode() for n in prepared.names] or None,
        "name_forms": _list(form for form, _s in forms),
        # Best and second-best readings, order-free: two equal ones score ≥ 0.99 without the
        # name-similarity function (the rank penalty of 0.01 allows one rank between them).
        "name_forms_rank0": _list(form for form, s in forms if s.rank == 0),
        "name_forms_rank1": _list(form for form, s in forms if s.rank <= 1),
        # phonetic forms of the readings of two words or more (how rare a name is, counted over its
        # spellings): a one-word name ("Sokha", "Dara") is never rare evidence, since it is every
        # other record's given name too
        "name_forms_multi": _list(name_key_form(s) for _f, s in forms if s.rank <= 1 and len(s.tokens) > 1),
        "name_forms_rare": None,  # filled over all inputs at resolution time (block_keys.rare_values)
        "name_keys": _list([*(k for s in spellings for k in s.keys if len(k) > 1), *joined_keys(spellings)]),
        "name_blocks": _list(name_blocking_keys(prepared)),
        "name_blocks_rare": None,  # filled over all inputs at resolution time (block_keys.rare_values)
        "name_keys_rare": None,  # likewise
        "name_first_key": " ".join(first_keys) or None,
        # the first name's best reading, words sorted: an edit distance on it finds typos that
        # change every phonetic key ("jacqueline malinauskas" / "jacquline maliauskas")
        "name_sort": " ".join(sorted(spellings[0].tokens)) if spellings else None,
        "birth_year": year or None,
        "birth_month": month or None,
        "birth_day": day or None,
        "nationalities": _list(sorted(prepared.nationalities)),
        "gender": prepared.gender,
        "documents": _list(docs),
        "document_keys": _list(doc_keys),
        "document_key1": doc_keys[0] if doc_keys else None,
        # its characters in order: equal for two numbers that differ by a swap of two characters
        "document_sorted": "".join(sorted(doc_keys[0])) if doc_keys else None,
        "phones": _list(phones),
        "phone_suffixes": _list(_suffixes(x for x in rec.phones if x and x.strip())),
        "phone_rare": None,  # filled over all inputs at resolution time (block_keys.rare_values)
        "address": addresses[0] if addresses else None,
        # the compared address as a list, to count how many records hold it (`address_rare`: a
        # household's few records, not a district's hundreds; filled at resolution time)
        "address_forms": addresses[:1] or None,
        "address_rare": None,
        "address_tokens": _list(t for a in addresses for t in a.split()),
        "address_blocks": _list(address_blocks(addresses)),
        "address_blocks_rare": None,  # filled over all inputs at resolution time (block_keys.rare_values)
        "given_name": name_part(rec.given_name),
        "family_name": name_part(rec.family_name),
        "_dropped": [f for f, bad in (("birth_date", bad_birth), ("nationality", bad_nat)) if bad],
    }


def prepare_rows(records: Iterable[LinkRecord]) -> Iterator[dict[str, Any] | Rejected]:
    """Engine rows, and a Rejected (field and reason) for each record that cannot be compared."""
    for rec in records:
        try:
            yield prepare_row(rec)
        except RecordError as exc:
            yield Rejected(rec.uid, rec.dataset, exc.field, exc.message)


@dataclass
class Prepared:
    """Prepared records as one Arrow table (the engines' input), plus what could not be used:
    rejected records (field and reason) and, per field, how many records had a value dropped."""

    table: Any  # pyarrow.Table with the columns of COLUMNS
    rejected: list[Rejected]
    dropped: dict[str, int]

    def __len__(self) -> int:
        return int(self.table.num_rows)


def rows_table(rows: Iterable[dict[str, Any]]) -> Any:
    """Prepared rows (dicts from `prepare_row`) as an Arrow table of the engine columns."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=table_schema())


def table_schema() -> Any:
    import pyarrow as pa

    types = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "VARCHAR[]": pa.list_(pa.string())}
    return pa.schema([(c, types[t]) for c, t in COLUMNS.items()])


def _prepare_chunk(chunk: Sequence[LinkRecord]) -> tuple[Any, list[Rejected], dict[str, int]]:
    """One chunk → an Arrow record batch (compact to send between processes, unlike dicts)."""
    import pyarrow as pa

    rows: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    _split(prepare_rows(chunk), rows, rejected)
    batch = pa.RecordBatch.from_pylist(rows, schema=table_schema())
    return batch, rejected, dropped_counts(rows)


def prepare_table(
    records: Sequence[LinkRecord],
    *,
    workers: int = 1,
    chunk: int = 5000,
    advance: Callable[[int], None] | None = None,
) -> Prepared:
    """Prepare every record, on `workers` forked processes for big inputs (romanizing is the slow
    part), into one Arrow table; `advance(n)` is told how many records each finished chunk held."""
    import pyarrow as pa

    batches: list[Any] = []
    rejected: list[Rejected] = []
    dropped: Counter[str] = Counter()

    def take(part: tuple[Any, list[Rejected], dict[str, int]], n: int) -> None:
        batch, rej, drop = part
        batches.append(batch)
        rejected.extend(rej)
        dropped.update(drop)
        if advance:
            advance(n)

    bounds = [(i, min(i + chunk, len(records))) for i in range(0, len(records), chunk)]
    if workers > 1 and len(records) > 4 * chunk:
        # Forked workers read `records` copy-on-write; only the bounds go down the pipe.
        global _FORK_RECORDS
        _FORK_RECORDS = records
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for part, (a, b) in zip(pool.imap(_prepare_span, bounds), bounds, strict=True):
                    take(part, b - a)
        finally:
            _FORK_RECORDS = None
    else:
        for a, b in bounds:
            take(_prepare_chunk(records[a:b]), b - a)
    table = pa.Table.from_batches(batches, schema=table_schema()) if batches else table_schema().empty_table()
    return Prepared(table, rejected, dict(dropped))


_FORK_RECORDS: Sequence[LinkRecord] | None = None


def _prepare_span(span: tuple[int, int]) -> tuple[Any, list[Rejected], dict[str, int]]:
    assert _FORK_RECORDS is not None
    return _prepare_chunk(_FORK_RECORDS[span[0] : span[1]])


def _split(
    part: Iterable[dict[str, Any] | Rejected], rows: list[dict[str, Any]], rejected: list[Rejected]
) -> None:
    for item in part:
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            rows.append(item)


def table_digest(tables: Sequence[Any]) -> str:
    """SHA-256 of the prepared rows of `tables` in uid order: names the exact data a model was
    trained on without keeping a copy of it (the records hold personal data)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    h = hashlib.sha256()
    table = pa.concat_tables(tables).combine_chunks() if tables else table_schema().empty_table()
    order = table.sort_by("unique_id")
    names = sorted(order.column_names)
    for batch in order.to_batches(max_chunksize=20_000):
        # each row as json.dumps(row, sort_keys=True, ensure_ascii=False, default=str) writes it: each
        # distinct value encoded once, the rows put together by Arrow
        parts = [
            pc.binary_join_element_wise(encode_basestring(n) + ": ", _json_texts(batch.column(n)), "")
            for n in names
        ]
        rows = pc.binary_join_element_wise(*parts, ", ") if parts else pa.array([""] * batch.num_rows)
        h.update("".join("{" + r + "}" for r in rows.to_pylist()).encode("utf-8"))
    return h.hexdigest()


def _json_texts(column: Any) -> Any:
    """Each value of an Arrow column as `json.dumps(value, sort_keys=True, ensure_ascii=False,
    default=str)` writes it, as an Arrow string array (no nulls)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pc.fill_null(_encoded_strings(column), "null")
    if pa.types.is_integer(kind):
        return pc.fill_null(pc.cast(column, pa.string()), "null")
    if (pa.types.is_list(kind) or pa.types.is_large_list(kind)) and pa.types.is_string(kind.value_type):
        lists = column.cast(pa.large_list(pa.string()))
        values = pc.fill_null(_encoded_strings(lists.values), "null")
        encoded = pa.LargeListArray.from_arrays(lists.offsets, values, mask=lists.is_null())
        joined = pc.binary_join(encoded, ", ")
        return pc.fill_null(pc.binary_join_element_wise("[", joined, "]", ""), "null")
    return pa.array(_json_values(column), pa.string())


def _encoded_strings(values: Any) -> Any:
    """`encode_basestring` of each string (null stays null), each distinct string encoded once."""
    import pyarrow as pa

    coded = values.dictionary_encode()
    words = pa.array([encode_basestring(w) for w in coded.dictionary.to_pylist()], pa.string())
    return words.take(coded.indices)


def _json_values(column: Any) -> list[str]:
    """Each value of an Arrow column as `json.dumps(value, sort_keys=True, ensure_ascii=False,
    default=str)` writes it (the types `_json_texts` does not take apart)."""
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
    return [encode(v) for v in column.to_pylist()]


def dropped_counts(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """How many records had an unreadable value dropped, per field (for the run's report)."""
    return dict(Counter(f for row in rows for f in row.get("_dropped", ())))
