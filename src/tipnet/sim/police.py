"""Police case records: victims, suspects and witnesses, with suspects' legal stages and verdicts.

Each rescue operation opens a case at the police of the country where the victims are found; some
victims' complaints open a second case at home against their recruiter. Suspects' proceedings move on
with time: investigation, prosecution, trial, then a verdict. The share of closed cases ending in a
conviction is the ratio of convictions to prosecutions in the US TIP Report 2023 (year 2022: 5,577 of
15,159); the number of suspects per rescued victim follows its ratio of prosecutions to victims
identified (15,159 to 115,324). Stage durations and sentences are SCENARIO assumptions.
"""

from __future__ import annotations

import random
from datetime import date

from tipnet.sim.context import Ctx
from tipnet.sim.distort import police_name
from tipnet.sim.documents import Passport
from tipnet.sim.figures import CONVICTION_RATE
from tipnet.sim.orgs import Org
from tipnet.sim.people import ROLE_IN_PROCESS, Person
from tipnet.sim.phonebook import write_phone

# Days from the report to each next stage (SCENARIO).
STAGE_DAYS = (("Investigation", 0), ("Prosecution", 90), ("Trial", 270), ("Closed", 540))
BIRTH_FULL, BIRTH_YEAR = 0.6, 0.25  # else unknown (an estimated age is not a birth date)
DOCUMENT_KNOWN = 0.45  # victims' passports are often held by the exploiters
NATIVE_ADDRESS = 0.5


def proceedings(rng: random.Random, report: date, as_of: date) -> tuple[str, str, str]:
    """(legal_stage, verdict, sentence_months) of a suspect reported on `report`, as of `as_of`."""
    elapsed = (as_of - report).days + rng.randint(-60, 60)
    stage = "Investigation"
    for name, days in STAGE_DAYS:
        if elapsed >= days:
            stage = name
    if stage != "Closed":
        return stage, "", ""
    r = rng.random()
    if r < CONVICTION_RATE:
        return stage, "Convicted", str(rng.choice((24, 36, 60, 84, 120, 144, 180, 240)))
    return stage, ("Acquitted" if r < CONVICTION_RATE + (1 - CONVICTION_RATE) * 0.4 else "Dismissed"), ""


def write(
    ctx: Ctx,
    rng: random.Random,
    org: Org,
    case_ref: str,
    role: str,
    person: Person,
    report: date,
    *,
    passport: Passport | None = None,
    exploitation: str = "",
    location: str = "",
    stage: tuple[str, str, str] = ("", "", ""),
    phone: str = "",
    phone_country: str = "",
) -> str:
    """One person of a police case; returns the record id."""
    use_alias = role == "Suspect" and person.alias is not None and rng.random() < 0.5
    name = person.alias if use_alias and person.alias else person.name
    full, native = police_name(rng, name, person.sex, own_country=person.nationality == org.country)
    birth = person.forged.birth if use_alias and person.forged else person.birth
    r = rng.random()
    birth_text = (
        birth.isoformat() if r < BIRTH_FULL else str(birth.year) if r < BIRTH_FULL + BIRTH_YEAR else ""
    )
    document = ""
    doc = person.forged if use_alias and person.forged else passport
    if doc is not None and rng.random() < DOCUMENT_KNOWN:
        document = doc.number
        person.show(doc)
    elif person.national_id and person.nationality == org.country and rng.random() < 0.5:
        document = person.national_id
    number, country = (phone, phone_country) if phone else (person.phone, person.nationality)
    phone_text = write_phone(rng, number, country, recorder_country=org.country) if rng.random() < 0.8 else ""
    at_home = person.nationality == org.country
    address = person.home.native() if at_home and rng.random() < NATIVE_ADDRESS else person.home.latin()
    rid = ctx.issuer.record_id(org.code, "PR")
    ctx.out.write(
        "police",
        (
            rid,
            org.code,
            case_ref,
            role,
            full,
            native,
            birth_text,
            person.gender,
            person.nationality if rng.random() < 0.95 else "",
            document,
            phone_text,
            address if rng.random() < 0.7 else "",
            report.isoformat(),
            exploitation if role == "Victim" else "",
            location if role == "Victim" else "",
            ROLE_IN_PROCESS.get(person.network_role, "") if role == "Suspect" else "",
            *stage,
        ),
    )
    ctx.record("police", org.code, rid, person.pid)
    return rid
