"""`tipnet finance ingest --store`: a bank's accounts, holders and transactions in the store (SQLite and
PostgreSQL), through the bulk writer, a chunk per database transaction, re-import a no-op."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from tests.finance.conftest import read_csv
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.finance.load import load
from tipnet.finance.store_write import ACCOUNT_SOURCE, write_store
from tipnet.settings import get_settings
from tipnet.store.engine import session_scope
from tipnet.store.tables.finance import Account, Company, Transaction
from tipnet.store.tables.people import IdentityDocument, Person, Phone
from tipnet.store.tables.sources import IngestRun, Organisation, SourceRecord

ACCOUNT_HEADER = (
    "account_id",
    "holder_name",
    "holder_type",
    "country",
    "opened",
    "birth_date",
    "id_number",
    "phone",
)
ACCOUNTS = [
    ("ACC1", "SOK DARA", "person", "KH", "2020-01-05", "1990-04-12", "N0123456", "+855 12 345 678"),
    ("ACC2", "CHAN SREY", "person", "KH", "2021-03-01", "", "", ""),
    ("ACC3", "ANGKOR TRADING CO", "company", "KH", "2015-06-30", "", "", ""),
    ("ACC4", "NOK LAI", "person", "TH", "2024-11-30", "", "", ""),
]
TX_HEADER = ("tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel")
TXS = [
    ("T1", "2026-03-01T10:00:00", "ACC1", "ACC2", "120.50", "USD", "transfer"),
    ("T2", "2026-03-01T11:00:00+07:00", "ACC2", "ACC1", "410000", "KHR", "mobile"),
    ("T3", "2026-03-02", "", "ACC3", "9500", "USD", "cash_deposit"),
    ("T4", "2026-03-02T12:00:00Z", "ACC3", "", "100", "USD", "cash_withdrawal"),
    ("T5", "2026-03-03T09:30:00", "ACC3", "ACC4", "2500", "USD", "international_wire"),
]


def _book(folder: Path, accounts: list[tuple[str, ...]], txs: list[tuple[str, ...]]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    a, t = folder / "accounts.csv", folder / "transactions.csv"
    for path, header, rows in ((a, ACCOUNT_HEADER, accounts), (t, TX_HEADER, txs)):
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
    return a, t


@pytest.fixture
def bank_store(store_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    with session_scope(engine) as session:
        session.add(Organisation(code="BANK1", org_Name="Test bank", org_Type="bank"))
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    return engine


def _ingest(a: Path, t: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["finance", "ingest", str(a), str(t), "--store", "--bank", "BANK1"])
    return result.exit_code, result.output


def _count(engine: Engine, table: type) -> int:
    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_small_book_round_trips(tmp_path: Path, bank_store: Engine, data_dir: Path) -> None:
    a, t = _book(tmp_path, ACCOUNTS, TXS)
    code, output = _ingest(a, t)
    assert code == 0, output
    assert (data_dir / "finance" / "checked" / "tx.parquet").is_file()  # detection still reads Parquet
    with session_scope(bank_store) as session:
        accounts = {a.account_number: a for a in session.scalars(select(Account))}
        assert set(accounts) == {"ACC1", "ACC2", "ACC3", "ACC4"}
        acc1 = accounts["ACC1"]
        assert (acc1.holder_type, acc1.country, str(acc1.opened_on)) == ("person", "KH", "2020-01-05")
        assert acc1.holder is not None and acc1.holder.full_name == "SOK DARA"
        assert acc1.holder.prs_Birthdate == "1990-04-12"
        phones = session.scalars(select(Phone.number).where(Phone.person_id == acc1.holder.id)).all()
        assert phones == ["+85512345678"]  # normalised as every source's phones, so linkage compares them
        documents = session.scalars(
            select(IdentityDocument.document_number).where(IdentityDocument.person_id == acc1.holder.id)
        ).all()
        assert documents == ["N0123456"]
        # a company holder is a company, never a person
        acc3 = accounts["ACC3"]
        assert acc3.holder_type == "company" and acc3.holder_person_id is None
        assert acc3.holder_company is not None and acc3.holder_company.name == "ANGKOR TRADING CO"
        names = set(session.scalars(select(Person.full_name)))
        assert names == {"SOK DARA", "CHAN SREY", "NOK LAI"}
        assert session.scalar(select(func.count()).select_from(Company)) == 1

        txs = {
            s.record_id: tx
            for tx, s in session.execute(
                select(Transaction, SourceRecord).join(
                    SourceRecord, SourceRecord.id == Transaction.source_record_id
                )
            )
        }
        assert set(txs) == {"T1", "T2", "T3", "T4", "T5"}
        assert txs["T1"].amount == Decimal("120.5") and txs["T1"].currency == "USD"
        assert txs["T2"].booked_at.hour == 4  # 11:00 at +07:00, kept in UTC
        assert txs["T2"].usd is not None and Decimal("90") < txs["T2"].usd < Decimal("110")
        # cash legs: one account, the channel says which
        assert (txs["T3"].from_account, txs["T3"].to_account, txs["T3"].channel) == (
            None,
            "ACC3",
            "cash_deposit",
        )
        assert (txs["T4"].from_account, txs["T4"].to_account, txs["T4"].channel) == (
            "ACC3",
            None,
            "cash_withdrawal",
        )
        assert txs["T5"].channel == "international_wire"
        runs = session.scalars(select(IngestRun).order_by(IngestRun.id)).all()
        assert [(r.rows_new, r.rows_rejected) for r in runs] == [(4, 0), (5, 0)]


def test_reimport_adds_nothing(tmp_path: Path, bank_store: Engine) -> None:
    a, t = _book(tmp_path, ACCOUNTS, TXS)
    assert _ingest(a, t)[0] == 0
    tables = (Account, Person, Company, Transaction, SourceRecord, Phone)
    before = [_count(bank_store, table) for table in tables]
    code, output = _ingest(a, t)
    assert code == 0, output
    assert [_count(bank_store, table) for table in tables] == before
    assert "0 accounts new, 4 unchanged" in output and "0 transactions new, 5 unchanged" in output
    # a transaction stored before with other values is refused, not overwritten
    changed = [*TXS[:4], ("T5", "2026-03-03T09:30:00", "ACC3", "ACC4", "2600", "USD", "international_wire")]
    a, t = _book(tmp_path / "again", ACCOUNTS, changed)
    code, output = _ingest(a, t)
    assert code == 1, output
    with session_scope(bank_store) as session:
        amounts = session.scalars(select(Transaction.amount).where(Transaction.to_account == "ACC4")).all()
    assert amounts == [Decimal("2500")]
    # an account stored before with other values stays as stored, refused; its new transactions go in
    moved = [(*ACCOUNTS[1][:3], "TH", *ACCOUNTS[1][4:]) if a[0] == "ACC2" else a for a in ACCOUNTS]
    more = [*TXS, ("T9", "2026-03-05T10:00:00", "ACC1", "ACC2", "75", "USD", "transfer")]
    a, t = _book(tmp_path / "third", moved, more)
    code, output = _ingest(a, t)
    assert code == 1, output
    with session_scope(bank_store) as session:
        assert session.scalar(select(Account.country).where(Account.account_number == "ACC2")) == "KH"
        assert session.scalar(select(func.count()).select_from(Transaction)) == 6


def test_a_bad_row_is_rejected_alone(tmp_path: Path, bank_store: Engine, data_dir: Path) -> None:
    accounts = [*ACCOUNTS, ("ACC5", "PHONE WRONG", "person", "KH", "2022-01-01", "", "", "call me maybe")]
    txs = [
        *TXS,
        ("T6", "2026-03-04T10:00:00", "ACC1", "ACC2", "12.5.0", "USD", "transfer"),  # refused by the check
        ("T7", "2026-03-04T11:00:00", "ACC5", "ACC2", "50", "USD", "transfer"),  # its account was refused
    ]
    a, t = _book(tmp_path, accounts, txs)
    code, output = _ingest(a, t)
    assert code == 1, output
    rejected = read_csv(data_dir / "finance" / "rejected.csv")
    by_id = {r["tx_id"]: r for r in rejected}
    assert set(by_id) == {"ACC5", "T6", "T7"}
    assert by_id["ACC5"]["row"] == "5" and by_id["ACC5"]["reason"].startswith("phone:")
    assert by_id["T6"]["row"] == "6" and by_id["T6"]["reason"] == "amount: not a number"
    assert by_id["T7"]["row"] == "7" and by_id["T7"]["reason"] == "from_account: its account was not stored"
    text = (data_dir / "finance" / "rejected.csv").read_text(encoding="utf-8")
    assert "call me maybe" not in text and "PHONE WRONG" not in text and "12.5.0" not in text
    assert _count(bank_store, Account) == 4 and _count(bank_store, Transaction) == 5
    assert _count(bank_store, Person) == 3


def test_an_unknown_bank_is_refused(tmp_path: Path, bank_store: Engine) -> None:
    a, t = _book(tmp_path, ACCOUNTS, TXS)
    result = CliRunner().invoke(app, ["finance", "ingest", str(a), str(t), "--store", "--bank", "NOBANK"])
    assert result.exit_code == 2 and "unknown organisation" in result.output
    assert _count(bank_store, Account) == 0
    assert CliRunner().invoke(app, ["finance", "ingest", str(a), str(t), "--store"]).exit_code == 2


def test_a_stopped_run_leaves_whole_chunks_and_resumes(tmp_path: Path, bank_store: Engine) -> None:
    a, t = _book(tmp_path, ACCOUNTS, TXS)
    loaded = load(a, t)
    seen: list[int] = []

    def stop_after_three_chunks(n: int) -> None:
        seen.append(n)
        if len(seen) == 3:  # accounts in two chunks of 2, then one chunk of transactions
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_store(
            bank_store, loaded, bank="BANK1", accounts_file=a.name, transactions_file=t.name, chunk=2,
            progress=stop_after_three_chunks,
        )  # fmt: skip
    # the interruption came after the third chunk's commit: whole chunks only
    assert _count(bank_store, Account) == 4 and _count(bank_store, Transaction) == 2
    counts = write_store(
        bank_store, loaded, bank="BANK1", accounts_file=a.name, transactions_file=t.name, chunk=2
    )
    assert (counts.accounts_new, counts.accounts_unchanged) == (0, 4)
    assert (counts.transactions_new, counts.transactions_unchanged) == (3, 2)
    assert _count(bank_store, Transaction) == 5
    with session_scope(bank_store) as session:
        kinds = session.scalars(select(SourceRecord.source_type).distinct()).all()
    assert ACCOUNT_SOURCE in kinds


def test_person_holders_reach_linkage_and_companies_do_not(tmp_path: Path, bank_store: Engine) -> None:
    """What `tipnet link store` reads: the person holders with their KYC, never a company."""
    from tipnet.linkage.store_records import store_records

    a, t = _book(tmp_path, ACCOUNTS, TXS)
    assert _ingest(a, t)[0] == 0
    with session_scope(bank_store) as session:
        records = [r for r in store_records(session, watchlists=False) if r.dataset == ACCOUNT_SOURCE]
    assert len(records) == 3
    assert not any("ANGKOR TRADING CO" in r.names for r in records)
    (dara,) = [r for r in records if "SOK DARA" in r.names]
    assert (dara.birth_date, dara.documents, dara.phones) == ("1990-04-12", ("N0123456",), ("+85512345678",))


def _committed(engine: Engine) -> int:
    """Transactions committed so far, read on the driver's own connection (no write lock taken)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute('SELECT count(*) FROM "transaction"')
        (n,) = cursor.fetchone()
        cursor.close()
        raw.rollback()
        return int(n)
    finally:
        raw.close()


