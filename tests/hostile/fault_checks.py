"""The checks of the fault and load run (tests/hostile/fault_run.py): what the clients saw and what
the store holds, against the promises of issue 14 (docs/security.md)."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine, func, select
from tests.hostile.fault_run import Server, Store, last_line
from tests.hostile.fault_users import PASSWORD, Account, Call, CaseSent, Run


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
        # a request overlapping a fault's window (give or take a second) counts as "during faults"
        margin = timedelta(seconds=1)
        for c in self.answered():
            out[c.kind].append(c.seconds)
            out["all"].append(c.seconds)
            during = any(b - margin <= c.t1 and c.t0 <= e + margin for _n, b, e in self.fault_windows)
            out["all, during faults" if during else "all, between faults"].append(c.seconds)
        return out

    def table(self) -> str:
        lines = [
            "| action | answered | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lat = self.latencies()
        for kind in (
            "all",
            "all, between faults",
            "all, during faults",
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
    verdict.checks["tipnet audit verify"] = f"exit {done.returncode}: {last_line(done)[:80]}"
    if done.returncode != 0:
        verdict.fail("tipnet audit verify", last_line(done))

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
