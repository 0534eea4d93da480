"""Hotline: a report of suspected trafficking, and its subject when the caller could say who."""

from __future__ import annotations

from tipnet.ingest.mappers.common import MapContext, build_person
from tipnet.store.tables.hotline import HotlineReport


def apply(ctx: MapContext) -> None:
    row = ctx.row
    received = row.datetime("received_at", required=True)
    channel = row.code("channel", "contact_channel")
    language = row.text("language", max_len=8)
    caller_phone = row.phone("caller_phone")
    subject_name = row.text("subject_name")
    subject_phone = row.phone("subject_phone")
    nationality = row.country("subject_nationality")
    exploitation = row.codes("exploitation_type", "vic_TypeOfExploitation")
    location = row.text("location", max_len=300)
    narrative = row.text("narrative", max_len=20000)
    person = None
    if subject_name or subject_phone:
        person, _ = build_person(
            ctx,
            full=subject_name,
            citizenship=[nationality] if nationality else [],
            phone=subject_phone,
        )
        ctx.to_seal.append(person)  # the subject of a report is a possible victim
    refs = {"source_record_id": ctx.record}
    if person is not None:
        refs["subject_person_id"] = person
    report = ctx.new(
        HotlineReport,
        refs,
        received_at=received,
        channel=channel,
        language=language,
        caller_phone=caller_phone,
        location=location,
        exploitation_type=exploitation,
        narrative=narrative,
    )
    # The narrative names the subject, the caller's phone and location identify the caller: sealed
    # like the subject's identity (tipnet.security.textseal), whether or not a subject was named.
    names = [subject_name] if subject_name else []
    ctx.flag_text("narrative", narrative, names)
    ctx.flag_text("location", location, names)
    ctx.hold_text(report)