_KILLED_RUN = """
import sys, time
from pathlib import Path
from tipnet.finance import store_write
from tipnet.finance.load import load
from tipnet.store.bulk import BulkWriter
from tipnet.store.engine import make_engine

class SlowWriter(BulkWriter):  # the rows written, the chunk's transaction still open: where the kill lands
    def write(self, recs):
        super().write(recs)
        time.sleep(0.2)

store_write.BulkWriter = SlowWriter
folder = Path(sys.argv[2])
loaded = load(folder / "accounts.csv", folder / "transactions.csv")
store_write.write_store(make_engine(sys.argv[1]), loaded, bank="BANK1", accounts_file="accounts.csv",
                        transactions_file="transactions.csv", chunk=int(sys.argv[3]))
"""


def test_a_killed_run_leaves_whole_chunks_and_a_rerun_completes(
    tmp_path: Path, store_url: str, bank_store: Engine
) -> None:
    """SIGKILL while chunks are being written: only whole chunks are in the store, and every stored
    transaction has its source row; the same import run again stores the rest, nothing twice."""
    import os
    import signal
    import subprocess
    import sys
    import time

    chunk, n = 50, 2000
    txs = [
        (
            f"K{i:05d}",
            f"2026-03-{1 + i % 28:02d}T10:{i % 60:02d}:00",
            "ACC1",
            "ACC2",
            f"{10 + i}",
            "USD",
            "transfer",
        )
        for i in range(n)
    ]
    _book(tmp_path, ACCOUNTS, txs)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_RUN, store_url, str(tmp_path), str(chunk)], env=env
    )
    try:
        deadline = time.monotonic() + 120
        while _committed(bank_store) < 3 * chunk:
            assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it was killed"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    stored = _count(bank_store, Transaction)
    assert 0 < stored < n and stored % chunk == 0
    with session_scope(bank_store) as session:
        sources = session.scalar(
            select(func.count())
            .select_from(SourceRecord)
            .where(SourceRecord.source_type == "finance_transaction")
        )
    assert sources == stored
    loaded = load(tmp_path / "accounts.csv", tmp_path / "transactions.csv")
    counts = write_store(
        bank_store, loaded, bank="BANK1", accounts_file="a", transactions_file="t", chunk=chunk
    )
    assert (counts.transactions_new, counts.transactions_unchanged) == (n - stored, stored)
    assert _count(bank_store, Transaction) == n


