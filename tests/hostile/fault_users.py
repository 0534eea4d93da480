"""The users of the fault and load run (tests/hostile/fault_run.py): accounts at their screens, each
signed in and working through the API with httpx (async), and the record of every request they made."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

PASSWORD = "fault-run-password-long"
FIRST = ["Sok", "Dara", "Srey", "Mom", "Chan", "Vuthy", "Kim", "Lina", "Rith", "Sophea", "Nary", "Bopha"]
SECOND = ["Pich", "Sothea", "Rachana", "Vanna", "Kosal", "Leakena", "Malis", "Bunthoeun", "Chenda"]
NATIVE = ["សុខ", "ដារ៉ា", "ស្រី", "មុំ", "ចាន់", "វុទ្ធី", "គីម", "លីណា", "ពេជ្រ", "សុធា"]
TRAVELLERS = [
    {"name": "陈伟", "birth_date": "1980-02-03", "nationality": "CHN", "gender": "M"},
    {"name": "Nguyen Van Hung", "birth_date": "1975-11-20", "nationality": "VNM"},
    {"name": "Sok Pisey", "birth_date": "1991-04", "nationality": "KHM", "gender": "F"},
    {"name": "Lina Kosal", "birth_date": "1994-08-02", "nationality": "KHM"},
    {"name": "Somchai Saetang", "nationality": "THA"},
    {"name": "Maria Santos", "birth_date": "1988-01-15", "nationality": "PHL"},
]
ORGS = (("NGO-A", "NGO"), ("SHELTER-B", "NGO"), ("IMMIGRATION-C", "GovernmentAgency"))
# Who refers to whom: a case worker's cases go to the other NGO; a border officer's to NGO-A.
REFER_TO = {"NGO-A": "SHELTER-B", "SHELTER-B": "NGO-A", "IMMIGRATION-C": "NGO-A"}


def utc() -> datetime:
    """Now as the audit log stores it: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    org: str


# --- the users --------------------------------------------------------------------------------


@dataclass
class Call:
    """One request as the client saw it."""

    user: str
    kind: str
    t0: datetime  # naive UTC, before sending
    t1: datetime  # naive UTC, after the answer (or the failure)
    seconds: float
    status: int | None  # None: no answer
    failure: str | None = None  # refused | interrupted | timeout
    case_id: int | None = None
    detail: str = ""


@dataclass
class CaseSent:
    case_id: int
    user: str
    org: str
    victim: dict[str, Any]
    case_ref: str
    cp_id: int | None = None
    consented: bool = False
    referral: int | None = None
    accepted: bool = False


@dataclass
class Run:
    """What the users did and saw."""

    calls: list[Call] = field(default_factory=list)
    cases: dict[int, CaseSent] = field(default_factory=dict)
    lost_creates: list[tuple[str, str]] = field(default_factory=list)  # (user, case_ref) unanswered
    screenings: list[tuple[str, int]] = field(default_factory=list)  # (user, screening id)
    faults: list[tuple[float, str, str]] = field(default_factory=list)  # (at s, fault, outcome)
    referral_box: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    names: set[str] = field(default_factory=set)  # every victim name sent (to search the logs)
    window: float = 0.0
    until: float = 0.0  # monotonic end of the window (moved past a late fault)
    fault_windows: list[tuple[str, datetime, datetime]] = field(default_factory=list)


def _victim(rng: random.Random, run: Run) -> dict[str, Any]:
    first, second = rng.choice(FIRST), rng.choice(SECOND)
    # a made-up token makes every victim distinct, so a read-back cannot pass on another case's data
    tag = "".join(rng.choice("aeiou") + rng.choice("kmnprstv") for _ in range(3))
    second = f"{second}{tag}"
    run.names.add(f"{first} {second}")
    return {
        "role": "victim",
        "prs_FirstName": first,
        "prs_SecondName": second,
        "name_native": f"{rng.choice(NATIVE)} {rng.choice(NATIVE)}",
        "prs_Birthdate": f"{rng.randint(1975, 2007)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "prs_Gender": rng.choice(["Feminine", "Masculine"]),
        "prs_Citizenship": [rng.choice(["KHM", "THA", "VNM", "LAO", "MMR"])],
    }


