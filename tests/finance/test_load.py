"""Reading a bank's files: every malformed row rejected with its reason, nothing else lost, rates dated."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.finance.conftest import read_csv, write_book
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.finance.load import InputError, MappingError, load, parse_column_options

ACCOUNTS = [
    ("ACC1", "SOK DARA", "person", "KH", "2020-01-05"),
    ("ACC2", "CHAN SREY", "person", "KH", "2021-03-01"),
    ("ACC3", "ANGKOR TRADING CO", "company", "KH", "2015-06-30"),
]
GOOD = [
    ("T1", "2026-03-01T10:00:00", "ACC1", "ACC2", "120.50", "USD", "transfer"),
    ("T2", "2026-03-01T11:00:00+07:00", "ACC2", "ACC1", "410000", "KHR", "mobile"),
    ("T3", "2026-03-02", "", "ACC3", "9500", "USD", "cash_deposit"),
    ("T4", "2026-03-02T12:00:00Z", "ACC3", "", "100", "USD", "cash_withdrawal"),
]
BAD = {
    "T10": (("2026-03-03T10:00:00", "ACC1", "ACC2", "", "USD", "transfer"), "amount: empty"),
    "T11": (("2026-03-03T10:00:00", "ACC1", "ACC2", "1,250.00", "USD", "transfer"), "amount: not a number"),
    "T12": (("2026-03-03T10:00:00", "ACC1", "ACC2", "12.5.0", "USD", "transfer"), "amount: not a number"),
    "T13": (("2026-03-03T10:00:00", "ACC1", "ACC2", "NaN", "USD", "transfer"), "amount: not a number"),
    "T14": (("2026-03-03T10:00:00", "ACC1", "ACC2", "0", "USD", "transfer"), "amount: zero"),
    "T15": (("2026-03-03T10:00:00", "ACC1", "ACC2", "-5", "USD", "transfer"), "amount: negative"),
    "T16": (
        ("2026-03-03T10:00:00", "ACC1", "ACC2", "8e15", "USD", "transfer"),
        "amount: beyond the goAML limit",
    ),
    "T17": (("2026-03-03T10:00:00", "ACC1", "ACC2", "10", "usd", "transfer"), "currency: lower case"),
    "T18": (
        ("2026-03-03T10:00:00", "ACC1", "ACC2", "10", "XYZ", "transfer"),
        "currency: unknown ISO 4217 code",
    ),
    "T19": (("03/03/2026 10:00", "ACC1", "ACC2", "10", "USD", "transfer"), "timestamp: not ISO 8601"),
    "T20": (("2026-02-30T10:00:00", "ACC1", "ACC2", "10", "USD", "transfer"), "timestamp: impossible date"),
    "T21": (
        ("2026-03-03T10:00:00", "NOPE", "ACC2", "10", "USD", "transfer"),
        "from_account: unknown account",
    ),
    "T22": (("2026-03-03T10:00:00", "ACC1", "", "10", "USD", "transfer"), "to_account: empty"),
    "T23": (("2026-03-03T10:00:00", "", "ACC2", "10", "USD", "transfer"), "from_account: empty"),
    "T24": (("2026-03-03T10:00:00", "ACC1", "ACC2", "10", "USD", "carrier_pigeon"), "channel: unknown"),
    "T25": (("2026-03-03T10:00:00", "ACC1", "ACC2", "10", "THB", "transfer"), None),  # THB has a rate: good
    "T1": (("2026-03-03T10:00:00", "ACC1", "ACC2", "10", "USD", "transfer"), "tx_id: repeats row 1"),
}


def _rows() -> list[tuple[object, ...]]:
    return [*GOOD, *((tx_id, *cells) for tx_id, (cells, _) in BAD.items())]


def test_every_malformed_row_is_rejected_with_its_reason(tmp_path: Path) -> None:
    a, t = write_book(tmp_path, ACCOUNTS, _rows())
    loaded = load(a, t)
    rejects = {
        (tx, row): reason
        for row, tx, reason in loaded.con.sql("SELECT row, tx_id, reason FROM rejects").fetchall()
    }
    by_id = {tx: reason for (tx, _row), reason in rejects.items()}
    for tx_id, (_cells, reason) in BAD.items():
        if reason is None:
            assert tx_id not in by_id
        elif tx_id == "T1":
            assert rejects[("T1", len(GOOD) + len(BAD))].startswith(reason)
        else:
            assert reason in by_id[tx_id], (tx_id, by_id.get(tx_id))
    # nothing else lost: every row is either clean or rejected
    assert loaded.transactions + loaded.rejected == len(GOOD) + len(BAD)
    assert loaded.transactions == len(GOOD) + 1


def test_amounts_are_converted_with_the_rate_of_their_day(tmp_path: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,per_usd\n2026-02-01,KHR,4000\n2026-03-01,KHR,4100\n", encoding="utf-8")
    a, t = write_book(
        tmp_path,
        ACCOUNTS,
        [
            ("K1", "2026-02-20T09:00:00", "ACC1", "ACC2", "400000", "KHR", "mobile"),
            ("K2", "2026-03-05T09:00:00", "ACC1", "ACC2", "410000", "KHR", "mobile"),
            ("K3", "2026-01-05T09:00:00", "ACC1", "ACC2", "410000", "KHR", "mobile"),
        ],
    )
    loaded = load(a, t, rates=rates)
    usd = dict(loaded.con.sql("SELECT tx_id, usd FROM tx").fetchall())
    assert usd == {"K1": pytest.approx(100.0), "K2": pytest.approx(100.0)}
    reason = loaded.con.sql("SELECT reason FROM rejects WHERE tx_id = 'K3'").fetchall()[0][0]
    assert reason == "currency: no exchange rate on that day"


def test_columns_are_mapped_by_role(tmp_path: Path) -> None:
    header = ("Reference", "Booked", "Debit", "Credit", "Value", "Ccy", "Type")
    a, t = write_book(tmp_path, ACCOUNTS, GOOD, header=header)
    with pytest.raises(MappingError, match="no column 'tx_id'"):
        load(a, t)
    mapping = parse_column_options(
        [
            "tx_id=Reference",
            "timestamp=Booked",
            "from_account=Debit",
            "to_account=Credit",
            "amount=Value",
            "currency=Ccy",
            "channel=Type",
        ]
    )
    loaded = load(a, t, columns=mapping)
    assert loaded.transactions == len(GOOD) and loaded.rejected == 0
    with pytest.raises(MappingError, match="unknown role"):
        parse_column_options(["colour=Value"])


def test_a_line_the_parser_cannot_split_is_rejected_not_lost(tmp_path: Path) -> None:
    a, t = write_book(tmp_path, ACCOUNTS, GOOD)
    with t.open("a", encoding="utf-8", newline="") as f:
        f.write("T9,2026-03-04T10:00:00,ACC1,ACC2,10,USD,transfer,EXTRA\r\n")
    loaded = load(a, t)
    rows = loaded.con.sql("SELECT row, reason FROM rejects").fetchall()
    assert rows == [(len(GOOD) + 1, "line: too many columns (cannot be split into the header's columns)")]


def test_bad_account_rows_are_rejected(tmp_path: Path) -> None:
    accounts = [
        *ACCOUNTS,
        ("ACC4", "X", "robot", "KH", "2020-01-01"),
        ("ACC5", "Y", "person", "XX", "2020-13-01"),
    ]
    a, t = write_book(tmp_path, accounts, GOOD)
    reasons = dict(load(a, t).con.sql("SELECT tx_id, reason FROM rejects").fetchall())
    assert reasons["ACC4"] == "holder_type: not person or company"
    assert "country: not an ISO 3166 alpha-2 code" in reasons["ACC5"]
    assert "opened: not a date" in reasons["ACC5"]


def test_cli_exit_codes_and_rejects_file(tmp_path: Path) -> None:
    runner = CliRunner()
    a, t = write_book(tmp_path / "clean", ACCOUNTS, GOOD)
    out = tmp_path / "out-clean"
    result = runner.invoke(
        app, ["finance", "detect", "--accounts", str(a), "--transactions", str(t), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "alerts.csv").is_file() and read_csv(out / "rejected.csv") == []

    rows = [*GOOD, ("T30", "2026-03-03T10:00:00", "ACC1", "ACC2", "=HYPERLINK(1)", "USD", "transfer")]
    a, t = write_book(tmp_path / "dirty", ACCOUNTS, rows)
    out = tmp_path / "out-dirty"
    result = runner.invoke(
        app, ["finance", "detect", "--accounts", str(a), "--transactions", str(t), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    rejected = read_csv(out / "rejected.csv")
    assert [(r["row"], r["tx_id"], r["reason"]) for r in rejected] == [("5", "T30", "amount: not a number")]
    assert (out / "alerts.csv").is_file()  # outputs still written

    result = runner.invoke(
        app,
        [
            "finance",
            "detect",
            "--accounts",
            str(tmp_path / "none.csv"),
            "--transactions",
            str(t),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    with pytest.raises(InputError):
        load(tmp_path / "none.csv", t)


def test_the_rate_is_the_booking_days_as_written(tmp_path: Path) -> None:
    """Half past midnight in Phnom Penh on the rates table's first day is the previous day in UTC: the
    bank booked it on its own day, so that day's rate applies."""
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,per_usd\n2026-01-01,KHR,4000\n", encoding="utf-8")
    a, t = write_book(
        tmp_path, ACCOUNTS, [("E1", "2026-01-01T00:30:00+07:00", "ACC1", "ACC2", "400000", "KHR", "mobile")]
    )
    loaded = load(a, t, rates=rates)
    assert loaded.rejected == 0
    assert loaded.con.sql("SELECT usd FROM tx").fetchall() == [(100.0,)]


def test_ingest_then_detect_without_files(tmp_path: Path, data_dir: Path) -> None:
    runner = CliRunner()
    rows = [*GOOD, ("T30", "2026-03-03T10:00:00", "ACC1", "ACC2", "0", "USD", "transfer")]
    a, t = write_book(tmp_path, ACCOUNTS, rows)
    result = runner.invoke(app, ["finance", "ingest", str(a), str(t)])
    assert result.exit_code == 1, result.output  # one row rejected, the rest kept
    kept = data_dir / "finance" / "checked"
    assert (kept / "tx.parquet").is_file()
    assert [r["tx_id"] for r in read_csv(data_dir / "finance" / "rejected.csv")] == ["T30"]
    out = tmp_path / "out"
    result = runner.invoke(app, ["finance", "detect", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 transactions read" in result.output and (out / "alerts.csv").is_file()
    assert runner.invoke(app, ["finance", "detect", "--accounts", str(a), "--out", str(out)]).exit_code == 2
