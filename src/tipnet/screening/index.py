"""The candidate index: prepared list entries and an inverted index from blocking keys to entries.

A query's cost must not grow with the list: its blocking keys (phonetic keys of its romanized name
tokens, pairs of them, pairs of their two-letter prefixes, document numbers) each point at a posting
list, and only the rarest keys are read, up to a fixed budget of postings, weighted by how rare they
are (a key shared by a tenth of the list, like "Nguyen", says little). The best-weighted entries go to
the scorer. Entries are kept as compact strings and numpy arrays so a million fit in little memory,
and the whole index is saved to one data-only, integrity-checked file (tipnet.screening.index_file)
so the API starts without preparing anything again.
Where the entries come from (list files, the stored lists, case suspects): tipnet.screening.entries.
"""

from __future__ import annotations

import math
import multiprocessing
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from tipnet.identity.documents import DocumentNumberError, confusable_key, normalize_document_number
from tipnet.identity.phonetic import regional_key
from tipnet.matching.names import ENTRY_SPELLINGS, PreparedName, prepare_name
from tipnet.matching.names import blocking_keys as name_blocking_keys
from tipnet.matching.record import PersonRecord, PreparedRecord
from tipnet.screening.index_file import IndexFileError, read_index_file, write_index_file

POSTINGS_BUDGET = 20000  # postings read per query, rarest keys first
MIN_KEYS = 3  # keys read whatever their frequency
DOCUMENT_BOOST = 4.0  # a shared document number outweighs any one name key
_NAME_SEP, _FIELD_SEP = "\x1f", "\x1e"
# A word's frequency is its share of the list's entries, smoothed towards UNSEEN_FREQUENCY as if
# FREQUENCY_PSEUDO_ENTRIES more entries had been seen: a word met once in a list of five is not
# thereby common, nor one met once in a million one in a million.
UNSEEN_FREQUENCY = 1e-3
FREQUENCY_PSEUDO_ENTRIES = 100.0
Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class ListInfo:
    """A named list at one version (a content hash for lists read from files)."""

    name: str
    version: str


@dataclass(frozen=True)
class ListEntry:
    """One entry as it comes from a store or a file."""

    entry_id: str
    record: PersonRecord
    topics: tuple[str, ...] = ()


class EntryDetails(NamedTuple):
    """An entry's fields other than its names, as PreparedRecord holds them (the detail levels of
    tipnet.matching.features read only these): a cheap view to rule candidates out before decoding
    their names."""

    birth: tuple[int, int, int]
    nationalities: frozenset[str]
    gender: str | None
    documents: tuple[tuple[str, str], ...]


# The distinct (name, nationality) pairs of a build, set before forking so that workers read them
# copy-on-write instead of receiving them pickled.
_NAMES_TO_PREPARE: list[tuple[str, str | None]] = []


def _prepare_names(span: tuple[int, int]) -> list[tuple[str, str] | None]:
    """Prepare a slice of the build's distinct names: (compact form, blocking keys joined by
    _NAME_SEP, sorted), or None for a name without letters (what prepare_record does with each of
    a record's names). One string for the keys: a million names' keys would be ten million objects."""
    out: list[tuple[str, str] | None] = []
    for text, nat in _NAMES_TO_PREPARE[span[0] : span[1]]:
        p = prepare_name(text, nationality=nat, limit=ENTRY_SPELLINGS)
        if p is None:
            out.append(None)
        else:
            code = p.text.replace(_FIELD_SEP, " ") + _FIELD_SEP + p.encode()
            out.append((code, _NAME_SEP.join(sorted(name_blocking_keys(p)))))
    return out


def _prepare_all(
    names: list[tuple[str, str | None]], workers: int, progress: Progress | None = None
) -> Iterator[list[tuple[str, str] | None]]:
    """The prepared names, chunk by chunk in order (consumed as they come, to keep memory low)."""
    global _NAMES_TO_PREPARE
    spans = [(a, min(a + 2000, len(names))) for a in range(0, len(names), 2000)]
    _NAMES_TO_PREPARE = names
    done = 0
    try:
        if workers > 1 and len(names) > 20000:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts: Iterable[list[tuple[str, str] | None]] = pool.imap(_prepare_names, spans)
                for part in parts:
                    done += len(part)
                    if progress is not None:
                        progress(done, len(names))
                    yield part
        else:
            for span in spans:
                part = _prepare_names(span)
                done += len(part)
                if progress is not None:
                    progress(done, len(names))
                yield part
    finally:
        _NAMES_TO_PREPARE = []