class User:
    """One account at its screen: signs in, then works until the end of the window."""

    def __init__(self, acc: Account, base: str, run: Run, rng: random.Random, think: float) -> None:
        self.acc, self.base, self.run, self.rng, self.think = acc, base, run, rng, think
        self.client = httpx.AsyncClient(base_url=base, timeout=60)
        self.own: list[int] = []  # cases this user opened (acknowledged)
        self.seen: list[int] = []  # cases this user may read (own, accepted referrals)

    async def call(
        self, kind: str, method: str, url: str, *, case_id: int | None = None, **kw: Any
    ) -> httpx.Response | None:
        t0, p0 = utc(), time.perf_counter()
        failure, detail = None, ""
        resp: httpx.Response | None = None
        try:
            resp = await self.client.request(method, url, **kw)
        except httpx.ConnectError:
            failure = "refused"
        except httpx.TimeoutException:
            failure = "timeout"
        except httpx.TransportError as exc:
            failure, detail = "interrupted", type(exc).__name__
        call = Call(
            self.acc.name,
            kind,
            t0,
            utc(),
            time.perf_counter() - p0,
            resp.status_code if resp is not None else None,
            failure,
            case_id,
            detail,
        )
        if resp is not None and resp.status_code >= 300:
            call.detail = resp.text[:200]
        self.run.calls.append(call)
        if failure is not None:
            await asyncio.sleep(0.2)  # a restart window: come back shortly
        return resp

    async def sign_in(self, attempts: int = 20) -> bool:
        for _ in range(attempts):
            resp = await self.call(
                "sign_in", "POST", "/api/auth/token", data={"username": self.acc.name, "password": PASSWORD}
            )
            if resp is not None and resp.status_code == 200:
                self.client.headers["Authorization"] = f"Bearer {resp.json()['access_token']}"
                return True
            await asyncio.sleep(0.5)
        return False

    async def work(self) -> None:
        try:
            while time.monotonic() < self.run.until:
                await self.step()
                if self.think > 0:
                    await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
        finally:
            await self.client.aclose()

    async def step(self) -> None:
        pick = self.rng.random()
        role = self.acc.role
        if role == "border_officer":
            if pick < 0.55:
                await self.screen()
            elif pick < 0.7:
                await self.create()
            elif pick < 0.85:
                await self.read()
            else:
                await self.refer()
        elif role in ("analyst", "admin"):
            if pick < 0.5:
                await self.list_cases()
            elif role == "admin" and pick < 0.6:
                await self.call("audit_log", "GET", "/api/audit", params={"limit": 20})
            else:
                await self.read(any_case=True)
        else:  # case worker
            box = self.run.referral_box[self.acc.org]
            if box and pick < 0.3:
                await self.accept(box.pop(0))
            elif pick < 0.3:
                await self.create()
            elif pick < 0.55:
                await self.read()
            elif pick < 0.7:
                await self.list_cases(search=self.rng.random() < 0.4)
            elif pick < 0.85:
                await self.refer()
            else:
                await self.create()

    async def create(self) -> None:
        victim = _victim(self.rng, self.run)
        ref = f"FR-{uuid.uuid4().hex[:12].upper()}"
        resp = await self.call("create", "POST", "/api/cases", json={"case_ref": ref, "persons": [victim]})
        if resp is None:
            self.run.lost_creates.append((self.acc.name, ref))
        elif resp.status_code == 201:
            case_id = int(resp.json()["id"])
            self.run.calls[-1].case_id = case_id
            self.run.cases[case_id] = CaseSent(case_id, self.acc.name, self.acc.org, victim, ref)
            self.own.append(case_id)
            self.seen.append(case_id)

    def _pick_case(self, any_case: bool = False) -> int | None:
        if any_case:
            org_cases = [c.case_id for c in self.run.cases.values() if c.org == self.acc.org]
            pool = org_cases or self.seen
        else:
            pool = self.seen
        return self.rng.choice(pool) if pool else None

    async def read(self, any_case: bool = False) -> None:
        case_id = self._pick_case(any_case)
        if case_id is None:
            await self.list_cases()
            return
        resp = await self.call("read", "GET", f"/api/cases/{case_id}", case_id=case_id)
        if resp is not None and resp.status_code == 200:
            sent = self.run.cases.get(case_id)
            if sent is not None and sent.cp_id is None and sent.org == self.acc.org:
                sent.cp_id = int(resp.json()["persons"][0]["id"])

    async def list_cases(self, search: bool = False) -> None:
        if search:
            q = self.rng.choice(FIRST + NATIVE)
            await self.call("search", "GET", "/api/cases", params={"q": q, "limit": 20})
        else:
            await self.call("list", "GET", "/api/cases", params={"limit": 20})

    async def refer(self) -> None:
        """Consent to share, then a referral to the partner organisation, of one own case."""
        todo = [
            c for c in (self.run.cases[i] for i in self.own) if c.referral is None and c.user == self.acc.name
        ]
        if not todo:
            await self.create()
            return
        case = self.rng.choice(todo)
        if case.cp_id is None:
            resp = await self.call("read", "GET", f"/api/cases/{case.case_id}", case_id=case.case_id)
            if resp is None or resp.status_code != 200:
                return
            case.cp_id = int(resp.json()["persons"][0]["id"])
        if not case.consented:
            resp = await self.call(
                "consent",
                "POST",
                f"/api/cases/{case.case_id}/persons/{case.cp_id}/consents",
                json={"con_Consent": True, "scope": "sharing"},
                case_id=case.case_id,
            )
            if resp is None or resp.status_code != 201:
                return
            case.consented = True
        to = REFER_TO[self.acc.org]
        resp = await self.call(
            "refer", "POST", f"/api/cases/{case.case_id}/referrals", json={"org": to}, case_id=case.case_id
        )
        if resp is not None and resp.status_code == 201:
            case.referral = int(resp.json()["id"])
            self.run.referral_box[to].append((case.referral, case.case_id))

    async def accept(self, item: tuple[int, int]) -> None:
        referral, case_id = item
        resp = await self.call(
            "accept", "PATCH", f"/api/referrals/{referral}", json={"status": "accepted"}, case_id=case_id
        )
        if resp is not None and resp.status_code == 200:
            self.run.cases[case_id].accepted = True
            self.seen.append(case_id)
            await self.call("read", "GET", f"/api/cases/{case_id}", case_id=case_id)
        elif resp is None:
            self.run.referral_box[self.acc.org].append(item)  # try again later

    async def screen(self) -> None:
        if self.rng.random() < 0.8:
            body = dict(self.rng.choice(TRAVELLERS))
            resp = await self.call("screen", "POST", "/api/screen", json=body)
            if resp is not None and resp.status_code == 200:
                self.run.screenings.append((self.acc.name, int(resp.json()["screening_id"])))
        else:
            travellers = [dict(t, id=f"seat-{n}") for n, t in enumerate(self.rng.sample(TRAVELLERS, 4))]
            resp = await self.call(
                "screen_batch", "POST", "/api/screen/batch", json={"travellers": travellers}
            )
            if resp is not None and resp.status_code == 200:
                for r in resp.json()["results"]:
                    self.run.screenings.append((self.acc.name, int(r["screening_id"])))
