"""A job offer a member of the public chose to report from the `/check` page becomes a hotline
report (channel `web`), with the red flags found, for the hotline team to follow up. Nothing about
the person is asked or kept: no name, no phone, no address (the page says so); the report is
audited as created by the public check; its text is sealed as every hotline narrative is."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.recruitment.screen import Verdict
from tipnet.security import audit, textseal
from tipnet.security.keys import Keyring
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.sources import Organisation, SourceRecord

ORG_CODE = "PUBLIC-CHECK"
ACTOR = "public-check"
COUNTRY_ISO3 = {
    "KH": "KHM",
    "TH": "THA",
    "VN": "VNM",
    "LA": "LAO",
    "MM": "MMR",
    "CN": "CHN",
    "ID": "IDN",
    "PH": "PHL",
}


def _org(session: Session) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == ORG_CODE))
    if org is None:
        org = Organisation(code=ORG_CODE, org_Name="Public job-offer check (web)", org_Type="Hotline")
        session.add(org)
        session.flush()
    return org


def report_offer(
    session: Session, text: str, verdict: Verdict, country: str | None, ring: Keyring | None
) -> str:
    """Store the offer as a hotline report; returns its reference (shown to the person). Like every
    hotline report, its narrative and location are sealed (tipnet.security.textseal): the offer may
    name the person who received it or their family."""
    org = _org(session)
    reference = "CHK-" + secrets.token_hex(5).upper()
    source = SourceRecord(
        source_type="hotline",
        org_id=org.id,
        record_id=reference,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    session.add(source)
    session.flush()
    flags = ", ".join(f"{f.code} ({f.evidence})" if f.evidence else f.code for f in verdict.flags)
    narrative = (
        f"Job offer reported through the public check page. Score {verdict.score:.2f}; "
        f"red flags: {flags or 'none'}.\n---\n{text}"
    )
    report = HotlineReport(
        source_record_id=source.id,
        received_at=datetime.now(UTC).replace(tzinfo=None),
        channel="web",
        language=verdict.language,
        location=COUNTRY_ISO3.get(country or ""),
        exploitation_type=[],  # not known yet: a recruitment offer, not an exploitation (HTCDS codes)
        narrative=narrative,
    )
    session.add(report)
    session.flush()
    if ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    textseal.seal_rows(session, [report], ring)
    audit.record(
        session,
        ACTOR,
        "create",
        "hotline_report",
        report.id,
        details={"via": "check", "reference": reference},
    )
    return reference
