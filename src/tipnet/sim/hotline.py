"""Hotline reports: a family member calling about a relative abroad, a villager about a recruiter.

The subject is known only as the caller knows them: a nickname, a given name, a phone number (often
the new number the victim messaged from). Narratives are written in the caller's language.
"""

from __future__ import annotations

import random
from datetime import date

from tipnet.sim.context import Ctx, at_time, stamp
from tipnet.sim.distort import hotline_name
from tipnet.sim.geography import Place
from tipnet.sim.orgs import Org
from tipnet.sim.people import Person
from tipnet.sim.phonebook import write_phone
from tipnet.sim.texts import COUNTRY_NAMES, NARRATIVES

NATIVE_SCRIPT_LANGUAGES = {"km", "th", "lo", "my", "zh"}
SCRIPT_COUNTRY = {"km": "KHM", "th": "THA", "lo": "LAO", "my": "MMR", "zh": "CHN"}
# How a narrative refers to a subject whose name the caller did not give.
UNNAMED = {
    "km": "កូន",
    "th": "ลูก",
    "lo": "ລູກ",
    "my": "သူ",
    "zh": "孩子",
    "vi": "(không rõ tên)",
    "id": "(tanpa nama)",
    "tl": "(walang pangalan)",
    "en": "(no name given)",
}
CHANNELS = {
    "km": ("Phone", "Phone", "Facebook", "Telegram"),
    "th": ("Phone", "Phone", "Line", "Facebook"),
    "tl": ("Phone", "Facebook", "Facebook", "WhatsApp"),
}
EXPLOITATION_OF = {
    "forced_labour": "ForcedLabour",
    "sexual": "SexualExploitation",
    "missing": "",
    "recruiter": "",
}


def write(
    ctx: Ctx,
    rng: random.Random,
    org: Org,
    when: date,
    *,
    subject: Person,
    template: str,
    language: str,
    caller_phone: str,
    caller_country: str,
    subject_phone: str = "",
    subject_phone_country: str = "",
    place: Place | None = None,
    country: str = "",
    months: int = 1,
    amount: str = "",
) -> str:
    name = hotline_name(rng, subject.name, subject.sex, native_script=language in NATIVE_SCRIPT_LANGUAGES)
    local = place is not None and SCRIPT_COUNTRY.get(language) == place.country and rng.random() < 0.6
    location = (place.native if local else place.latin) if place is not None else ""
    shown = name or UNNAMED[language]
    said = location or COUNTRY_NAMES[language].get(country or subject.nationality, "")
    narrative = NARRATIVES[language][template].format(
        name=shown, location=said, months=months, amount=amount or "$3,000"
    )
    rid = ctx.issuer.record_id(org.code, "HL")
    ctx.out.write(
        "hotline",
        (
            rid,
            org.code,
            stamp(at_time(rng, when, night=True)),
            rng.choice(CHANNELS.get(language, ("Phone", "Facebook", "WhatsApp", "Telegram"))),
            language,
            write_phone(rng, caller_phone, caller_country, recorder_country=org.country)
            if caller_phone
            else "",
            name,
            write_phone(rng, subject_phone, subject_phone_country, recorder_country=org.country)
            if subject_phone
            else "",
            subject.nationality if rng.random() < 0.7 else "",
            location,
            EXPLOITATION_OF[template] if rng.random() < 0.8 else "",
            narrative,
        ),
    )
    ctx.record("hotline", org.code, rid, subject.pid)
    return rid
