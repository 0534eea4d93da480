"""A trafficking network and its victims' journeys, as data: built by `networks`, paid by `flows`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tipnet.sim.adverts import AdvertRef
from tipnet.sim.documents import Passport
from tipnet.sim.geography import Place
from tipnet.sim.kinds import Kind
from tipnet.sim.people import Person


@dataclass
class Journey:
    """One victim's path through the network."""

    victim: Person
    origin: str
    recruited: date
    relationship: str
    method: str
    app: str
    family: Person | None = None
    arrived: date | None = None
    site: Place | None = None
    outcome: str = "held"  # held | rescued | escaped
    freed: date | None = None
    passport: Passport | None = None
    sex_type: str = ""


@dataclass
class Network:
    nid: str
    kind: Kind
    destination: str
    origins: list[str]
    start: date
    end: date
    members: list[Person] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)
    adverts: dict[str, list[AdvertRef]] = field(default_factory=dict)
    families: list[Person] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)  # origins, transit and destination

    def role(self, name: str) -> list[Person]:
        return [m for m in self.members if m.network_role == name]

    def recruiter_for(self, origin: str) -> Person | None:
        found = [m for m in self.role("recruiter") if m.nationality == origin]
        return found[0] if found else None
