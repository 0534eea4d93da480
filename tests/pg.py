"""A throwaway PostgreSQL server for the tests, started with the machine's initdb/pg_ctl."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    root: Path
    port: int
    as_user: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.as_user,
                _pg_bin("pg_ctl") or "pg_ctl",
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError(
            "PostgreSQL's initdb/pg_ctl not found: run `make test` (it installs Debian's postgresql)"
        )
    root = Path(tempfile.mkdtemp(prefix="tipnet-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    subprocess.run(
        [
            *as_user,
            initdb,
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    # The port is found free, released, and bound by the server a moment later: meanwhile the other
    # xdist worker, or any outgoing connection, may take it, and the server stops at once ("could
    # not bind"). Then another port, a few times, rather than every PostgreSQL test of the worker
    # failing on its fixture.
    for _attempt in range(3):
        port = _free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        started = subprocess.run(
            [
                *as_user,
                pg_ctl,
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            capture_output=True,
        )
        if started.returncode == 0:
            return PgServer(root, port, as_user)
        # Not up within pg_ctl's wait, or stopped: nothing may be left running before the next try.
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, check=False
        )
    log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(f"pg_ctl start failed three times: {started.stderr!r}\n{log}")
