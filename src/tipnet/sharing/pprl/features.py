"""A person record to the feature strings an encoding hashes, through the one matching core.

Nothing here romanizes, keys or normalises by itself: names go through `matching.record.make_record`
and `prepare_record` (identity: `clean_text`, titles removed, ranked romanization candidates of Khmer,
Thai, Lao, Burmese and Chinese names, regional phonetic keys), nationalities through
`identity.nationality.read_nationality`, documents through `identity.documents` (OCR-confusable key),
phones through `identity.phones.phone_suffix`. What makes the region hard is kept so that it survives
encoding:

- a native-script name and its romanization: the candidates' words and phonetic keys are features;
- name order: words are a set (Sok Dara / Dara Sok give the same features);
- spelling: each word's phonetic key and its letter pairs (Chhay / Chay / Chai agree on the key);
- phones: the last eight digits, shared by national and international writings, and where a number's
  country is known (written with its code, or the party's `phone_region`) the country code with the
  national significant number, compared instead when both records know it;
- birth dates: year, year-pair buckets (a year apart still agrees once), month-day order-free
  (day and month swapped agree), year-month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tipnet.identity.dates import DateError, parse_partial_date
from tipnet.identity.documents import DocumentNumberError, normalize_document_number
from tipnet.identity.nationality import read_nationality
from tipnet.identity.phones import phone_country_number, phone_suffix
from tipnet.identity.text import clean_text
from tipnet.matching.names import prepare_name
from tipnet.matching.record import RecordError, make_record, parse_gender
from tipnet.sharing.pprl.schema import Schema

Feature = tuple[str, str, str]  # (field, kind, value)


@dataclass(frozen=True)
class PprlInput:
    """One party's record as given: the party's own id and raw values (any script, any writing)."""

    id: str
    names: tuple[str, ...] = ()
    birth_date: str | None = None
    gender: str | None = None
    nationalities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    # The country (ISO alpha-2) the party's national phone writings are in, when it knows (`tipnet pprl
    # encode --phone-region`): a number written nationally is then encoded with its country too
    phone_region: str | None = None
    # The values of the other records the party itself linked to this one (`pprl encode --link-own`):
    # the record's names are salted with these too, so that a record without a full date, linked by
    # its party to a record with one, carries its names salted with that date as well. Only salts:
    # the record's own birth, phone and document segments hold its own values.
    group_birth_dates: tuple[str, ...] = ()
    group_phones: tuple[str, ...] = ()
    group_documents: tuple[str, ...] = ()


class EncodeError(ValueError):
    """A record that cannot be encoded; `field` names the field, never its value."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def _birth(text: str | None) -> tuple[int, int, int]:
    """(year, month, day), 0 for unknown; a date with a slip keeps its valid year (and month)."""
    if not text or not text.strip():
        return (0, 0, 0)
    try:
        d = parse_partial_date(text.strip())
        return (d.year, d.month or 0, d.day or 0)
    except DateError:
        pass
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 4 and 1900 <= int(digits[:4]) <= 2100:
        year, month = int(digits[:4]), int(digits[4:6]) if len(digits) >= 6 else 0
        return (year, month if 1 <= month <= 12 else 0, 0)
    return (0, 0, 0)


def _bigrams(word: str) -> set[str]:
    padded = f"_{word}_"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def _name_salts(schema: Schema, birth: tuple[int, int, int], docs: list[str], phones: list[str]) -> list[str]:
    """The stable values a record's name features are salted with, one copy of the names per value
    (`schema.salt_names`: "" for none, else fields joined by "+": birth_year, birth_date, document,
    phone). A record lacking every salt gets [""] (names unsalted) if `schema.unsalted_names`, else
    [] (names left out: an unsalted name is exactly what a frequency attack re-identifies)."""
    if not schema.salt_names:
        return [""]
    year, month, day = birth
    lo, hi = sorted((month, day))  # day and month swapped still agree
    out: list[str] = []
    for kind in schema.salt_names.split("+"):
        if kind == "birth_year" and year:
            out.append(f"y{year}|")
        elif kind == "birth_date" and year and month and day:
            out.append(f"d{year}-{lo:02d}-{hi:02d}|")
        elif kind == "document":
            out.extend(f"n{d}|" for d in docs)
        elif kind == "phone":
            out.extend(f"p{p}|" for p in phones)
    return out or ([""] if schema.unsalted_names else [])


