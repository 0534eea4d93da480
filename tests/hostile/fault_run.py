"""The fault and load run of issue 14, shared by `bench/bench_fault_load.py` and the hostile test.

`tipnet serve` runs for real (a subprocess: the CLI, uvicorn, its workers) on a store made for the run
(SQLite, or a database of a throwaway PostgreSQL); accounts of several organisations and roles work it
concurrently (httpx, async) for a fixed time: case workers open cases with victims, read them, record
consent and refer them to another organisation, whose case workers accept the referral and read the
case; border officers screen travellers against a watchlist and open cases; analysts read without
identities. Meanwhile faults are injected on a schedule: `tipnet keys rotate`, SIGKILL of a worker (of
the server itself when it has one process), a restart (SIGTERM, then `tipnet serve` again) and
`tipnet keys reseal --retire`.

Then the promises are checked, from the clients' record of every request and from the store:

- no answer is a 5xx; any other non-2xx answer is reported too;
- every 2xx read of victim data (a case, the case list, a search) has its audit event, of the same
  account and object, stamped within the request's time (one event per read);
- every acknowledged write reads back after the run: each 201 case with the victim it was sent with,
  each acknowledged consent, referral and acceptance;
- nothing is half-written: every case in the store has its persons, their sealed identities open, its
  creation audited; a create whose answer was lost to a fault either landed whole or not at all;
- every 2xx screening is in the screening log under its officer;
- `tipnet audit verify` passes; after the re-seal no record is under a version other than the current;
- the server's log holds no victim name and no traceback.

Requests that meet a restart window may fail to connect: counted apart ("refused": never sent;
"interrupted": the connection died with the request in flight), never as answers. Nothing here leaves
127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, func, select, text
from tests.pg import PgServer

PASSWORD = "fault-run-password-long"
FIRST = ["Sok", "Dara", "Srey", "Mom", "Chan", "Vuthy", "Kim", "Lina", "Rith", "Sophea", "Nary", "Bopha"]
SECOND = ["Pich", "Sothea", "Rachana", "Vanna", "Kosal", "Leakena", "Malis", "Bunthoeun", "Chenda"]
NATIVE = ["សុខ", "ដារ៉ា", "ស្រី", "មុំ", "ចាន់", "វុទ្ធី", "គីម", "លីណា", "ពេជ្រ", "សុធា"]
WATCHLIST = (
    "id,name,aliases,birth_date,nationality,gender,document_number,topics\n"
    "T1,Chen Wei,陈伟;Tan Wei,1980-02-03,CN,male,E12345678,crime.traffick.human\n"
    "T2,Sok Pisey,សុខ ពិសី,1991-04,KHM,F,,wanted\n"
    "T3,Nguyen Van Hung,Nguyễn Văn Hùng,1975-11-20,VN,male,C7654321,crime.traffick.human\n"
    "T4,Somchai Saetang,สมชาย แซ่ตั้ง,1969,TH,male,,wanted\n"
)
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
# A user's role and organisation by its number: 4 of 10 case workers of NGO-A, 3 of SHELTER-B, 2 border
# officers, 1 analyst (every second one an admin instead).
_ROLE_CYCLE = (
    ("case_worker", "NGO-A"),
    ("case_worker", "SHELTER-B"),
    ("border_officer", "IMMIGRATION-C"),
    ("case_worker", "NGO-A"),
    ("case_worker", "SHELTER-B"),
    ("analyst", "NGO-A"),
    ("case_worker", "NGO-A"),
    ("border_officer", "IMMIGRATION-C"),
    ("case_worker", "SHELTER-B"),
    ("case_worker", "NGO-A"),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _utc() -> datetime:
    """Now as the audit log stores it: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def tipnet_command(*args: str) -> list[str]:
    """The CLI of this tree run by this interpreter (PYTHONPATH decides which tipnet)."""
    return [sys.executable, "-c", "from tipnet.cli import app; app()", *args]


# --- the store --------------------------------------------------------------------------------