def _gather(
    owner: np.ndarray, item: np.ndarray, offsets: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For pairs (owner, item): every value of item's slice values[offsets[item]:offsets[item + 1]],
    with its owner repeated (a vectorised flat-map)."""
    counts = offsets[item + 1] - offsets[item]
    total = int(counts.sum())
    starts = np.repeat(offsets[item] - (np.cumsum(counts) - counts), counts)
    return np.repeat(owner, counts), values[np.arange(total, dtype=np.int64) + starts]


class ScreeningIndex:
    """Prepared entries of one or more lists with their inverted blocking index."""

    def __init__(self) -> None:
        self.lists: list[ListInfo] = []
        self.entry_list = np.zeros(0, dtype=np.int16)
        self.entry_ids: list[str] = []
        self.topics: list[str] = []
        self.names: list[str] = []
        self.birth = np.zeros((0, 3), dtype=np.int16)
        self.nationalities: list[str] = []
        self.gender: list[str] = []
        self.documents: list[str] = []
        self.key_ids: dict[str, int] = {}
        self.offsets = np.zeros(1, dtype=np.int64)
        self.postings = np.zeros(0, dtype=np.int32)
        self.skipped = 0  # entries with no readable name
        self._frequencies: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.entry_ids)

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        sources: Iterable[tuple[ListInfo, Iterable[ListEntry]]],
        *,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> ScreeningIndex:
        """Prepare every entry and invert its blocking keys.

        Lists repeat names (a million entries hold about a third as many distinct names), so each
        distinct (name, nationality) is prepared once (in `workers` processes for big lists) and
        the entries' keys are put together from their names' keys with numpy. The result is the
        same as preparing each entry with prepare_record: same entries, keys, key ids and postings.
        `progress(done, total)` is called as distinct names are prepared (most of the time)."""
        ix = cls()
        records: list[PersonRecord] = []
        list_of: array[int] = array("h")
        name_ids: dict[tuple[str, str | None], int] = {}
        pair_rec: array[int] = array("i")  # (record, distinct name) for each name of each record
        pair_name: array[int] = array("i")
        for n, (info, entries) in enumerate(sources):
            ix.lists.append(info)
            for e in entries:
                r = e.record
                i = len(records)
                records.append(r)
                list_of.append(n)
                ix.entry_ids.append(e.entry_id)
                ix.topics.append(intern(";".join(e.topics)))
                nat = r.nationalities[0] if r.nationalities else None
                for text in r.names:
                    nid = name_ids.setdefault((text, nat), len(name_ids))
                    pair_rec.append(i)
                    pair_name.append(nid)
        distinct = list(name_ids)
        del name_ids

        # Temporary key ids, per distinct name its keys and its token keys ("t:").
        key_tmp: dict[str, int] = {}
        name_koff, name_kids = array("q", [0]), array("i")
        name_toff, name_tkids = array("q", [0]), array("i")
        name_ok = np.zeros(len(distinct) + 1, dtype=bool)
        name_code: list[str] = []
        for part in _prepare_all(distinct, workers, progress):
            for res in part:
                if res is not None:
                    name_ok[len(name_code)] = True
                    for k in res[1].split(_NAME_SEP) if res[1] else ():
                        kid = key_tmp.setdefault(k, len(key_tmp))
                        name_kids.append(kid)
                        if k.startswith("t:"):
                            name_tkids.append(kid)
                name_code.append(res[0] if res is not None else "")
                name_koff.append(len(name_kids))
                name_toff.append(len(name_tkids))
        del distinct
        n_rec = len(records)
        prec = np.frombuffer(pair_rec, dtype=np.int32) if n_rec else np.zeros(0, np.int32)
        pname = np.frombuffer(pair_name, dtype=np.int32) if n_rec else np.zeros(0, np.int32)
        good = name_ok[pname]
        prec, pname = prec[good], pname[good]
        ok = np.zeros(n_rec, dtype=bool)
        ok[prec] = True
        keep = np.flatnonzero(ok)
        ix.skipped = n_rec - len(keep)

        # Per kept entry: its names' compact forms, birth, codes, documents and document keys.
        names: list[str] = []  # pairs come in record order: one run of pairs per kept record
        run: list[str] = []
        current = -1
        for i, nid in zip(prec.tolist(), pname.tolist(), strict=True):
            if i != current and run:
                names.append(_NAME_SEP.join(run))
                run = []
            current = i
            run.append(name_code[nid])
        if run:
            names.append(_NAME_SEP.join(run))
        del name_code, run
        births = np.zeros((len(keep), 3), dtype=np.int16)
        nats: list[str] = []
        genders: list[str] = []
        docs: list[str] = []
        doc_rec: array[int] = array("i")
        doc_kid: array[int] = array("i")
        for j, i in enumerate(keep.tolist()):
            r = records[i]
            if r.birth_date is not None:
                births[j] = (r.birth_date.year, r.birth_date.month or 0, r.birth_date.day or 0)
            nats.append(intern(";".join(r.nationalities)))
            genders.append(intern(r.gender or ""))
            values = []
            for d in r.documents:
                try:
                    num = normalize_document_number(d)
                except DocumentNumberError:
                    continue
                values.append(num.value)
                doc_rec.append(i)
                doc_kid.append(key_tmp.setdefault("d:" + num.confusable_key, len(key_tmp)))
            docs.append(";".join(values))
        ix.names, ix.birth, ix.nationalities, ix.gender, ix.documents = names, births, nats, genders, docs
        ix.entry_list = np.frombuffer(list_of, dtype=np.int16)[keep].copy() if n_rec else ix.entry_list
        kept = keep.tolist()
        ix.entry_ids = [ix.entry_ids[i] for i in kept]
        ix.topics = [ix.topics[i] for i in kept]

        # (record, key) pairs: the names' keys, a birth year with each token key, the documents.
        koff = np.frombuffer(name_koff, dtype=np.int64)
        toff = np.frombuffer(name_toff, dtype=np.int64)
        kvals = np.frombuffer(name_kids, dtype=np.int32) if len(name_kids) else np.zeros(0, np.int32)
        tvals = np.frombuffer(name_tkids, dtype=np.int32) if len(name_tkids) else np.zeros(0, np.int32)
        rec_a, kid_a = _gather(prec, pname, koff, kvals)
        year = np.zeros(n_rec, dtype=np.int64)
        year[keep] = births[:, 0]
        with_year = year[prec] != 0
        yrec, ytk = _gather(prec[with_year], pname[with_year], toff, tvals)
        key_str = list(key_tmp)
        codes, inverse = np.unique(year[yrec] * (len(key_str) + 1) + ytk, return_inverse=True)
        ykids = np.empty(len(codes), dtype=np.int64)
        for c, code in enumerate(codes.tolist()):
            y, tk = divmod(code, len(key_str) + 1)
            ykids[c] = key_tmp.setdefault(f"y{y}:{key_str[tk][2:]}", len(key_tmp))
        key_str = list(key_tmp)
        rec_all = np.concatenate(
            [rec_a, yrec, np.frombuffer(doc_rec, dtype=np.int32) if len(doc_rec) else np.zeros(0, np.int32)]
        )
        kid_all = np.concatenate(
            [
                kid_a,
                ykids[inverse],
                np.frombuffer(doc_kid, dtype=np.int32) if len(doc_kid) else np.zeros(0, np.int32),
            ]
        )
        pairs = kid_all.astype(np.int64) * max(n_rec, 1) + rec_all
        pairs.sort()
        distinct_pair = np.empty(len(pairs), dtype=bool)
        distinct_pair[:1] = True
        np.not_equal(pairs[1:], pairs[:-1], out=distinct_pair[1:])
        kid_s, rec_s = np.divmod(pairs[distinct_pair], max(n_rec, 1))
        del pairs, distinct_pair, rec_all, kid_all

        # Key ids in order of first appearance (entry order, then key text), as one pass would give.
        # kid_s is sorted: each temporary key is one run, its records ascending.
        starts = np.flatnonzero(np.r_[True, kid_s[1:] != kid_s[:-1]]) if len(kid_s) else np.zeros(0, np.int64)
        used = kid_s[starts]
        texts = [key_str[k] for k in used.tolist()]
        by_text = sorted(range(len(texts)), key=texts.__getitem__)
        rank = np.empty(len(used), dtype=np.int64)
        rank[by_text] = np.arange(len(used))
        order = np.lexsort((rank, rec_s[starts]))  # runs in final key order
        ix.key_ids = {key_str[k]: n for n, k in enumerate(used[order].tolist())}
        remap = np.full(max(n_rec, 1), -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        run_off = np.append(starts, len(kid_s))
        _owner, recs = _gather(order, order, run_off, rec_s)  # the runs laid out in final key order
        ix.postings = remap[recs].astype(np.int32)
        counts = np.diff(run_off)[order]
        ix.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return ix

    # -- persistence ----------------------------------------------------------------------------

    def save(self, path: Path, key: bytes) -> None:
        """Write the index to `path` (data only, tagged under `key`, the keyring's
        `screening_index_key`; replaced atomically, mode 0600): see tipnet.screening.index_file."""
        key_texts = list(self.key_ids)
        meta = {
            "format": "tipnet-screening-index",
            "version": 1,
            "lists": [[li.name, li.version] for li in self.lists],
            "skipped": int(self.skipped),
            "entries": len(self.entry_ids),
        }
        arrays: dict[str, np.ndarray] = {
            "entry_list": self.entry_list.astype(np.int16),
            "birth": self.birth.astype(np.int16),
            "key_id_values": np.fromiter(self.key_ids.values(), dtype=np.int64, count=len(key_texts)),
            "offsets": self.offsets.astype(np.int64),
            "postings": self.postings.astype(np.int32),
        }
        strings = {
            "entry_ids": self.entry_ids,
            "topics": self.topics,
            "names": self.names,
            "nationalities": self.nationalities,
            "gender": self.gender,
            "documents": self.documents,
            "key_ids": key_texts,
        }
        write_index_file(Path(path), key, meta, arrays, strings)

    @classmethod
    def load(cls, path: Path, key: bytes) -> ScreeningIndex:
        """Load an index saved under `key`; IndexFileError (nothing loaded) when the file is not
        exactly one tipnet wrote under that key, or its parts do not fit together."""
        meta, arrays, strings = read_index_file(Path(path), key)
        try:
            if meta.get("format") != "tipnet-screening-index" or meta.get("version") != 1:
                raise IndexFileError(f"{path}: unknown index format")
            ix = cls()
            ix.lists = [ListInfo(str(n), str(v)) for n, v in meta["lists"]]
            ix.skipped = int(meta["skipped"])
            ix.entry_list, ix.birth = arrays["entry_list"], arrays["birth"]
            ix.offsets, ix.postings = arrays["offsets"], arrays["postings"]
            ix.entry_ids, ix.topics, ix.names = strings["entry_ids"], strings["topics"], strings["names"]
            ix.nationalities, ix.gender = strings["nationalities"], strings["gender"]
            ix.documents = strings["documents"]
            kv = arrays["key_id_values"]
            ix.key_ids = dict(zip(strings["key_ids"], kv.tolist(), strict=True))
            n = int(meta["entries"])
            per_entry = (ix.entry_ids, ix.topics, ix.names, ix.nationalities, ix.gender, ix.documents)
            if (
                any(len(x) != n for x in per_entry)
                or ix.entry_list.shape != (n,)
                or ix.birth.shape != (n, 3)
                or ix.offsets.shape != (len(ix.key_ids) + 1,)
                or (n and ix.entry_list.max(initial=0) >= len(ix.lists))
                or ix.entry_list.min(initial=0) < 0
                or int(ix.offsets[0]) != 0
                or int(ix.offsets[-1]) != len(ix.postings)
                or bool(np.any(np.diff(ix.offsets) < 0))
                or (len(ix.postings) and (int(ix.postings.min()) < 0 or int(ix.postings.max()) >= n))
                or len(ix.key_ids) != len(kv)
                or not np.array_equal(np.sort(kv), np.arange(len(kv)))
            ):
                raise IndexFileError(f"{path}: the index's parts do not fit together")
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, IndexFileError):
                raise
            raise IndexFileError(f"{path}: malformed index ({type(exc).__name__})") from None
        return ix

    # -- querying -------------------------------------------------------------------------------

    def entry(self, i: int, *, names: bool = True) -> PreparedRecord:
        """The prepared entry `i`, decoded from its compact form (without its names if not wanted)."""
        y, m, d = self.birth[i].tolist()
        return PreparedRecord(
            names=_decode_names(self.names[i]) if names else (),
            birth=(y, m, d),
            nationalities=_codes(self.nationalities[i]),
            gender=self.gender[i] or None,
            documents=_document_keys(self.documents[i]),
        )

    def details(self, ids: list[int]) -> list[EntryDetails]:
        """The details of entries `ids` (their birth dates read in one numpy call)."""
        if not ids:
            return []
        births = self.birth[ids].tolist()
        nats, genders, docs = self.nationalities, self.gender, self.documents
        return [
            EntryDetails((y, m, d), _codes(nats[i]), genders[i] or None, _document_keys(docs[i]))
            for i, (y, m, d) in zip(ids, births, strict=True)
        ]

    def token_frequency(self, word: str) -> float:
        """The share of entries with a name word sounding like `word` (its phonetic key's postings),
        smoothed: the term frequencies of the name evidence (tipnet.matching.name_evidence)."""
        cache = self._frequencies
        f = cache.get(word)
        if f is None:
            key = regional_key(word)
            kid = self.key_ids.get("t:" + key) if len(key) > 1 else None
            df = int(self.offsets[kid + 1] - self.offsets[kid]) if kid is not None else 0
            n = len(self.entry_ids)
            f = (df + FREQUENCY_PSEUDO_ENTRIES * UNSEEN_FREQUENCY) / (n + FREQUENCY_PSEUDO_ENTRIES)
            if len(cache) < 1 << 18:
                cache[word] = f
        return f

    def describe(self, i: int) -> tuple[str, str, str, tuple[str, ...]]:
        """(list name, entry id, primary name, topics) of entry `i`."""
        return (
            self.lists[int(self.entry_list[i])].name,
            self.entry_ids[i],
            self.names[i].split(_FIELD_SEP, 1)[0],
            tuple(filter(None, self.topics[i].split(";"))),
        )

    def candidates(self, query: PreparedRecord, limit: int = 20) -> list[tuple[int, float]]:
        """Up to `limit` entries sharing the most (rarity-weighted) blocking keys with the query."""
        n = len(self.entry_ids)
        if not n:
            return []
        key_ids = self.key_ids
        kids: list[int] = []
        docs: set[int] = set()
        for k in query.blocking_keys():
            kid = key_ids.get(k)
            if kid is not None:
                kids.append(kid)
                if k.startswith("d:"):
                    docs.add(kid)
        if not kids:
            return []
        # Rarest keys first (ties by key id), read until the budget is spent.
        karr = np.array(kids, dtype=np.int64)
        starts = self.offsets[karr].tolist()
        ends = self.offsets[karr + 1].tolist()
        taken: list[np.ndarray] = []
        weights: list[float] = []
        total = 0
        rarity = sorted(zip([e - a for a, e in zip(starts, ends, strict=True)], kids, starts, strict=True))
        for j, (df, kid, a) in enumerate(rarity):
            if j >= MIN_KEYS and total + df > POSTINGS_BUDGET:
                break
            taken.append(self.postings[a : a + df])
            weights.append(math.log2(1 + n / df) * (DOCUMENT_BOOST if kid in docs else 1.0))
            total += df
        ids, read_by = _merge_postings(taken, n)
        first = np.empty(len(ids), dtype=bool)
        first[0] = True
        np.not_equal(ids[1:], ids[:-1], out=first[1:])
        uniq = ids[first]
        # Each entry's weights are added in the order its keys were read (as bincount adds them).
        wts = np.array(weights, dtype=np.float32)[read_by]
        score = np.bincount(np.cumsum(first) - 1, weights=wts)
        top = np.argpartition(-score, limit)[:limit] if len(uniq) > limit else np.arange(len(uniq))
        top = top[np.argsort(-score[top], kind="stable")]
        return list(zip(uniq[top].tolist(), score[top].tolist(), strict=True))


def _merge_postings(runs: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The entry ids of sorted posting lists merged in ascending order, equal ids in the order of
    their lists; and for each, the position of its list. Each id is sorted with its list's position
    in its low bits: one unstable sort of distinct 32-bit codes (numpy's vectorised quicksort) puts
    them in the order a stable sort of the ids would, faster."""
    shift = max(1, (len(runs) - 1).bit_length())
    dtype = np.uint32 if n << shift <= 1 << 32 else np.uint64
    code: npt.NDArray[np.unsignedinteger[Any]] = np.concatenate(runs).astype(dtype)
    code = code << dtype(shift)
    code |= np.repeat(np.arange(len(runs), dtype=dtype), [len(r) for r in runs])
    code.sort()
    return code >> dtype(shift), code & dtype((1 << shift) - 1)


# Decoding is pure and candidates recur (namesakes, repeated travellers): the decoded parts are cached.
@lru_cache(maxsize=1 << 15)
def _decode_names(encoded: str) -> tuple[PreparedName, ...]:
    decoded = []
    for part in encoded.split(_NAME_SEP):
        text, _, code = part.partition(_FIELD_SEP)
        decoded.append(PreparedName.decode(text, code))
    return tuple(decoded)


@lru_cache(maxsize=4096)
def _codes(joined: str) -> frozenset[str]:
    return frozenset(filter(None, joined.split(";")))


@lru_cache(maxsize=1 << 15)
def _document_keys(joined: str) -> tuple[tuple[str, str], ...]:
    return tuple((value, confusable_key(value)) for value in filter(None, joined.split(";")))


def _normal_documents(documents: tuple[str, ...]) -> list[str]:
    out = []
    for d in documents:
        try:
            out.append(normalize_document_number(d).value)
        except DocumentNumberError:
            continue
    return out


def intern(text: str) -> str:
    """One copy of each repeated short string (topics, codes) across a million entries."""
    return _INTERNED.setdefault(text, text)


_INTERNED: dict[str, str] = {}