_NAME_CACHE: dict[
    tuple[tuple[str, ...], str | None, int, str],
    tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] | RecordError,
] = {}
_ONE_NAME_CACHE: dict[
    tuple[str, str | None, int, str], tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] | None
] = {}
# Sized for a million-record file (about 650,000 distinct names, each recurring far apart in the file):
# a cache cleared every 200,000 names kept few of the repeats. Entries are tuples of shared (interned)
# (kind, value) pairs, about half a kilobyte each, so a full cache is some 250 MB per process.
_NAME_CACHE_LIMIT = 500_000
_PAIRS: dict[tuple[str, str], tuple[str, str]] = {}  # one object per (kind, value): words and pairs recur
_PAIRS_LIMIT = 2_000_000


def _word_features(tok: str, pkey: str) -> list[tuple[str, str]]:
    """(kind, value) of one word: the word, its phonetic key, its letter pairs."""
    out = [("name_token", tok)]
    if len(pkey) > 1:
        out.append(("name_key", pkey))
    if len(tok) > 1:
        out.extend(("name_bigram", b) for b in sorted(_bigrams(tok)))
    return out


_VOWELS = frozenset("aeiouyh")


def _skeleton(key: str) -> str:
    """A word's phonetic key reduced to its first letter and its other consonants, repeats made one
    (daria and dara: dr; suk: sk; wana: wn): what two romanizations of one word keep in common more
    often than their keys (Khmer ដារា romanizes to darea, key daria, where a party writes Dara)."""
    out = key[:1]
    for c in key[1:]:
        if c not in _VOWELS and c != out[-1]:
            out += c
    return out


def _context_features(tokens: list[str], keys: list[str], mode: str) -> set[tuple[str, str]]:
    """(kind, value) of one spelling's words, each word's features prefixed with the consonant
    skeletons of the phonetic keys of the spelling's other words (`_skeleton`, `Schema.name_context`):
    "pair", once per other word (sok salted with dara's skeleton dr, dara with sok's sk); "rest", once
    with the sorted skeletons of all the other words. A one-word spelling gets the prefix "-" (a word
    alone). What same-day namesakes who share one word of their names (two persons sok born one day)
    no longer share: the word's positions, which now depend on the rest of the name, while one
    person's two records, whose names agree as a whole, still agree."""
    salts = [_skeleton(k or t) for t, k in zip(tokens, keys, strict=True)]
    out: set[tuple[str, str]] = set()
    for i, (tok, pkey) in enumerate(zip(tokens, keys, strict=True)):
        others = salts[:i] + salts[i + 1 :]
        if not others:
            ctx = ["-"]
        elif mode == "rest":
            ctx = ["+".join(sorted(others))]
        else:
            ctx = list(dict.fromkeys(others))
        feats = _word_features(tok, pkey)
        out.update((kind, f"{c}>{value}") for c in ctx for kind, value in feats)
    return out


_Pairs = tuple[tuple[str, str], ...]


