"""Screening at scale: a generated list of 1,000,000 entries on this machine.

    .venv/bin/python bench/bench_screening_scale.py [--entries 1000000] [--queries 1000] [--batch 100000]

Measures: index build time (2 worker processes) and peak memory (largest resident set of the main
process and of any worker, from getrusage), index save/load (the data-only, HMAC-checked file, beside
the pickle it replaced, for reference); single-query latency through the standalone service
(uvicorn on 127.0.0.1 in a subprocess, signed in with a bearer token, screenings logged to a SQLite
store, sequential requests, p50/p95); and the wall time of screening a
batch of travellers in-process on 2 cores (what `tipnet screen` does). Entries and travellers come from
tipnet.evaluation.pairs (simulator names, a third of entries with a native-script alias); travellers are
half listed people (varied as at a border) and half people not on the list.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tipnet.evaluation.pairs import _person, entry_side, query_side
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.screening.screen import Screener
from tipnet.security.keys import init_keyring
from tipnet.security.users import create_user
from tipnet.store.engine import make_engine, session_scope, upgrade


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the machine is shared: wall time alone
    does not say how much work was done)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=303)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (saved index, keyring, travellers.pkl) for profiling the batch",
    )
    args = ap.parse_args()
    out: dict[str, object] = {"entries": args.entries}
    rng = random.Random(args.seed)

    t = time.perf_counter()
    truths = [_person(rng) for _ in range(args.entries)]
    entries = [ListEntry(f"E{i}", entry_side(rng, tr, aliases=True).record()) for i, tr in enumerate(truths)]
    out["generate_s"] = round(time.perf_counter() - t, 1)
    print("generated", out, flush=True)

    t, cpu = time.perf_counter(), _cpu_s()
    ix = ScreeningIndex.build([(ListInfo("generated", "1"), entries)], workers=2)
    out["build_s"] = round(time.perf_counter() - t, 1)
    out["build_cpu_s"] = round(_cpu_s() - cpu, 1)
    out["build_peak_main_mb"] = round(_rss_mb(resource.RUSAGE_SELF))
    out["build_peak_worker_mb"] = round(_rss_mb(resource.RUSAGE_CHILDREN))
    out["build_load"] = [round(x, 1) for x in os.getloadavg()]  # 1, 5, 15 min: others' jobs share the machine
    out["keys"] = len(ix.key_ids)
    out["postings"] = len(ix.postings)
    print("built", out, flush=True)

    tmp = Path(tempfile.mkdtemp())
    path = tmp / "index.idx"
    # The service's store (accounts, the screening log) and keyring, in the temporary folder.
    env = {
        **os.environ,
        "TIPNET_SCREENING_INDEX": str(path),
        "TIPNET_DATA_DIR": str(tmp / "data"),
        "TIPNET_DATABASE_URL": f"sqlite:///{tmp / 'store.db'}",
    }
    os.environ.update({k: env[k] for k in ("TIPNET_DATA_DIR", "TIPNET_DATABASE_URL")})
    key = init_keyring().screening_index_key  # the service's key file, made explicitly
    engine = make_engine(env["TIPNET_DATABASE_URL"])
    upgrade(engine)
    with session_scope(engine) as session:
        create_user(session, "bench", "bench-password-long", "border_officer", "BENCH", create_org=True)
    engine.dispose()
    t = time.perf_counter()
    ix.save(path, key)
    out["save_s"] = round(time.perf_counter() - t, 1)
    out["index_file_mb"] = round(path.stat().st_size / 1e6)
    t = time.perf_counter()
    ScreeningIndex.load(path, key)
    out["load_s"] = round(time.perf_counter() - t, 1)
    pkl = tmp / "index.pkl"  # the old format, for comparison only (never loaded by tipnet)
    t = time.perf_counter()
    with open(pkl, "wb") as fh:
        pickle.dump(ix.__dict__, fh, protocol=5)
    out["pickle_save_s"] = round(time.perf_counter() - t, 1)
    out["pickle_file_mb"] = round(pkl.stat().st_size / 1e6)
    t = time.perf_counter()
    with open(pkl, "rb") as fh:
        pickle.load(fh)
    out["pickle_load_s"] = round(time.perf_counter() - t, 1)
    pkl.unlink()
    print("saved", out, flush=True)

    # Travellers: half listed (varied), half not listed.
    n_q = max(args.queries, args.batch)
    travellers = []
    for k in range(n_q):
        if k % 2 == 0:
            q, _ = query_side(rng, truths[rng.randrange(len(truths))], cross=rng.random() < 0.3)
        else:
            q, _ = query_side(rng, _person(rng), cross=rng.random() < 0.3)
        travellers.append(q)
    del truths, entries

    # Single queries through the API.
    port = _free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "tipnet.api.screening_service:app_from_env",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    t = time.perf_counter()
    server = subprocess.Popen(cmd, env=env)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(600):
                try:
                    resp = client.post(
                        "/api/auth/token", data={"username": "bench", "password": "bench-password-long"}
                    )
                    break
                except httpx.TransportError:
                    time.sleep(0.5)
            client.headers["Authorization"] = f"Bearer {resp.json()['access_token']}"
            client.post("/screen", json={"name": "Chen Wei"})
            out["api_start_s"] = round(time.perf_counter() - t, 1)
            lat = []
            statuses: dict[int, int] = {}
            for q in travellers[: args.queries]:
                body = {k: v for k, v in q.to_dict().items() if v and k != "aliases"}
                t0 = time.perf_counter()
                r = client.post("/screen", json=body)
                lat.append((time.perf_counter() - t0) * 1000)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            lat.sort()
            out["api_p50_ms"] = round(lat[len(lat) // 2], 1)
            out["api_p95_ms"] = round(lat[int(len(lat) * 0.95)], 1)
            out["api_max_ms"] = round(lat[-1], 1)
            out["api_statuses"] = statuses
    finally:
        server.terminate()
        server.wait(30)
    print("api", out, flush=True)

    # The batch, in-process on 2 cores.
    ix2 = ScreeningIndex.load(path, key)
    screener = Screener(ix2)
    t, cpu = time.perf_counter(), _cpu_s()
    records = [q.record() for q in travellers[: args.batch]]
    results = screener.screen_many(records, workers=2)
    out["batch"] = len(records)
    out["batch_s"] = round(time.perf_counter() - t, 1)
    out["batch_cpu_s"] = round(_cpu_s() - cpu, 1)
    out["batch_load"] = [round(x, 1) for x in os.getloadavg()]
    out["batch_with_hits"] = sum(1 for r in results if r.hits)
    out["peak_main_mb"] = round(_rss_mb(resource.RUSAGE_SELF))
    out["peak_worker_mb"] = round(_rss_mb(resource.RUSAGE_CHILDREN))
    print(json.dumps(out), flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if args.keep:
        with open(tmp / "travellers.pkl", "wb") as fh:
            pickle.dump(records, fh, protocol=5)
        print("kept", tmp, flush=True)
    else:
        path.unlink()


if __name__ == "__main__":
    main()
