"""Simulated people: who they truly are (the truth file `persons`) and what they carry.

Ages, sexes and households are SCENARIO assumptions for ordinary people; victims' sex and age follow
CTDC (see tipnet.sim.figures).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tipnet.sim.context import Ctx, add_years
from tipnet.sim.documents import Passport
from tipnet.sim.geography import Home, draw_home
from tipnet.sim.names import PersonName, draw_name

GENDER = {"F": "Feminine", "M": "Masculine"}
ROLE_IN_PROCESS = {
    "recruiter": "RecruiterOrIntermediary",
    "broker": "BrokerTravelAgent",
    "transporter": "Transporter",
    "exploiter": "Exploiter",
    "money_mule": "Other",
}


@dataclass(slots=True)
class Account:
    number: str
    bank: str  # organisation code
    currency: str
    holder: str  # person id
    opened: date


@dataclass(slots=True, eq=False)
class Person:
    pid: str
    nationality: str
    sex: str  # F | M, as in the passport
    gender: str  # HTCDS prs_Gender
    birth: date
    name: PersonName
    home: Home
    phone: str  # E.164, the number they had at home
    national_id: str
    kind: str = "ordinary"  # ordinary | victim | trafficker
    network_id: str = ""
    network_role: str = ""
    exploitation_type: str = ""
    industry: str = ""
    advert_id: str = ""
    phone2: str = ""  # a later or foreign SIM (a victim's number in the compound)
    phone2_country: str = ""
    passports: list[Passport] = field(default_factory=list)
    used: dict[str, Passport] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)
    alias: PersonName | None = None  # a trafficker's alias (on a forged passport)
    forged: Passport | None = None

    def show(self, passport: Passport) -> None:
        """Remember a document this person presented (for truth/documents.csv); tampering wins."""
        key = f"{passport.issuing_state}:{passport.number}"
        if key not in self.used or passport.status != "genuine":
            self.used[key] = passport

    def age_on(self, d: date) -> int:
        return d.year - self.birth.year - ((d.month, d.day) < (self.birth.month, self.birth.day))

    def truth_row(self) -> tuple[str, ...]:
        return (
            self.pid,
            self.nationality,
            self.gender,
            self.birth.isoformat(),
            self.name.latin(),
            self.name.native(),
            "true" if self.kind == "victim" else "false",
            "true" if self.kind == "trafficker" else "false",
            self.network_id,
            self.network_role,
            self.exploitation_type,
            self.industry,
            self.advert_id,
        )


def birth_for_age(rng: random.Random, as_of: date, age: int) -> date:
    """A birth date making someone `age` on `as_of`."""
    latest = add_years(as_of, -age)
    return latest - timedelta(days=rng.randrange(365))


def make_person(
    ctx: Ctx,
    rng: random.Random,
    nationality: str,
    sex: str,
    age: int,
    *,
    kind: str = "ordinary",
    household: Person | None = None,
    share_family_name: bool = False,
    birth: date | None = None,
) -> Person:
    """A new person; with `household`, living at the same address (and maybe sharing the family name)."""
    birth = birth or birth_for_age(rng, ctx.as_of, age)
    name = draw_name(
        rng,
        nationality,
        sex,
        family=household.name.family if household else None,
        keep_family=share_family_name and household is not None,
    )
    home = household.home if household else draw_home(rng, nationality)
    return Person(
        pid=ctx.new_pid(),
        nationality=nationality,
        sex=sex,
        gender=GENDER[sex],
        birth=birth,
        name=name,
        home=home,
        phone=ctx.phones.issue(nationality),
        national_id=ctx.issuer.national_id(nationality, birth, sex, rng),
        kind=kind,
    )


def adult_age(rng: random.Random, low: int = 18, high: int = 70) -> int:
    """SCENARIO: working-age adults, more of them young."""
    return min(high, low + int(rng.expovariate(1 / 14)))