def _one_name(
    name: str, nationality: str | None, spellings: int, context: str = ""
) -> tuple[_Pairs, _Pairs] | None:
    """(kind, value) of one cleaned name's words (None: no letters to read), and with `context`
    ("pair" or "rest", else empty) the same features carrying the keys of the same spelling's other
    words (`_context_features`). Cached per process: a name recurs across a file's records in other
    combinations (the name column, given and family names, an alias), which the record-level cache
    does not see."""
    key = (name, nationality, spellings, context)
    if key in _ONE_NAME_CACHE:
        return _ONE_NAME_CACHE[key]
    prepared = prepare_name(name, nationality=nationality, limit=spellings)
    got: tuple[_Pairs, _Pairs] | None = None
    if prepared is not None:
        plain: set[tuple[str, str]] = set()
        ctx: set[tuple[str, str]] = set()
        alone: set[tuple[str, str]] = set()  # one-word spellings: kept if no spelling has two words
        for sp in prepared.spellings:
            words = [(t, k) for t, k in zip(sp.tokens, sp.keys, strict=True) if any(c.isalpha() for c in t)]
            for tok, pkey in words:
                plain.update(_word_features(tok, pkey))
            if context and words:
                feats = _context_features([t for t, _ in words], [k for _, k in words], context)
                (ctx if len(words) > 1 else alone).update(feats)
        ctx = ctx or alone
        if len(_PAIRS) >= _PAIRS_LIMIT:
            _PAIRS.clear()
        got = (
            tuple(_PAIRS.setdefault(pair, pair) for pair in plain),
            tuple(_PAIRS.setdefault(pair, pair) for pair in ctx),
        )
    if len(_ONE_NAME_CACHE) >= _NAME_CACHE_LIMIT:
        _ONE_NAME_CACHE.clear()
    _ONE_NAME_CACHE[key] = got
    return got


def name_features(
    names: tuple[str, ...], nationality: str | None, spellings: int
) -> tuple[tuple[str, str], ...]:
    """(kind, value) of a record's names, unsalted: each romanization candidate's words, their
    phonetic keys and letter pairs (the names as `matching.record.prepare_record` prepares them, one
    by one). RecordError when no name can be read."""
    return names_with_context(names, nationality, spellings, "")[0]


