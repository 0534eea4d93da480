"""Online monitoring: a job advert as posted."""

from __future__ import annotations

from tipnet.ingest.mappers.common import MapContext
from tipnet.store.tables.adverts import JobAdvert


def apply(ctx: MapContext) -> None:
    row = ctx.row
    ctx.new(
        JobAdvert,
        {"source_record_id": ctx.record},
        posted_on=row.date("posted_on", required=True),
        platform=row.text("platform", max_len=64),
        language=row.text("language", max_len=8),
        title=row.text("title", max_len=500),
        body=row.text("body", required=True, max_len=20000),
        employer=row.text("employer", max_len=300),
        contact_phone=row.phone("contact_phone"),
        salary_text=row.text("salary_text", max_len=200),
        location=row.text("location", max_len=300),
    )
