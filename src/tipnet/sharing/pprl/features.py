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
- phones: the last eight digits, shared by national and international writings;
- birth dates: year, year-pair buckets (a year apart still agrees once), month-day order-free
  (day and month swapped agree), year-month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tipnet.identity.dates import DateError, parse_partial_date
from tipnet.identity.nationality import read_nationality
from tipnet.identity.phones import phone_suffix
from tipnet.identity.text import clean_text
from tipnet.matching.record import RecordError, make_record, prepare_record
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
    names = [n for n in rec.names if n and clean_text(n)]
    if names:
        try:
            person = make_record(
                names, nationality=nats, gender=rec.gender, document_number=list(rec.documents)
            )
            prepared = prepare_record(person, spellings=schema.spellings)
        except RecordError as exc:
            if not (rec.documents or rec.phones):
                raise EncodeError(exc.field, exc.message) from None
            prepared = None
        salt = f"{year}|" if schema.salt_names == "birth_year" and year else ""
        if prepared is not None:
            for n in prepared.names:
                for sp in n.spellings:
                    for tok, key in zip(sp.tokens, sp.keys, strict=True):
                        if not any(c.isalpha() for c in tok):
                            continue
                        out.add(("name", "name_token", salt + tok))
                        if len(key) > 1:
                            out.add(("name", "name_key", salt + key))
                        if len(tok) > 1:
                            out.update(("name", "name_bigram", salt + b) for b in _bigrams(tok))
            docs = prepared.documents
            gender = prepared.gender
        else:
            docs, gender = (), None
    else:
        from tipnet.identity.documents import DocumentNumberError, normalize_document_number
        from tipnet.matching.record import parse_gender

        gender = parse_gender(rec.gender)
        docs_l = []
        for d in rec.documents:
            try:
                num = normalize_document_number(d)
            except DocumentNumberError:
                continue
            docs_l.append((num.value, num.confusable_key))
        docs = tuple(docs_l)
    phones = [s for s in (phone_suffix(p) for p in rec.phones if p and p.strip()) if s]
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
    for _value, confusable in docs:
        out.add(("document", "document", confusable))
        out.update(("document", "document_bigram", b) for b in _bigrams(confusable))
    for suffix in phones:
        out.add(("phone", "phone", suffix))
    return sorted(out), dropped


def features_many(records: Sequence[PprlInput], schema: Schema) -> list[list[Feature] | EncodeError]:
    out: list[list[Feature] | EncodeError] = []
    for rec in records:
        try:
            out.append(record_features(rec, schema)[0])
        except EncodeError as exc:
            out.append(exc)
    return out
