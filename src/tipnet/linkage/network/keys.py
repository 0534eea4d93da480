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


def bank_account_key(number: str, bank_org_id: int) -> str:
    """One bank's account of a number (`ACC1@3`): numbers are unique only within a bank, so two banks'
    customers holding "ACC1" are two accounts. `number` is an `account_key`; the key holds no `@`."""
    return f"{number}@{bank_org_id}"


# Vehicles. A crossing's `booking_ref` is a flight's PNR at an airport and a vehicle's plate at a land
# checkpoint (sources.py: "the travel booking or vehicle"); real extracts mix both, so a ref becomes a
# vehicle only when the post is not an airport and the ref is written like a plate.
_AIR_WORDS = (
    "airport",
    "air port",
    "aeroport",
    "aéroport",
    "aeropuerto",
    "airfield",
    "aerodrome",
    "bandara",
    "lapangan terbang",
    "sân bay",
    "san bay",
    "ท่าอากาศยาน",
    "สนามบิน",
    "ព្រលានយន្តហោះ",
    "ເດີ່ນບິນ",
    "机场",
    "機場",
)
_IATA = re.compile(r"[A-Z]{3}")
# Separators plates are written with: spaces, dashes, dots, the middle dot of Chinese plates, slashes.
_PLATE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—.·•・/_]+")
_SERIAL = re.compile(r"\d{3}")
_PNR = re.compile(r"[A-Z0-9]{6}")


def is_air_post(border_post: str | None) -> bool:
    """An airport: its name says so (in English or a regional language), or it is a bare IATA code."""
    if not border_post or not border_post.strip():
        return False
    name = border_post.strip()
    folded = unicodedata.normalize("NFKC", name).casefold()
    return bool(_IATA.fullmatch(name)) or any(word in folded for word in _AIR_WORDS)


def plate_key(plate: str) -> str:
    """NFKC, upper case, without spaces, dashes, dots: `2b-4821` == `2B 4821` == `2B4821`."""
    return _PLATE_SEPARATORS.sub("", unicodedata.normalize("NFKC", plate).upper())


def looks_like_plate(ref: str) -> bool:
    """Written like a licence plate: 4 to 16 letters (any script, with their marks) and digits once
    separators are gone, holding a serial of three digits or more (`2B-4821`, `กข 1234`, `51F-123.45`,
    `云A·12345`). Random six-character PNRs rarely hold three digits in a row."""
    key = plate_key(ref)
    if not 4 <= len(key) <= 16 or not _SERIAL.search(key):
        return False
    return all(ch.isalnum() or unicodedata.category(ch).startswith("M") for ch in key)


def vehicle_key(booking_ref: str | None, border_post: str | None) -> str:
    """The vehicle node key of a crossing's booking ref, or "" when it is not (knowably) a plate.

    1. At an airport (`is_air_post`) the ref is a booking (PNR): never a vehicle.
    2. Otherwise it must look like a plate (`looks_like_plate`).
    3. Where the post is unknown (blank), a bare six-character code of ASCII letters and digits,
       written without separators, is as likely a PNR as a plate and is left out.
    """
    ref = (booking_ref or "").strip()
    if not ref or is_air_post(border_post) or not looks_like_plate(ref):
        return ""
    if not (border_post or "").strip() and _PNR.fullmatch(ref.upper()):
        return ""
    return plate_key(ref)
