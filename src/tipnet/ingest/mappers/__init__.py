"""One mapper per source type: a validated row becomes store objects.

A mapper reads every field it needs through `Row` (which raises RowError naming the field)
before it adds anything to the session, so a bad row adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from tipnet.ingest.mappers import adverts, bank, crossings, hotline, ngo, police, transactions
from tipnet.ingest.mappers.common import MapContext

Mapper = Callable[[MapContext], None]

MAPPERS: dict[str, Mapper] = {
    "crossings": crossings.apply,
    "police": police.apply,
    "ngo": ngo.apply,
    "hotline": hotline.apply,
    "bank": bank.apply,
    "transactions": transactions.apply,
    "adverts": adverts.apply,
}

__all__ = ["MAPPERS", "MapContext", "Mapper"]