def test_a_nul_or_control_character_is_rejected_alone(
    tmp_path: Path, bank_store: Engine, data_dir: Path
) -> None:
    """A NUL byte passes the DuckDB checks but PostgreSQL's text cannot hold it: the chunk's COPY
    failed and the whole run stopped with a database error. Refused alone, naming the row and
    field, as a person holder's control characters already were."""
    accounts = [
        *ACCOUNTS,
        ("ACC5", "ANGKOR\x00 TRADING", "company", "KH", "2022-01-01", "", "", ""),
        ("AC\x00C6", "SOK NARY", "person", "KH", "2022-01-01", "", "", ""),
        ("ACC7", "MEKONG\x1b CO", "company", "KH", "2022-01-01", "", "", ""),
    ]
    txs = [
        *TXS,
        ("T\x008", "2026-03-04T10:00:00", "ACC1", "ACC2", "12", "USD", "transfer"),
        ("T9", "2026-03-04T11:00:00", "ACC5", "ACC2", "50", "USD", "transfer"),
    ]
    a, t = _book(tmp_path, accounts, txs)
    code, output = _ingest(a, t)
    assert code == 1, output
    rejected = read_csv(data_dir / "finance" / "rejected.csv")
    by_row = {(r["file"], r["row"]): r["reason"] for r in rejected}
    assert by_row[(a.name, "5")] == "holder_name: contains control characters"
    assert by_row[(a.name, "6")] == "account_id: contains control characters"
    assert by_row[(a.name, "7")] == "holder_name: contains control characters"
    assert by_row[(t.name, "6")] == "tx_id: contains control characters"
    assert by_row[(t.name, "7")] == "from_account: its account was not stored"
    text = (data_dir / "finance" / "rejected.csv").read_text(encoding="utf-8")
    assert "ANGKOR" not in text and "MEKONG" not in text
    assert _count(bank_store, Account) == 4 and _count(bank_store, Transaction) == 5
    assert _count(bank_store, Company) == 1


