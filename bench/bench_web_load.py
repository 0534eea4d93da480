"""Load of the case-management API: N concurrent users for D seconds against PostgreSQL, loopback only.

Run: .venv/bin/python bench/bench_web_load.py [--users 50] [--seconds 60] [--think 1.0] [--workers 2]
     [--profile FILE]

`--profile FILE` runs the server under py-spy (`pip install py-spy`; samples every worker process)
and writes its collapsed stacks to FILE (flamegraph "raw" format); the figures of such a run include
the sampler's overhead and are not for BENCHMARKS.md.

Starts a throwaway PostgreSQL (tests/pg.py), migrates it, creates one case-worker account per user
(half in each of two organisations) and a few hundred cases, then serves the app with uvicorn on
127.0.0.1 (a subprocess, `--workers` processes). Each simulated user signs in once (before the
measured window) and then loops: list cases (40%), open a case (30%), search a name (15%), register
a case with a victim (10%), assess a victim (5%), pausing `--think` seconds on average (uniform
0.5x-1.5x) between actions, as a person at a screen does; `--think 0` gives the saturation figures.
Every response must be 2xx; anything else or a transport error counts as an error. Bounded: the
number of users (<= 200) and the duration (<= 600 s) are capped, and nothing leaves the loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from tests.pg import start_server  # noqa: E402

from tipnet.security.config import SecuritySettings  # noqa: E402
from tipnet.security.keys import load_keyring  # noqa: E402
from tipnet.security.users import create_user, principal_of  # noqa: E402
from tipnet.store.engine import make_engine, session_scope, upgrade  # noqa: E402
from tipnet.store.tables.sources import Organisation  # noqa: E402

PASSWORD = "bench-password-long"
FIRST = ["Sok", "Dara", "Srey", "Mom", "Chan", "Vuthy", "Kim", "Lina", "Rith", "Sophea", "Nary", "Bopha"]
NATIVE = ["សុខ", "ដារ៉ា", "ស្រី", "មុំ", "ចាន់", "វុទ្ធី", "គីម", "លីណា"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _victim(rng: random.Random) -> dict[str, object]:
    return {
        "role": "victim",
        "prs_FirstName": rng.choice(FIRST),
        "prs_SecondName": rng.choice(FIRST),
        "name_native": f"{rng.choice(NATIVE)} {rng.choice(NATIVE)}",
        "prs_Birthdate": f"{rng.randint(1970, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "prs_Gender": rng.choice(["Feminine", "Masculine"]),
        "prs_Citizenship": [rng.choice(["KHM", "THA", "VNM", "LAO", "MMR"])],
    }


def prepare(url: str, users: int, cases: int, data_dir: Path) -> None:
    from tipnet.cases import service as svc
    from tipnet.cases.models import CaseIn

    engine = make_engine(url)
    upgrade(engine)
    ring = load_keyring(SecuritySettings(key_file=data_dir / "keys" / "tipnet-keys.json"))
    rng = random.Random(6)
    with session_scope(engine) as session:
        session.add_all(
            [
                Organisation(code="NGO-A", org_Name="NGO A"),
                Organisation(code="SHELTER-B", org_Name="Shelter B"),
            ]
        )
        session.flush()
        principals = [
            principal_of(
                create_user(session, f"user{i}", PASSWORD, "case_worker", "NGO-A" if i % 2 else "SHELTER-B")
            )
            for i in range(users)
        ]
    for i in range(cases):
        with session_scope(engine) as session:
            who = principals[i % len(principals)]
            svc.create_case(session, who, CaseIn.model_validate({"persons": [_victim(rng)]}), ring=ring)
    engine.dispose()


async def user_loop(
    base: str,
    name: str,
    seconds: float,
    think: float,
    seed: int,
    lat: dict[str, list[float]],
    errors: list[str],
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        try:
            resp = await client.post("/api/auth/token", data={"username": name, "password": PASSWORD})
            if resp.status_code != 200:
                errors.append(f"login {resp.status_code}")
                return
            headers = {"Authorization": f"Bearer {resp.json()['access_token']}"}
            listed = (await client.get("/api/cases", headers=headers)).json()
        except httpx.HTTPError as exc:
            errors.append(f"login {type(exc).__name__}")
            return
        ids = [c["id"] for c in listed] or [0]
        await start.wait()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pick = rng.random()
            t0 = time.perf_counter()
            try:
                if pick < 0.40:
                    kind, r = "list", await client.get("/api/cases", headers=headers)
                elif pick < 0.70:
                    kind, r = "read", await client.get(f"/api/cases/{rng.choice(ids)}", headers=headers)
                elif pick < 0.85:
                    q = rng.choice(FIRST + NATIVE)
                    kind, r = "search", await client.get("/api/cases", params={"q": q}, headers=headers)
                elif pick < 0.95:
                    kind, r = (
                        "create",
                        await client.post("/api/cases", json={"persons": [_victim(rng)]}, headers=headers),
                    )
                    if r.status_code == 201:
                        ids.append(r.json()["id"])
                else:
                    case = (await client.get(f"/api/cases/{rng.choice(ids)}", headers=headers)).json()
                    victim = case["persons"][0]["id"]
                    body = {
                        "indicators": ["dr_wages", "ec_excessive_hours", "ec_low_salary"],
                        "acts": ["recruitment"],
                    }
                    kind, r = (
                        "assess",
                        await client.post(
                            f"/api/cases/{case['id']}/persons/{victim}/assessments",
                            json=body,
                            headers=headers,
                        ),
                    )
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
                continue
            elapsed = time.perf_counter() - t0
            if r.status_code >= 300:
                errors.append(f"{kind} {r.status_code}")
            lat.setdefault(kind, []).append(elapsed)
            lat.setdefault("all", []).append(elapsed)
            if think > 0:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))


start: asyncio.Event


async def run_users(
    base: str, users: int, seconds: float, think: float
) -> tuple[dict[str, list[float]], list[str], float]:
    global start
    start = asyncio.Event()
    lat: dict[str, list[float]] = {}
    errors: list[str] = []
    tasks = [
        asyncio.create_task(user_loop(base, f"user{i}", seconds, think, i, lat, errors)) for i in range(users)
    ]
    await asyncio.sleep(0)
    # Sign-ins and first lists happen before the window; wait for them to settle.
    await asyncio.sleep(max(5.0, users * 0.15))
    lat.clear()
    t0 = time.monotonic()
    start.set()
    await asyncio.gather(*tasks)
    return lat, errors, time.monotonic() - t0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's actions (s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--profile", type=Path, default=None, help="py-spy collapsed stacks of the server")
    args = parser.parse_args()
    users, seconds = max(1, min(args.users, 200)), max(1.0, min(args.seconds, 600.0))

    pg = start_server()
    data_dir = Path(tempfile.mkdtemp(prefix="tipnet-bench-"))
    server = None
    try:
        admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "bench"'))
        admin.dispose()
        url = pg.url("bench")
        t0 = time.monotonic()
        prepare(url, users, args.cases, data_dir)
        print(
            f"prepared {users} accounts and {args.cases} cases in {time.monotonic() - t0:.1f} s",
            file=sys.stderr,
        )
        port = _free_port()
        env = {
            **os.environ,
            "TIPNET_DATABASE_URL": url,
            "TIPNET_DATA_DIR": str(data_dir),
            "TIPNET_LOGIN_MAX_FAILURES": "1000",
        }
        sampler = (
            [
                str(Path(sys.executable).with_name("py-spy")),
                "record",
                "--subprocesses",
                "--rate",
                "50",
                "--format",
                "raw",
                "--output",
                str(args.profile),
                "--",
            ]
            if args.profile
            else []
        )
        server = subprocess.Popen(
            [
                *sampler,
                sys.executable,
                "-m",
                "uvicorn",
                "tipnet.api.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        lat, errors, wall = asyncio.run(run_users(base, users, seconds, args.think))
    finally:
        if server is not None:
            if args.profile:
                # Stop uvicorn (py-spy's child); py-spy then writes the profile and exits.
                children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
                for child in children:
                    os.kill(int(child), signal.SIGTERM)
                server.wait(timeout=60)
            else:
                server.terminate()
                server.wait(timeout=30)
        pg.stop()
    total = len(lat.get("all", []))
    print(
        f"users {users}, {seconds:.0f} s, think {args.think} s, workers {args.workers}, PostgreSQL, loopback"
    )
    print(f"requests {total}, {total / wall:.1f}/s, errors {len(errors)}")
    print("| action | requests | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in ("all", "list", "read", "search", "create", "assess"):
        values = lat.get(kind, [])
        if values:
            print(
                f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | {pct(values, 0.95):.0f} | "
                f"{pct(values, 0.99):.0f} | {max(values) * 1000:.0f} |"
            )
    if errors:
        print("errors:", sorted(set(errors))[:10])
    print(f"python {platform.python_version()}")


if __name__ == "__main__":
    main()
