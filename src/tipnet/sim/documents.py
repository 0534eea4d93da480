"""Passports and their MRZs: genuine, expired, altered and forged documents.

MRZs are composed by tipnet.identity.mrz.compose (ICAO Doc 9303 TD3); this module never computes a
check digit itself. Tampering is applied to composed lines, the way a forger works on a printed page:
- altered: the birth date of a minor changed to make them an adult, in the visual zone and the MRZ,
  without recomputing the check digits (so they fail);
- forged: a passport made for an alias, with a wrong document-number or composite check digit, or
  an MRZ whose name disagrees with the visual zone;
- expired: a genuine passport presented after its expiry date.
Rates are SCENARIO assumptions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tipnet.sim.context import add_years
from tipnet.sim.identifiers import Issuer
from tipnet.sim.names import PersonName

ADULT_VALIDITY_YEARS = 10
MINOR_VALIDITY_YEARS = 5
EXPIRED_USE_RATE = 0.02  # travellers due to renew who make one more trip on the expired booklet
VICTIM_EXPIRED_USE_RATE = 0.03  # victims rushed across a border on an old passport
MINOR_ALTERED_RATE = 0.6  # minor victims crossing on a passport altered to show an adult
FORGED_WRONG_CHECK = 0.6  # of forged passports: a wrong check digit (else the MRZ name disagrees)
STATUS_GENUINE, STATUS_EXPIRED, STATUS_ALTERED, STATUS_FORGED = "genuine", "expired", "altered", "forged"


@dataclass(slots=True)
class Passport:
    number: str
    document_type: str  # P (passport) or A (emergency travel document)
    issuing_state: str
    nationality: str
    surname: str  # visual zone
    given_names: str
    birth: date  # as printed (an altered passport shows a false date)
    sex: str  # F | M
    issued: date
    expiry: date
    mrz: str  # the two lines joined by "\n"; "" for an emergency travel document
    status: str


def _compose(
    *,
    issuing_state: str,
    surname: str,
    given: str,
    number: str,
    nationality: str,
    birth: date,
    sex: str,
    expiry: date,
    optional: str = "",
) -> tuple[str, str]:
    from tipnet.identity.mrz.compose import compose_td3

    return compose_td3(
        issuing_state=issuing_state,
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=nationality,
        birth_date=birth,
        sex=sex,
        expiry_date=expiry,
        optional_data=optional,
    )


def _wrong_digit(rng: random.Random, digit: str) -> str:
    return str((int(digit) + rng.randrange(1, 10)) % 10) if digit.isdigit() else str(rng.randrange(10))


def genuine(
    issuer: Issuer,
    name: PersonName,
    nationality: str,
    birth: date,
    sex: str,
    issued: date,
    *,
    national_id: str = "",
) -> Passport:
    """A genuine passport issued on `issued` (valid 10 years, 5 for a minor)."""
    minor = add_years(birth, 18) > issued
    expiry = add_years(issued, MINOR_VALIDITY_YEARS if minor else ADULT_VALIDITY_YEARS) - timedelta(days=1)
    number = issuer.passport_number(nationality)
    surname, given = name.passport()
    # Thai passports carry the 13-digit national ID as the MRZ's personal number.
    optional = national_id if nationality == "THA" and len(national_id) <= 14 else ""
    l1, l2 = _compose(
        issuing_state=nationality,
        surname=surname,
        given=given,
        number=number,
        nationality=nationality,
        birth=birth,
        sex=sex,
        expiry=expiry,
        optional=optional,
    )
    return Passport(
        number,
        "P",
        nationality,
        nationality,
        surname,
        given,
        birth,
        sex,
        issued,
        expiry,
        f"{l1}\n{l2}",
        STATUS_GENUINE,
    )


def altered_birth(rng: random.Random, passport: Passport, new_birth: date) -> Passport:
    """The same booklet with its birth date changed (visual zone and MRZ; check digits left as they were)."""
    l1, l2 = passport.mrz.split("\n")
    l2 = l2[:13] + f"{new_birth.year % 100:02d}{new_birth.month:02d}{new_birth.day:02d}" + l2[19:]
    return Passport(
        passport.number,
        passport.document_type,
        passport.issuing_state,
        passport.nationality,
        passport.surname,
        passport.given_names,
        new_birth,
        passport.sex,
        passport.issued,
        passport.expiry,
        f"{l1}\n{l2}",
        STATUS_ALTERED,
    )


def forged(
    rng: random.Random,
    issuer: Issuer,
    alias: PersonName,
    nationality: str,
    birth: date,
    sex: str,
    issued: date,
    *,
    booklet_holder: PersonName,
) -> Passport:
    """A forged passport in an alias's name: a check digit wrong, or a reprinted data page.

    A reprinted data page shows the alias in the visual zone while the MRZ still carries the name of
    the stolen booklet's holder (`booklet_holder`): the MRZ is valid, the visual comparison is not.
    """
    expiry = add_years(issued, ADULT_VALIDITY_YEARS) - timedelta(days=1)
    number = issuer.passport_number(nationality)
    surname, given = alias.passport()
    wrong_check = rng.random() < FORGED_WRONG_CHECK
    mrz_surname, mrz_given = (surname, given) if wrong_check else booklet_holder.passport()
    l1, l2 = _compose(
        issuing_state=nationality,
        surname=mrz_surname,
        given=mrz_given,
        number=number,
        nationality=nationality,
        birth=birth,
        sex=sex,
        expiry=expiry,
    )
    if wrong_check:
        if rng.random() < 0.5:  # the document number's check digit
            l2 = l2[:9] + _wrong_digit(rng, l2[9]) + l2[10:]
        else:  # the composite check digit
            l2 = l2[:43] + _wrong_digit(rng, l2[43])
    return Passport(
        number,
        "P",
        nationality,
        nationality,
        surname,
        given,
        birth,
        sex,
        issued,
        expiry,
        f"{l1}\n{l2}",
        STATUS_FORGED,
    )


def emergency(
    issuer: Issuer, name: PersonName, nationality: str, birth: date, sex: str, issued: date
) -> Passport:
    """An emergency travel document for a repatriated victim whose passport the exploiters kept."""
    surname, given = name.passport()
    return Passport(
        issuer.emergency_document_number(nationality),
        "A",
        nationality,
        nationality,
        surname,
        given,
        birth,
        sex,
        issued,
        issued + timedelta(days=30),
        "",
        STATUS_GENUINE,
    )
