"""Shared fixtures: isolated data directories, SQLite and PostgreSQL stores."""

from __future__ import annotations

import inspect
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `tests.*` helpers importable

from tests.pg import PgServer, start_server

from tipnet.security import passwords
from tipnet.security.keys import init_keyring
from tipnet.settings import get_settings
from tipnet.store.engine import make_engine, upgrade

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what needs PostgreSQL, Chromium or Spark, even where a test forgot to say so.

    `make check` deselects those marks: a missing one would make it slow, or fail where the server,
    browser or JVM is missing. A test needs PostgreSQL when its fixtures include `pg_server` (the
    `store_url` fixture's postgres parameter carries the mark itself), Chromium when its body
    drives Playwright, Spark when its module starts a Spark session.
    """
    starts_spark: dict[str, bool] = {}
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
        function = getattr(item, "function", None)
        if function is not None and "playwright" in inspect.getsource(function):
            item.add_marker(pytest.mark.browser)
        module = getattr(item, "module", None)
        if module is not None:
            if module.__name__ not in starts_spark:
                starts_spark[module.__name__] = "start_spark" in inspect.getsource(module)
            if starts_spark[module.__name__]:
                item.add_marker(pytest.mark.spark)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own TIPNET_DATA_DIR, no inherited database URL or key, and a key file
    created explicitly (`tipnet keys init`'s step: tipnet never creates one by itself)."""
    path = tmp_path / "tipnet-data"
    monkeypatch.setenv("TIPNET_DATA_DIR", str(path))
    for name in ("TIPNET_DATABASE_URL", "TIPNET_KEY_FILE", "TIPNET_ENCRYPTION_KEY", "TIPNET_INDEX_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    init_keyring()
    yield path
    get_settings.cache_clear()


# Argon2id at a test's cost (one pass over 1 MiB) instead of RFC 9106's (three over 64 MiB, ~0.2 s a
# hash): logins and accounts are most of what the API and page tests spend. Tests marked `argon2`
# hash with the production parameters.
CHEAP_ARGON2 = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("argon2") is None:
        monkeypatch.setattr(passwords, "_hasher", lambda: CHEAP_ARGON2)
        monkeypatch.setattr(passwords, "_DUMMY", None)


# Playwright's expect(...) retries for 5 s by default. On the 2-core CI machine two xdist workers each
# drive Chromium, the app's server and PostgreSQL at once: a post, its redirect and the next page can
# take longer than that. The browser tests' assertions retry for 20 s; a state that never comes still
# fails (later).
BROWSER_EXPECT_TIMEOUT_MS = 20_000


@pytest.fixture(autouse=True)
def patient_browser_assertions(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("browser") is not None:
        from playwright.sync_api import expect

        expect.set_options(timeout=BROWSER_EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    yield server
    server.stop()


def _fresh_pg_database(server: PgServer) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.url(name)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], str]:
    """Copies of one migrated, empty SQLite store: the migrations run once per worker, not per test.

    Call it with the file to create; it returns the store's URL.
    """
    template = tmp_path_factory.mktemp("migrated") / "store.db"
    engine = make_engine(f"sqlite:///{template}")
    upgrade(engine)
    engine.dispose()

    def fresh(path: Path) -> str:
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"

    return fresh


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty store: the embedded SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        fresh: Callable[[Path], str] = request.getfixturevalue("migrated_sqlite")
        return fresh(tmp_path / "store.db")
    url = _fresh_pg_database(request.getfixturevalue("pg_server"))
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    eng = make_engine(store_url)
    yield eng
    eng.dispose()
