"""Bank transactions, column by column: the transfer as stored, or why not."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

BASE = {
    "record_id": "T-1",
    "org": "BANK-ABA",
    "booked_at": "2026-01-05T10:00:00",
    "from_account": "000123456",
    "to_account": "000654321",
    "amount": "1,250.50",
    "currency": "usd",
    "channel": "Transfer",
    "reference": "salary advance",
}


def test_a_transaction_row_stores_one_transfer() -> None:
    assert run("transactions", BASE).rows == {
        "transaction": [
            {
                "booked_at": datetime(2026, 1, 5, 10, 0),
                "from_account": "000123456",
                "to_account": "000654321",
                "amount": Decimal("1250.50"),
                "currency": "USD",
                "channel": "Transfer",
                "reference": "salary advance",
            }
        ]
    }


CASES = [
    ok("booked_at", "2026-01-05T10:00:00+07:00", {"transaction.booked_at": [datetime.fromisoformat("2026-01-05T10:00:00+07:00")]}),
    bad("booked_at", "5 Jan 2026", "booked_at", "not an ISO 8601 date-time"),
    bad("booked_at", ABSENT, "booked_at", "required value is missing"),
    ok("from_account", "KH-ABA-1", {"transaction.from_account": ["KH-ABA-1"]}),
    bad("from_account", ABSENT, "from_account", "required value is missing"),
    bad("from_account", "1" * 65, "from_account", "too long"),
    ok("to_account", "TRC20:TXyz", {"transaction.to_account": ["TRC20:TXyz"]}),
    bad("to_account", ABSENT, "to_account", "required value is missing"),
    bad("to_account", "2" * 65, "to_account", "too long"),
    ok("amount", "0.01", {"transaction.amount": [Decimal("0.01")]}),
    ok("amount", "2500000", {"transaction.amount": [Decimal("2500000")]}),
    bad("amount", "0", "amount", "must be positive"),
    bad("amount", "-5", "amount", "must be positive"),
    bad("amount", "12 USD", "amount", "not a number"),
    bad("amount", "NaN", "amount", "a finite amount expected"),
    bad("amount", "Infinity", "amount", "a finite amount expected"),
    bad("amount", ABSENT, "amount", "required value is missing"),
    ok("currency", "USDT", {"transaction.currency": ["USDT"]}),
    ok("currency", "khr", {"transaction.currency": ["KHR"]}),
    bad("currency", "XYZ", "currency", "unknown currency; expected one of CNY, EUR"),
    bad("currency", ABSENT, "currency", "required value is missing"),
    ok("channel", "Mobile money", {"transaction.channel": ["Mobile"]}),
    ok("channel", ABSENT, {"transaction.channel": [None]}),
    bad("channel", "Hawala", "channel", "not a value of code list 'transaction_channel'"),
    ok("reference", "loan repayment 3/12", {"transaction.reference": ["loan repayment 3/12"]}),
    ok("reference", ABSENT, {"transaction.reference": [None]}),
    bad("reference", "r" * 501, "reference", "too long (501 characters, at most 500)"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_transactions_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("transactions", BASE, column, value, also, expect)


def test_every_transactions_column_is_in_the_table() -> None:
    assert_every_column_has_cases("transactions", CASES, by_pipeline=("record_id", "org"))
