"""Node keys: one normal form per shared thing, so that two records of it meet in one node."""

from __future__ import annotations

import re
import unicodedata

# Legal-form words that vary between spellings of one company name.
_LEGAL_FORMS = {
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "inc",
    "corp",
    "corporation",
    "plc",
    "pte",
    "sdn",
    "bhd",
    "jsc",
    "pty",
    "group",
}
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Case-folded, NFKC, punctuation as spaces, single spaces: `12, Street 5` == `12 street 5`."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _PUNCT.sub(" ", folded)).strip()


def address_key(text: str) -> str:
    return normalise_text(text)


def company_key(name: str) -> str:
    """A company name without legal-form words: `Tonle Logistics Co., Ltd.` == `TONLE LOGISTICS`."""
    words = [w for w in normalise_text(name).split() if w not in _LEGAL_FORMS]
    return " ".join(words) or normalise_text(name)


def document_key(number: str) -> str:
    """Letters and digits only, upper case (the form blind indexes hash)."""
    return re.sub(r"[^0-9A-Za-z]", "", number).upper()


def phone_key(number: str) -> str:
    """E.164 as stored (ingestion normalises); digits and a leading + otherwise."""
    digits = re.sub(r"[^0-9+]", "", number)
    return digits or number.strip()


def account_key(number: str) -> str:
    """Letters and digits only, upper case: banks and transfers write separators differently."""
    return re.sub(r"[^0-9A-Za-z]", "", number).upper() or number.strip()
