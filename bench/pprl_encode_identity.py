"""Byte-identity and CPU of `tipnet pprl encode` (issue 18): the command run in-process with its BLIP
draws made deterministic (every chunk's generator seeded alike), so that two versions of the encoder
can be compared by the SHA-256 of the .clk they write for one secret and input.

    python bench/pprl_encode_identity.py g20.csv --secret-file k.key --out e.clk [--workers 1] [--profile]

Prints the file's SHA-256 and the CPU of this process and its workers. Not a test of the noise: the
commands themselves always draw it from the OS.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import resource
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", type=Path)
    ap.add_argument("--secret-file", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="cProfile the parent (use --workers 1)")
    args = ap.parse_args()
    from typer.testing import CliRunner

    import tipnet.sharing.pprl.encode as enc
    from tipnet.cli import app

    enc.secrets.randbits = lambda k: 12345  # type: ignore[assignment]  # deterministic BLIP, this run only
    cmd = ["pprl", "encode", str(args.csv), "-c", "id=record_id", "--secret-file", str(args.secret_file),
           "--out", str(args.out), "--workers", str(args.workers)]  # fmt: skip
    t0, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    res = CliRunner().invoke(app, cmd)
    if prof:
        prof.disable()
    t1, c1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.exit_code not in (0, 1):
        raise SystemExit(f"encode failed ({res.exit_code}): {res.output[-2000:]} {res.exception!r}")
    cpu = (t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime) + c1.ru_utime + c1.ru_stime
    sha = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"sha256 {sha}  cpu {cpu:.2f} s  wall {time.perf_counter() - wall:.2f} s  workers {args.workers}")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