def names_with_context(
    names: tuple[str, ...], nationality: str | None, spellings: int, context: str
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """A record's name features (`name_features`) and, with `context` ("pair" or "rest"), its words'
    features carrying the skeletons of their own name's other words (`_context_features`), unordered; a
    word written alone (a one-word name) keeps the prefix "-" only when the record has no name of two
    words or more
    (else "Sok" written apart next to "Sok Dara" would give every same-day Sok those positions again).
    Cached per process, per record and per name: romanizing is most of an encoding's time, and names
    repeat (a file of a million records holds far fewer distinct names). RecordError when no name can
    be read."""
    key = (names, nationality, spellings, context)
    got = _NAME_CACHE.get(key)
    if got is None:
        try:
            record = make_record(list(names), nationality=nationality)
            nat = record.nationalities[0] if record.nationalities else None
            parts = [f for n in record.names if (f := _one_name(n, nat, spellings, context)) is not None]
            if not parts:  # prepare_record's refusal, word for word
                raise RecordError("name", "no letters that can be read as a name in any known script")
            plain = tuple(sorted(set().union(*(p for p, _c in parts))))
            # order is of no account to the encoding (record_features sorts the record's features)
            ctxs = [c for _p, c in parts if c]
            if len(ctxs) > 1 and any(c[0][1][:2] == "->" for c in ctxs):
                ctxs = [c for c in ctxs if c[0][1][:2] != "->"] or ctxs
            got = (plain, ctxs[0] if len(ctxs) == 1 else tuple(set().union(*ctxs)))
        except RecordError as exc:
            got = exc
        if len(_NAME_CACHE) >= _NAME_CACHE_LIMIT:
            _NAME_CACHE.clear()
        _NAME_CACHE[key] = got
    if isinstance(got, RecordError):
        raise got
    return got


def _documents(values: tuple[str, ...]) -> list[str]:
    """The OCR-confusable keys of the readable document numbers (an unreadable one is missing)."""
    out = []
    for d in values:
        if not d or not d.strip():
            continue
        try:
            out.append(normalize_document_number(d).confusable_key)
        except DocumentNumberError:
            continue
    return list(dict.fromkeys(out))


def _phones(values: tuple[str, ...], region: str | None) -> tuple[list[str], list[str]]:
    """(last eight digits, country code + national number where the country is known) of the
    readable numbers."""
    phones: list[str] = []
    numbers: list[str] = []
    for p in values:
        suffix = phone_suffix(p) if p and p.strip() else None
        if suffix:
            phones.append(suffix)
            number = phone_country_number(p, region)
            if number:
                numbers.append(number)
    return phones, numbers


def _group_salts(rec: PprlInput, schema: Schema) -> tuple[list[str], list[str], list[str], list[str]]:
    """The salts the record's own group adds (`--link-own`): name salts of the group's full dates,
    and the group's phones (suffix, country number) and documents; none in a profile without salts."""
    if not schema.salt_names:
        return [], [], [], []
    dates: list[str] = []
    for text in rec.group_birth_dates:
        birth = _birth(text)
        if all(birth):
            dates.extend(s for s in _name_salts(schema, birth, [], []) if s.startswith("d"))
    phones, numbers = _phones(rec.group_phones, rec.phone_region)
    return dates, phones, numbers, _documents(rec.group_documents)


def record_features(rec: PprlInput, schema: Schema) -> tuple[list[Feature], list[str]]:
    """The features of one record and the fields whose unreadable value was dropped.

    Raises EncodeError when nothing is left to compare (no name, and no document, phone or full date)."""
    year, month, day = _birth(rec.birth_date)
    dropped: list[str] = []
    if rec.birth_date and rec.birth_date.strip() and not year:
        dropped.append("birth_date")
    nats = [n for n in (read_nationality(v) for v in rec.nationalities if v and v.strip()) if n]
    if len(nats) < sum(1 for v in rec.nationalities if v and v.strip()):
        dropped.append("nationality")
    out: set[Feature] = set()
    names = tuple(n for n in rec.names if n and clean_text(n))
    docs = _documents(rec.documents)
    # numbers: country code + national significant number, where the country is known
    phones, numbers = _phones(rec.phones, rec.phone_region)
    gender = parse_gender(rec.gender)
    if names:
        try:
            words, context = names_with_context(
                names, nats[0] if nats else None, schema.spellings, schema.name_context
            )
        except RecordError as exc:
            if not (docs or phones):
                raise EncodeError(exc.field, exc.message) from None
            words, context = (), ()
        g_dates, g_phones, g_numbers, g_docs = _group_salts(rec, schema)
        salts = _name_salts(schema, (year, month, day), docs, phones)
        # the "name" segment: each word in the context of its name's other words (v5), or alone
        in_name = context if schema.name_context else words
        for salt in dict.fromkeys([*salts, *g_dates]):
            out.update(("name", kind, salt + value) for kind, value in in_name)
        by_salt = {
            "phone": dict.fromkeys([*phones, *g_phones]),
            "phone_country": dict.fromkeys([*numbers, *g_numbers]),
            "document": dict.fromkeys([*docs, *g_docs]),
        }
        for segment, by in schema.name_salts.items():  # names salted with each phone / document (v4)
            for salt in by_salt[by]:
                out.update((segment, kind, f"{salt}|{value}") for kind, value in words)
    if not names and not docs and not phones and not (year and month and day):
        raise EncodeError("name", "no name, and no document, phone or full birth date to link on")
    if year:
        out.add(("birth", "birth_year", str(year)))
        out.add(("birth", "birth_year_pair", f"a{year // 2}"))
        out.add(("birth", "birth_year_pair", f"b{(year + 1) // 2}"))
        if month:
            out.add(("birth", "birth_year_month", f"{year}-{month:02d}"))
            if day:
                lo, hi = sorted((month, day))
                out.add(("birth", "birth_month_day", f"{lo:02d}-{hi:02d}"))
    if gender:
        out.add(("gender", "gender", gender))
    for nat in dict.fromkeys(nats):
        out.add(("nationality", "nationality", nat))
    for confusable in docs:
        out.add(("document", "document", confusable))
        out.update(("document", "document_bigram", b) for b in _bigrams(confusable))
    for suffix in phones:
        out.add(("phone", "phone", suffix))
    for number in numbers:
        out.add(("phone_country", "phone_country", number))
    return sorted(out), dropped


def features_many(records: Sequence[PprlInput], schema: Schema) -> list[list[Feature] | EncodeError]:
    out: list[list[Feature] | EncodeError] = []
    for rec in records:
        try:
            out.append(record_features(rec, schema)[0])
        except EncodeError as exc:
            out.append(exc)
    return out
