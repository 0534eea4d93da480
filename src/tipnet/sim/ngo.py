"""NGO and shelter case files in HTCDS v2.0 field names, with referrals between organisations.

A rescued victim is usually assisted where they were found and referred to an organisation at home,
which opens its own case file on the same person: two records, two case ids, two spellings of the
name. NGOs also screen migrants who turn out not to be victims (NotAVictimOfTrafficking). Field
shares are SCENARIO assumptions; the codes are HTCDS picklist values.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from tipnet.sim.context import Ctx
from tipnet.sim.distort import ngo_name
from tipnet.sim.geography import LANGUAGE
from tipnet.sim.orgs import Org
from tipnet.sim.people import Person
from tipnet.sim.phonebook import write_phone

CONSENT_GIVEN = 0.9
ACTUAL_VICTIM = 0.7  # status decided; else still a possible victim
CONTROL_METHODS = {
    "scam_compound": (
        "PhysicalThreats",
        "DebtBondage",
        "FalsePromises",
        "PhysicalAbuse",
        "WithholdsDocuments",
        "ExcessiveWorkingHours",
        "RestrictsFinancialAccess",
        "TakesEarnings",
        "PsychologicalAbuse",
    ),
    "fishing": (
        "DebtBondage",
        "WithholdsDocuments",
        "ExcessiveWorkingHours",
        "PhysicalAbuse",
        "TakesEarnings",
        "WithholdsNecessities",
    ),
    "construction": (
        "DebtBondage",
        "WithholdsDocuments",
        "ExcessiveWorkingHours",
        "TakesEarnings",
        "ThreatsLawEnforcement",
    ),
    "domestic_work": (
        "WithholdsDocuments",
        "ExcessiveWorkingHours",
        "PsychologicalAbuse",
        "RestrictsMedicalCare",
        "TakesEarnings",
        "PhysicalAbuse",
    ),
    "sexual_exploitation": (
        "SexualAbuse",
        "DebtBondage",
        "PsychoactiveSubstance",
        "ThreatensChildrenFamily",
        "PhysicalThreats",
        "WithholdsDocuments",
    ),
    "forced_marriage": ("SexualAbuse", "PsychologicalAbuse", "WithholdsDocuments", "ThreatensChildrenFamily"),
}
SUPPORT = {
    "SexualExploitation": ("SexualExploitationRehabilitation", "Health", "Legal", "SocialCare", "Livelihood"),
    "ForcedLabour": (
        "LabourExploitationRehabilitation",
        "Health",
        "Legal",
        "Financial",
        "Livelihood",
        "Education",
    ),
    "ForcedMarriage": ("SocialCare", "Health", "Legal", "Livelihood"),
}


@dataclass(slots=True)
class VictimStory:
    """What a case file says about how the person was trafficked."""

    kind: str
    exploitation: str
    industry: str
    sex_type: str
    relationship: str
    recruitment: str  # vic_MethodOfRecruitment
    recruitment_app: str  # vic_RecruitmentWebsitesAndApps
    origin: str
    destination: str
    recruited: date
    age_when_trafficked: int


def write(
    ctx: Ctx,
    rng: random.Random,
    org: Org,
    person: Person,
    opened: date,
    story: VictimStory | None,
    *,
    referred_from: Org | None = None,
    referred_on: date | None = None,
    referred_to: Org | None = None,
    referred_out_on: date | None = None,
    passport_number: str = "",
) -> str:
    """One case file; `story` None for a migrant screened and found not to be a victim."""
    first, second, native = ngo_name(rng, person.name)
    r = rng.random()
    birth = (
        person.birth.isoformat()
        if r < 0.7
        else str(person.birth.year)
        if r < 0.9
        else person.birth.strftime("%Y-%m")
    )
    r = rng.random()
    identity = person.national_id if r < 0.4 else passport_number if r < 0.6 else ""
    phone, country = (
        (person.phone2, person.phone2_country)
        if person.phone2 and rng.random() < 0.4
        else (person.phone, person.nationality)
    )
    elapsed = (ctx.as_of - opened).days
    if referred_to is not None:
        status = "ClosedReferred"
    else:
        status = "Active" if elapsed < 180 else "FollowUp" if elapsed < 540 else "Closed"
    case_id = f"{org.code.split('-')[-1]}-{opened.year}-{ctx.issuer.record_id(org.code, 'case')[-5:]}"
    rid = ctx.issuer.record_id(org.code, "CF")
    if story is None:
        vic: tuple[str, ...] = ("NotAVictimOfTrafficking", "NGO", *("",) * 15)
        plans = "SocialCare" if rng.random() < 0.5 else ""
    else:
        controls = CONTROL_METHODS[story.kind]
        methods = rng.sample(controls, k=min(len(controls), rng.randint(1, 4)))
        recruit_date = (
            story.recruited.isoformat() if rng.random() < 0.6 else story.recruited.strftime("%Y-%m")
        )
        vic = (
            "ActualVictimOfTrafficking" if rng.random() < ACTUAL_VICTIM else "PossibleVictimOfTrafficking",
            rng.choice(("NGO", "Police", "NonPoliceGovernmentalOrganization")),
            story.relationship,
            str(story.age_when_trafficked),
            story.recruitment,
            story.recruitment_app,
            ";".join(methods),
            story.exploitation,
            story.industry,
            story.sex_type,
            story.destination,
            story.origin,
            recruit_date,
            story.destination,
        )
        support = SUPPORT.get(story.exploitation, SUPPORT["ForcedLabour"])
        plans = ";".join(rng.sample(support, k=rng.randint(1, 3)))
    ctx.out.write(
        "ngo",
        (
            rid,
            org.code,
            case_id,
            status,
            first,
            second,
            native,
            birth,
            person.gender,
            person.nationality,
            identity,
            write_phone(rng, phone, country, recorder_country=org.country) if rng.random() < 0.7 else "",
            LANGUAGE.get(person.nationality, "en"),
            *vic[:14],
            referred_from.code if referred_from else "",
            referred_on.isoformat() if referred_from and referred_on else "",
            referred_to.code if referred_to else "",
            referred_out_on.isoformat() if referred_to and referred_out_on else "",
            plans,
            "true" if rng.random() < CONSENT_GIVEN else "false",
        ),
    )
    ctx.record("ngo", org.code, rid, person.pid)
    return rid