@dataclass
class Store:
    kind: str  # sqlite | postgres
    url: str
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def env(self) -> dict[str, str]:
        import tipnet

        # the server and the CLI run the tipnet this process imported
        src = str(Path(tipnet.__file__).resolve().parents[1])
        path = os.pathsep.join([src, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
        return {
            **os.environ,
            "PYTHONPATH": path,
            "TIPNET_DATABASE_URL": self.url,
            "TIPNET_DATA_DIR": str(self.data_dir),
            "TIPNET_KEY_FILE": str(self.data_dir / "keys" / "tipnet-keys.json"),
            "PYTHONUNBUFFERED": "1",
        }

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            tipnet_command(*args), env=self.env(), capture_output=True, text=True, timeout=timeout
        )


def make_store(kind: str, root: Path, pg: PgServer | None = None) -> Store:
    """An empty store migrated by `tipnet db upgrade` (which creates its key file)."""
    root.mkdir(parents=True, exist_ok=True)
    if kind == "postgres":
        if pg is None:
            raise ValueError("a PostgreSQL store needs the server")
        name = f"fault_{uuid.uuid4().hex[:10]}"
        admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = pg.url(name)
    else:
        url = f"sqlite:///{root / 'store.db'}"
    store = Store(kind, url, root)
    done = store.cli("db", "upgrade")
    if done.returncode != 0:
        raise RuntimeError(f"tipnet db upgrade failed: {done.stderr[-2000:]}")
    return store


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    org: str


def populate(store: Store, users: int) -> list[Account]:
    """Organisations, `users` accounts of several roles, and a watchlist to screen against."""
    from tipnet.ingest.watchlists import load_watchlist
    from tipnet.security.users import create_user
    from tipnet.store.engine import make_engine, session_scope
    from tipnet.store.tables.sources import Organisation

    accounts = [Account(f"u{i:03d}", *_ROLE_CYCLE[i % len(_ROLE_CYCLE)]) for i in range(users)]
    for i, acc in enumerate(accounts):
        if acc.role == "analyst" and (i // len(_ROLE_CYCLE)) % 2:
            accounts[i] = Account(acc.name, "admin", acc.org)
    engine = make_engine(store.url)
    try:
        with session_scope(engine) as session:
            session.add_all([Organisation(code=c, org_Name=c.title(), org_Type=t) for c, t in ORGS])
            session.flush()
            for acc in accounts:
                create_user(session, acc.name, PASSWORD, acc.role, acc.org)
        path = store.root / "watchlist.csv"
        path.write_text(WATCHLIST, encoding="utf-8")
        load_watchlist(engine, "traffickers", path, rejects_path=store.root / "watchlist-rejects.csv")
    finally:
        engine.dispose()
    return accounts


# --- the server -------------------------------------------------------------------------------


class Server:
    """`tipnet serve` as an operator runs it, in a process group of its own; its output appended to
    `log`."""

    def __init__(self, store: Store, workers: int, log: Path, port: int | None = None) -> None:
        self.store, self.workers, self.log = store, workers, log
        self.port = port or _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> float:
        """Start and wait until it answers; returns the seconds it took."""
        t0 = time.monotonic()
        out = self.log.open("ab")
        args = ("serve", "--port", str(self.port), "--workers", str(self.workers))
        self.proc = subprocess.Popen(
            tipnet_command(*args), env=self.store.env(), stdout=out, stderr=out, start_new_session=True
        )
        out.close()
        self.starts += 1
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tipnet serve exited with {self.proc.returncode}; see {self.log}")
            try:
                httpx.get(f"{self.base}/api/openapi.json", timeout=2)  # 401 when up: any answer will do
                return time.monotonic() - t0
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"tipnet serve did not answer within {timeout} s; see {self.log}")

    def workers_pids(self) -> list[int]:
        """The worker processes (uvicorn's multiprocessing children), or the server itself."""
        if self.proc is None:
            return []
        pids = []
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        except OSError:
            children = []
        for child in children:
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                pids.append(int(child))
        return pids or [self.proc.pid]

    def kill_worker(self) -> int | None:
        """SIGKILL one worker; with a single process that is the server, which is then started again
        (a crash followed by the operator's restart)."""
        if self.proc is None:
            return None
        pids = self.workers_pids()
        victim = pids[0]
        os.kill(victim, signal.SIGKILL)
        if victim == self.proc.pid:
            self.proc.wait(timeout=30)
            self._kill_group()
            self.start()
            return victim
        # uvicorn's supervisor replaces the worker; wait for it to be there
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = self.workers_pids()
            if victim not in now and len(now) >= len(pids):
                break
            time.sleep(0.1)
        return victim

    def restart(self) -> tuple[float, float]:
        """SIGTERM (uvicorn finishes requests in flight), then start again; returns the seconds the
        old server took to stop and the new one to answer."""
        t0 = time.monotonic()
        self.stop()
        stopped = time.monotonic() - t0
        return stopped, self.start()

    def stop(self, timeout: float = 60) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._kill_group()
            self.proc.wait(timeout=30)
        self._kill_group()

    def _kill_group(self) -> None:
        """Whatever is left of the server's process group (orphaned workers)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)


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
        t0, p0 = _utc(), time.perf_counter()
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
            _utc(),
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


Fault = tuple[float, str]  # (fraction of the window, "rotate" | "kill" | "restart" | "reseal")


async def _drive(
    accounts: list[Account],
    server: Server,
    store: Store,
    seconds: float,
    think: float,
    faults: list[Fault],
    run: Run,
    seed: int,
) -> None:
    users = [User(acc, server.base, run, random.Random(seed + n), think) for n, acc in enumerate(accounts)]
    signed = await asyncio.gather(*(u.sign_in() for u in users))
    if not all(signed):
        raise RuntimeError(f"{signed.count(False)} users could not sign in")
    run.calls.clear()  # the window starts now
    t0 = time.monotonic()
    run.until = t0 + seconds
    tasks = [asyncio.create_task(u.work()) for u in users]
    loop = asyncio.get_running_loop()
    for at, fault in sorted(faults):
        delay = t0 + at * seconds - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        when, began = time.monotonic() - t0, _utc()
        run.until = float("inf")  # the users work through the fault, whatever its length
        outcome = await loop.run_in_executor(None, _inject, fault, server, store)
        run.faults.append((round(when, 1), fault, outcome))
        run.fault_windows.append((fault, began, _utc()))
        # and go on after it, even when it ran past the window's end
        run.until = max(t0 + seconds, time.monotonic() + max(2.0, 0.1 * seconds))
    await asyncio.gather(*tasks)
    run.window = time.monotonic() - t0


def _inject(fault: str, server: Server, store: Store) -> str:
    t0 = time.monotonic()
    if fault == "rotate":
        done = store.cli("keys", "rotate")
        return f"exit {done.returncode} in {time.monotonic() - t0:.1f} s: {_last_line(done)}"
    if fault == "reseal":
        done = store.cli("keys", "reseal", "--retire")
        return f"exit {done.returncode} in {time.monotonic() - t0:.1f} s: {_last_line(done)}"
    if fault == "kill":
        single = server.workers_pids() == [server.proc.pid if server.proc else -1]
        server.kill_worker()
        what = "the server (one process), started again" if single else "a worker, replaced by uvicorn"
        return f"SIGKILL {what}: answering again after {time.monotonic() - t0:.1f} s"

    if fault == "restart":
        stopped, started = server.restart()
        return f"SIGTERM: stopped in {stopped:.1f} s; `tipnet serve` again: answering after {started:.1f} s"
    raise ValueError(f"unknown fault {fault!r}")


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return " ".join(lines[-1].split())[:160] if lines else ""


# --- the checks -------------------------------------------------------------------------------


@dataclass
class Verdict:
    store: str
    users: int
    workers: int
    seconds: float
    window: float
    calls: list[Call]
    faults: list[tuple[float, str, str]]
    fault_windows: list[tuple[str, datetime, datetime]] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)  # name -> what was found
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def answered(self) -> list[Call]:
        return [c for c in self.calls if c.status is not None]

    def latencies(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = defaultdict(list)
        for c in self.answered():
            out[c.kind].append(c.seconds)
            out["all"].append(c.seconds)
        return out

    def table(self) -> str:
        lines = [
            "| action | answered | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lat = self.latencies()
        for kind in (
            "all",
            "create",
            "read",
            "list",
            "search",
            "consent",
            "refer",
            "accept",
            "screen",
            "screen_batch",
            "audit_log",
        ):
            values = sorted(lat.get(kind, []))
            if values:
                lines.append(
                    f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
                    f"{_pct(values, 0.95):.0f} | {_pct(values, 0.99):.0f} | {values[-1] * 1000:.0f} |"
                )
        return "\n".join(lines)

    def summary(self) -> str:
        statuses = Counter(c.status for c in self.answered())
        failures = Counter(c.failure for c in self.calls if c.failure)
        n = len(self.answered())
        head = (
            f"{self.store}: {self.users} users, {self.workers} worker(s), {self.window:.0f} s: "
            f"{n} answers ({n / max(self.window, 1e-9):.1f}/s), statuses {dict(sorted(statuses.items()))}, "
            f"no answer {dict(failures)}"
        )
        faults = "\n".join(f"  at {at:5.1f} s  {f}: {outcome}" for at, f, outcome in self.faults)
        checks = "\n".join(
            f"  {'FAIL' if name in self._failed() else 'ok  '} {name}: {found}"
            for name, found in self.checks.items()
        )
        return f"{head}\nfaults:\n{faults}\nchecks:\n{checks}" + (
            "\nproblems:\n" + "\n".join(f"  {p}" for p in self.problems[:30]) if self.problems else ""
        )

    def _failed(self) -> set[str]:
        return {p.split(":", 1)[0] for p in self.problems}

    def fail(self, check: str, what: str) -> None:
        self.problems.append(f"{check}: {what}")


def _pct(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _match_audit(
    reads: list[Call], events: list[tuple[str, str, str | None, datetime]], slack: timedelta
) -> list[Call]:
    """The 2xx reads without their own audit event: same account, object and (for a case) id, stamped
    between the request's send and its answer. Each event serves one read; an account's requests are
    sequential, so its windows do not overlap."""
    by_key: dict[tuple[str, str, str | None], list[datetime]] = defaultdict(list)
    for actor, object_type, object_id, at in events:
        by_key[(actor, object_type, object_id)].append(at)
    for ats in by_key.values():
        ats.sort()
    unaudited = []
    for call in sorted(reads, key=lambda c: c.t0):
        key = (
            (call.user, "case", str(call.case_id)) if call.kind == "read" else (call.user, "case_list", None)
        )
        ats = by_key.get(key, [])
        hit = next((i for i, at in enumerate(ats) if call.t0 - slack <= at <= call.t1 + slack), None)
        if hit is None:
            unaudited.append(call)
        else:
            ats.pop(hit)
    return unaudited


async def _read_back(base: str, run: Run, accounts: list[Account]) -> list[str]:
    """Every acknowledged case read back by its creator: the victim as sent, the consent, the
    referral and its acceptance."""
    problems: list[str] = []
    by_user: dict[str, list[CaseSent]] = defaultdict(list)
    for case in run.cases.values():
        by_user[case.user].append(case)
    sem = asyncio.Semaphore(8)

    async def one(user: str, cases: list[CaseSent]) -> None:
        async with sem, httpx.AsyncClient(base_url=base, timeout=60) as client:
            resp = await client.post("/api/auth/token", data={"username": user, "password": PASSWORD})
            if resp.status_code != 200:
                problems.append(f"{user} cannot sign in for the read-back: {resp.status_code}")
                return
            client.headers["Authorization"] = f"Bearer {resp.json()['access_token']}"
            for case in cases:
                got = await client.get(f"/api/cases/{case.case_id}")
                if got.status_code != 200:
                    problems.append(f"case {case.case_id} (201 to {user}) reads back {got.status_code}")
                    continue
                body = got.json()
                if body["case_ref"] != case.case_ref:
                    problems.append(f"case {case.case_id}: case_ref changed")
                victims = [p for p in body["persons"] if p["role"].lower() == "victim"]
                if len(victims) != 1:
                    problems.append(f"case {case.case_id}: {len(victims)} victims, 1 sent")
                    continue
                person = victims[0]
                for name, value in case.victim.items():
                    if name == "role":
                        continue
                    if person.get(name) != value:
                        problems.append(f"case {case.case_id}: {name} differs from what was acknowledged")
                if case.consented and not any(
                    c["scope"] == "sharing" and c["con_Consent"] for c in person.get("consents", [])
                ):
                    problems.append(f"case {case.case_id}: acknowledged consent missing")
                if case.referral is not None:
                    ref = next((r for r in body["referrals"] if r["id"] == case.referral), None)
                    if ref is None:
                        problems.append(f"case {case.case_id}: acknowledged referral {case.referral} missing")
                    elif case.accepted and ref["status"] != "accepted":
                        problems.append(
                            f"referral {case.referral}: acknowledged acceptance is {ref['status']}"
                        )

    await asyncio.gather(*(one(user, cases) for user, cases in by_user.items()))
    return problems


def check(verdict: Verdict, run: Run, store: Store, server: Server, accounts: list[Account]) -> None:
    """Every promise, from the run's record and the store (the server still up for the read-back)."""
    from tipnet.store.engine import make_engine
    from tipnet.store.tables.cases import Case, CasePerson
    from tipnet.store.tables.security import AuditEvent, KeyCheck, PersonSecret
    from tipnet.store.tables.watchlists import WatchlistScreening

    answered = verdict.answered()
    # 1. zero 5xx; other non-2xx reported
    five = [c for c in answered if c.status is not None and c.status >= 500]
    verdict.checks["no 5xx"] = f"{len(five)} of {len(answered)} answers"
    for c in five[:10]:
        verdict.fail("no 5xx", f"{c.kind} by {c.user} -> {c.status} {c.detail}")
    other = [c for c in answered if c.status is not None and 300 <= c.status < 500]
    verdict.checks["no other error answer"] = f"{len(other)}"
    for c in other[:10]:
        verdict.fail("no other error answer", f"{c.kind} by {c.user} -> {c.status} {c.detail}")

    # 1a. the operator's commands succeeded
    failed = [
        f"{name}: {outcome}"
        for _at, name, outcome in verdict.faults
        if outcome.startswith("exit ") and not outcome.startswith("exit 0 ")
    ]
    verdict.checks["fault commands"] = f"{len(verdict.faults)} faults, {len(failed)} commands failed"
    for f in failed:
        verdict.fail("fault commands", f)

    # 1b. requests without an answer only where a fault was (the restart windows)
    slack_before, slack_after = timedelta(seconds=0.5), timedelta(seconds=1.5)
    by_fault: dict[str, Counter[str]] = defaultdict(Counter)
    for c in verdict.calls:
        if c.failure is None:
            continue
        near = [
            (max(began - c.t1, c.t1 - ended, timedelta(0)), name)
            for name, began, ended in run.fault_windows
            if began - slack_before <= c.t1 <= ended + slack_after
        ]
        where = min(near)[1] if near else None
        by_fault[where or "outside any fault"][f"{c.failure} {c.detail}".strip()] += 1
        if where is None:
            verdict.fail("no answer only during faults", f"{c.kind} by {c.user}: {c.failure} at {c.t1}")
    verdict.checks["no answer only during faults"] = (
        "; ".join(f"{name}: {dict(found)}" for name, found in by_fault.items()) or "every request answered"
    )

    # 2. read-back of every acknowledged write (before the store checks: they need the server up)
    problems = asyncio.run(_read_back(server.base, run, accounts))
    verdict.checks["acknowledged writes read back"] = (
        f"{len(run.cases)} cases ({sum(c.consented for c in run.cases.values())} consents, "
        f"{sum(c.referral is not None for c in run.cases.values())} referrals, "
        f"{sum(c.accepted for c in run.cases.values())} acceptances): {len(problems)} problems"
    )
    for p in problems[:10]:
        verdict.fail("acknowledged writes read back", p)
    server.stop()

    engine: Engine = make_engine(store.url)
    try:
        with engine.connect() as conn:
            # 3. audit completeness
            reads = [c for c in answered if c.kind in ("read", "list", "search") and c.status == 200]
            actors = sorted({c.user for c in reads}) or ["-"]
            events = [
                (r.actor, r.object_type, r.object_id, r.at)
                for r in conn.execute(
                    select(
                        AuditEvent.actor, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.at
                    ).where(
                        AuditEvent.action.in_(("view", "search")),
                        AuditEvent.object_type.in_(("case", "case_list")),
                        AuditEvent.actor.in_(actors),
                    )
                )
            ]
            unaudited = _match_audit(reads, events, timedelta(milliseconds=5))
            verdict.checks["every 2xx read audited"] = f"{len(reads) - len(unaudited)} of {len(reads)} reads"
            for c in unaudited[:10]:
                verdict.fail("every 2xx read audited", f"{c.kind} of case {c.case_id} by {c.user} at {c.t0}")

            # 4. nothing half-written
            cases = dict(conn.execute(select(Case.id, Case.case_ref)).all())
            with_persons = set(conn.scalars(select(CasePerson.case_id).distinct()))
            created = set(
                conn.scalars(
                    select(AuditEvent.object_id).where(
                        AuditEvent.action == "create", AuditEvent.object_type == "case"
                    )
                )
            )
            victims = conn.execute(
                select(CasePerson.case_id, CasePerson.person_id).where(CasePerson.role == "Victim")
            ).all()
            sealed = set(conn.scalars(select(PersonSecret.person_id)))
            half = [i for i in cases if i not in with_persons or str(i) not in created]
            half += [case_id for case_id, person in victims if person not in sealed]
            refs = set(cases.values())
            landed = [ref for _u, ref in run.lost_creates if ref in refs]
            verdict.checks["nothing half-written"] = (
                f"{len(cases)} cases in the store, {len(half)} incomplete; {len(run.lost_creates)} creates "
                f"unanswered, {len(landed)} of them landed (whole)"
            )
            for i in half[:10]:
                verdict.fail("nothing half-written", f"case {i} incomplete")
            acknowledged_missing = [c.case_id for c in run.cases.values() if c.case_id not in cases]
            for i in acknowledged_missing[:10]:
                verdict.fail("nothing half-written", f"acknowledged case {i} is not in the store")

            # 5. the screening log
            logged = set(conn.execute(select(WatchlistScreening.actor, WatchlistScreening.id)).all())
            missing = [s for s in run.screenings if s not in logged]
            verdict.checks["every 2xx screening logged"] = (
                f"{len(run.screenings) - len(missing)} of {len(run.screenings)}"
            )
            for s in missing[:10]:
                verdict.fail("every 2xx screening logged", f"screening {s[1]} by {s[0]} not in the log")

            # 6. keys: one version in use, the current; retired versions hold nothing
            in_use = dict(
                conn.execute(
                    select(PersonSecret.key_version, func.count()).group_by(PersonSecret.key_version)
                ).all()
            )
            retired = set(conn.scalars(select(KeyCheck.version).where(KeyCheck.retired_at.is_not(None))))
        from tipnet.security.config import SecuritySettings
        from tipnet.security.keys import load_keyring

        ring = load_keyring(SecuritySettings(key_file=store.data_dir / "keys" / "tipnet-keys.json"))
        lacking = {v: n for v, n in in_use.items() if v not in ring.keys}
        on_retired = {v: n for v, n in in_use.items() if v in retired}
        resealed = any(f == "reseal" for _a, f, _o in verdict.faults)
        stale = {v: n for v, n in in_use.items() if v != ring.current} if resealed else {}
        verdict.checks["keys"] = (
            f"current v{ring.current}; sealed per version {dict(sorted(in_use.items()))}; retired {sorted(retired)}"
        )
        if lacking:
            verdict.fail("keys", f"records under versions missing from the key file: {lacking}")
        if on_retired:
            verdict.fail("keys", f"records under retired versions: {on_retired}")
        # A reseal during the run leaves only what was sealed meanwhile by a stale writer: none expected.
        if stale:
            verdict.fail("keys", f"records not under the current version after the re-seal: {stale}")
    finally:
        engine.dispose()

    # 7. the audit chain
    done = store.cli("audit", "verify")
    verdict.checks["tipnet audit verify"] = f"exit {done.returncode}: {_last_line(done)[:80]}"
    if done.returncode != 0:
        verdict.fail("tipnet audit verify", _last_line(done))

    # 8. the server's log: no victim name, no traceback
    log = server.log.read_text(encoding="utf-8", errors="replace") if server.log.exists() else ""
    named = [n for n in run.names if n in log]
    tracebacks = log.count("Traceback") + log.count("server error on")
    verdict.checks["server log"] = (
        f"{len(log.splitlines())} lines, {len(named)} victim names, {tracebacks} errors or tracebacks"
    )
    if named:
        verdict.fail("server log", f"{len(named)} victim names in the server log")
    if tracebacks:
        verdict.fail("server log", f"{tracebacks} server errors or tracebacks in the server log")


def fault_run(
    kind: str,
    root: Path,
    *,
    users: int,
    seconds: float,
    workers: int,
    think: float,
    faults: list[Fault],
    pg: PgServer | None = None,
    seed: int = 14,
    progress: Callable[[str], None] | None = None,
) -> Verdict:
    """Make a store, serve it, drive `users` for `seconds` with `faults`, check everything."""
    say = progress or (lambda _m: None)
    t0 = time.monotonic()
    store = make_store(kind, root, pg)
    accounts = populate(store, users)
    say(f"{kind}: store and {users} accounts ready in {time.monotonic() - t0:.1f} s")
    server = Server(store, workers, root / "server.log")
    run = Run()
    verdict = Verdict(kind, users, workers, seconds, 0.0, run.calls, run.faults, run.fault_windows)
    try:
        say(f"{kind}: server up in {server.start():.1f} s")
        asyncio.run(_drive(accounts, server, store, seconds, think, faults, run, seed))
        verdict.window = run.window
        verdict.calls = run.calls
        say(f"{kind}: window done, {len(run.calls)} requests; checking")
        check(verdict, run, store, server, accounts)
    finally:
        server.stop()
    return verdict
