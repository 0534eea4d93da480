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
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import create_engine, text
from tests.hostile.fault_users import ORGS, PASSWORD, Account, Run, User, utc
from tests.pg import PgServer

if TYPE_CHECKING:
    from tests.hostile.fault_checks import Verdict

WATCHLIST = (
    "id,name,aliases,birth_date,nationality,gender,document_number,topics\n"
    "T1,Chen Wei,陈伟;Tan Wei,1980-02-03,CN,male,E12345678,crime.traffick.human\n"
    "T2,Sok Pisey,សុខ ពិសី,1991-04,KHM,F,,wanted\n"
    "T3,Nguyen Van Hung,Nguyễn Văn Hùng,1975-11-20,VN,male,C7654321,crime.traffick.human\n"
    "T4,Somchai Saetang,สมชาย แซ่ตั้ง,1969,TH,male,,wanted\n"
)
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
        when, began = time.monotonic() - t0, utc()
        run.until = float("inf")  # the users work through the fault, whatever its length
        outcome = await loop.run_in_executor(None, _inject, fault, server, store)
        run.faults.append((round(when, 1), fault, outcome))
        run.fault_windows.append((fault, began, utc()))
        # and go on after it, even when it ran past the window's end
        run.until = max(t0 + seconds, time.monotonic() + max(2.0, 0.1 * seconds))
    await asyncio.gather(*tasks)
    run.window = time.monotonic() - t0


def _inject(fault: str, server: Server, store: Store) -> str:
    t0 = time.monotonic()
    if fault == "rotate":
        done = store.cli("keys", "rotate")
        return f"exit {done.returncode} in {time.monotonic() - t0:.1f} s: {last_line(done)}"
    if fault == "reseal":
        done = store.cli("keys", "reseal", "--retire")
        return f"exit {done.returncode} in {time.monotonic() - t0:.1f} s: {last_line(done)}"
    if fault == "kill":
        single = server.workers_pids() == [server.proc.pid if server.proc else -1]
        server.kill_worker()
        what = "the server (one process), started again" if single else "a worker, replaced by uvicorn"
        return f"SIGKILL {what}: answering again after {time.monotonic() - t0:.1f} s"

    if fault == "restart":
        stopped, started = server.restart()
        return f"SIGTERM: stopped in {stopped:.1f} s; `tipnet serve` again: answering after {started:.1f} s"
    raise ValueError(f"unknown fault {fault!r}")


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return " ".join(lines[-1].split())[:160] if lines else ""


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
    from tests.hostile.fault_checks import Verdict, check

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
