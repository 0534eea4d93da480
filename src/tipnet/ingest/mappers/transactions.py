"""Banks: one transfer between two accounts."""

from __future__ import annotations

from tipnet.ingest.errors import RowError
from tipnet.ingest.mappers.common import MapContext
from tipnet.store.tables.finance import Transaction

CURRENCIES = {"KHR", "USD", "THB", "VND", "CNY", "LAK", "MMK", "IDR", "PHP", "MYR", "SGD", "EUR", "USDT"}


def apply(ctx: MapContext) -> None:
    row = ctx.row
    booked = row.datetime("booked_at", required=True)
    source = row.text("from_account", required=True, max_len=64)
    target = row.text("to_account", required=True, max_len=64)
    amount = row.decimal("amount", required=True)
    currency = (row.text("currency", required=True, max_len=8) or "").upper()
    if amount is not None and amount <= 0:
        raise RowError("amount", "must be positive")
    if currency not in CURRENCIES:
        raise RowError("currency", f"unknown currency; expected one of {', '.join(sorted(CURRENCIES))}")
    ctx.new(
        Transaction,
        {"source_record_id": ctx.record},
        booked_at=booked,
        from_account=source,
        to_account=target,
        amount=amount,
        currency=currency,
        channel=row.code("channel", "transaction_channel"),
        reference=row.text("reference", max_len=500),
    )