def test_a_value_longer_than_its_column_is_rejected_alone(
    tmp_path: Path, bank_store: Engine, data_dir: Path
) -> None:
    """A person holder's name of 350 letters without a space passes the 600-character check, but
    becomes a first name of 350 for a column of 300: PostgreSQL refused the chunk's COPY and the run
    stopped there, every rerun again (SQLite does not check lengths). Refused alone, naming the
    row and field, never the value."""
    long_name = "SOKHA" * 70  # 350 characters, one word
    accounts = [*ACCOUNTS, ("ACC5", long_name, "person", "KH", "2022-01-01", "", "", "")]
    txs = [*TXS, ("T6", "2026-03-04T11:00:00", "ACC5", "ACC2", "50", "USD", "transfer")]
    a, t = _book(tmp_path, accounts, txs)
    code, output = _ingest(a, t)
    assert code == 1, output
    rejected = read_csv(data_dir / "finance" / "rejected.csv")
    by_row = {(r["file"], r["row"]): r["reason"] for r in rejected}
    assert by_row == {
        (a.name, "5"): "holder_name: longer than 300 characters",
        (t.name, "6"): "from_account: its account was not stored",
    }
    assert "SOKHA" not in (data_dir / "finance" / "rejected.csv").read_text(encoding="utf-8")
    assert _count(bank_store, Account) == 4 and _count(bank_store, Transaction) == 5
    assert _count(bank_store, Person) == 3


def test_two_runs_of_one_bank_at_once_both_complete(
    tmp_path: Path, bank_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `finance ingest --store` of the same bank at once (a retried cron job, two operators).
    Each chunk looked its ids up, then wrote: on PostgreSQL both looked up before either wrote and
    the second failed on uq_source_record_key, stopping its run. A chunk now holds the bank's lock
    from its look-up to its commit: the second run waits, then finds the rows stored."""
    import threading
    import time

    from tipnet.finance import store_write

    a, t = _book(tmp_path, ACCOUNTS, TXS)
    looked_up = store_write._stored

    def slow(*args: object, **kwargs: object) -> dict[str, str]:
        found = looked_up(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(0.5)  # the other run looks up meanwhile
        return found

    monkeypatch.setattr(store_write, "_stored", slow)
    results: list[object] = []

    def run() -> None:
        try:
            results.append(
                write_store(
                    bank_store, load(a, t), bank="BANK1", accounts_file=a.name, transactions_file=t.name
                )
            )
        except Exception as exc:  # the assertion shows it
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert len(results) == 2 and not [r for r in results if isinstance(r, Exception)], results
    assert _count(bank_store, Account) == 4 and _count(bank_store, Transaction) == 5
    assert sorted(r.accounts_new for r in results) == [0, 4]  # type: ignore[union-attr]
