"""The report's section on the safe exchange with partners: two simulated installs (Cambodia's
committee and a Thai shelter agency), each with its own store and keys, register each other, agree
on purposes, fields and retention, and exchange a signed, encrypted bundle; a victim withdraws
consent and the notice follows; the receiver's retention purge runs. Counts only, nothing
identifying: the names are made up here and never leave the two demo stores."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from markupsafe import escape
from sqlalchemy import Engine, func, select

from tipnet.cases import referrals
from tipnet.cases import service as svc
from tipnet.cases.models import CaseIn, ConsentIn
from tipnet.report.render import Section
from tipnet.security.config import SecuritySettings
from tipnet.security.keyguard import open_keyring
from tipnet.security.keys import Keyring, init_keyring, load_keyring
from tipnet.security.users import Principal, create_user, principal_of
from tipnet.sharing import agreements, identity, partners
from tipnet.sharing.purge import purge
from tipnet.sharing.receive import import_bundle
from tipnet.sharing.send import build_records, build_withdrawals
from tipnet.store.engine import make_engine, session_scope, upgrade
from tipnet.store.tables.sharing import ReceivedRecord

_GIVEN = ("Sophea", "Dara", "Srey Pov", "Channary", "Bopha", "Kunthea", "Malis", "Sokha", "Vanna", "Rachana")
_FAMILY = ("Chea", "Keo", "Lim", "Meas", "Nhem", "Ouk", "Phan", "Sam", "Touch", "Yim")
RETENTION_DAYS = 90


@dataclass
class _Install:
    engine: Engine
    ring: Keyring
    worker: Principal


def _install(root: Path, code: str, org: str) -> _Install:
    key_file = root / code / "keys.json"
    init_keyring(SecuritySettings(key_file=key_file))
    engine = make_engine(f"sqlite:///{root / code / 'store.db'}")
    upgrade(engine)
    ring = open_keyring(engine, load_keyring(SecuritySettings(key_file=key_file)))
    identity.create(ring)
    with session_scope(engine) as session:
        worker = principal_of(
            create_user(
                session, f"worker-{code.lower()}", "demo-password-long", "case_worker", org, create_org=True
            )
        )
    return _Install(engine, ring, worker)


def _register(here: _Install, other: _Install, code: str, *, deliver_to: str | None = None) -> None:
    card = partners.card_of(identity.load(other.ring).card(code, code))
    with session_scope(here.engine) as session:
        row = partners.add(
            session, card, actor="demo", expected_fingerprint=card.fingerprint, deliver_to=deliver_to
        )
        terms = agreements.terms(
            ["victim-support", "family-tracing"],
            [
                "prs_FirstName",
                "prs_SecondName",
                "prs_Birthdate",
                "prs_Gender",
                "prs_Citizenship",
                "vic_TypeOfExploitation",
            ],
            RETENTION_DAYS,
            date.today(),
            date.today() + timedelta(days=365),
        )
        agreements.set_agreement(session, row, terms, actor="demo")


def exchange(root: Path, *, victims: int = 24, seed: int = 2026) -> dict[str, int]:
    """Run the exchange in `root` (emptied first); the counts of what happened."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    rng = random.Random(seed)
    kh = _install(root, "KH-NCCT", "NCCT")
    th = _install(root, "TH-DSDW", "DSDW")
    _register(kh, th, "TH-DSDW")
    _register(th, kh, "KH-NCCT", deliver_to="DSDW")
    case_ids: list[int] = []
    withdrawn_cp: tuple[int, int] | None = None
    covered = 0
    for i in range(victims):
        person = {
            "role": "victim",
            "prs_FirstName": rng.choice(_GIVEN),
            "prs_SecondName": rng.choice(_FAMILY),
            "prs_Birthdate": f"{rng.randint(1985, 2007)}-{rng.randint(1, 12):02d}",
            "prs_Gender": rng.choice(("Feminine", "Feminine", "Masculine")),
            "prs_Citizenship": ["KHM"],
            "prs_IdentityNumber": f"N{rng.randint(10**8, 10**9 - 1)}",
            "vic_TypeOfExploitation": [rng.choice(("ForcedLabour", "SexualExploitation", "ForcedMarriage"))],
        }
        with session_scope(kh.engine) as session:
            made = svc.create_case(
                session, kh.worker, CaseIn.model_validate({"persons": [person]}), ring=kh.ring
            )
        with session_scope(kh.engine) as session:
            cp_id = svc.get_case(session, kh.worker, made.id, ring=kh.ring).persons[0].id
        # Two in three consent to victim support by the Thai agency; the others to nothing abroad.
        covers = i % 3 != 2
        covered += covers
        with session_scope(kh.engine) as session:
            referrals.add_consent(
                session,
                kh.worker,
                made.id,
                cp_id,
                ConsentIn(
                    con_Consent=True,
                    scope="sharing",
                    method="written",
                    purposes=["victim-support"] if covers else ["investigation"],
                    partners=["TH-DSDW"] if covers else ["*"],
                ),
            )
        case_ids.append(made.id)
        if covers and withdrawn_cp is None:
            withdrawn_cp = (made.id, cp_id)
    with session_scope(kh.engine) as session:
        built = build_records(
            session,
            kh.ring,
            partner_code="TH-DSDW",
            purpose="victim-support",
            case_ids=case_ids,
            actor="worker-kh-ncct",
            reason="demo: victims placed in Thai shelters",
        )
    with session_scope(th.engine) as session:
        first = import_bundle(session, th.ring, built.data, actor="worker-th-dsdw")
    with session_scope(th.engine) as session:
        again = import_bundle(session, th.ring, built.data, actor="worker-th-dsdw")
    assert withdrawn_cp is not None
    with session_scope(kh.engine) as session:
        referrals.add_consent(
            session,
            kh.worker,
            withdrawn_cp[0],
            withdrawn_cp[1],
            ConsentIn(con_Consent=False, scope="sharing"),
        )
    with session_scope(kh.engine) as session:
        notice = build_withdrawals(session, kh.ring, partner_code="TH-DSDW", actor="worker-kh-ncct")
    assert notice is not None
    with session_scope(th.engine) as session:
        applied = import_bundle(session, th.ring, notice.data, actor="worker-th-dsdw")

    # Cambodia rotates its keys in place: two bundles were made under the old key before (one in
    # transit, arriving during the overlap; one held back past it); Thailand applies the signed
    # announcement; bundles under the new key then arrive as before.
    def again_for_th(reason: str) -> bytes:
        with session_scope(kh.engine) as session:
            return build_records(
                session,
                kh.ring,
                partner_code="TH-DSDW",
                purpose="victim-support",
                case_ids=case_ids,
                actor="worker-kh-ncct",
                reason=reason,
            ).data

    in_transit, held_back = again_for_th("demo: update"), again_for_th("demo: update")
    old_identity = identity.load(kh.ring)
    new_identity, former = identity.rotate(kh.ring, overlap_days=7)
    announcement = identity.announcement(
        old_identity,
        new_identity,
        code="KH-NCCT",
        name="NCCT",
        country="KHM",
        accept_until=former.accept_until,
    )
    with session_scope(th.engine) as session:
        partners.apply_announcement(session, "KH-NCCT", announcement, actor="admin-th-dsdw")
    with session_scope(th.engine) as session:
        overlap = import_bundle(session, th.ring, in_transit, actor="worker-th-dsdw")
    with session_scope(th.engine) as session:
        under_new = import_bundle(session, th.ring, again_for_th("demo: update"), actor="worker-th-dsdw")
    late_refused = 0
    try:
        with session_scope(th.engine) as session:
            import_bundle(
                session,
                th.ring,
                held_back,
                actor="worker-th-dsdw",
                now=former.accept_until + timedelta(days=1),
            )
    except ValueError:  # BundleRefused: signed with a retired key after the overlap
        late_refused = 1
    tampered = bytearray(built.data)
    tampered[len(tampered) // 2] = ord("A") if tampered[len(tampered) // 2] != ord("A") else ord("B")
    refused = 0
    try:
        with session_scope(th.engine) as session:
            import_bundle(session, th.ring, bytes(tampered), actor="worker-th-dsdw")
    except ValueError:  # BundleRefused
        refused = 1
    later = date.today() + timedelta(days=RETENTION_DAYS + 1)
    with session_scope(th.engine) as session:
        purged = sum(purge(session, actor="system:retention", today=later).values())
    with session_scope(th.engine) as session:
        left = session.scalar(select(func.count()).select_from(ReceivedRecord)) or 0
    kh.engine.dispose()
    th.engine.dispose()
    return {
        "victims": victims,
        "consented": covered,
        "sent": built.records,
        "left_out_no_consent": built.no_consent,
        "withheld_identity_numbers": built.withheld.get("prs_IdentityNumber", 0),
        "received": first.added,
        "reimport_added": again.added,
        "withdrawn": applied.withdrawn,
        "tampered_refused": refused,
        "rotation_overlap_updated": overlap.updated,
        "rotation_new_key_updated": under_new.updated,
        "rotation_late_refused": late_refused,
        "purged": purged,
        "left_after_purge": left,
    }


def sharing_section(data_dir: Path) -> tuple[Section, dict[str, int]]:
    n = exchange(data_dir / "sharing-demo")
    rows = [
        ("simulated victims in Cambodia's store", n["victims"]),
        ("whose consent covers victim support by the Thai agency", n["consented"]),
        ("records in the signed, encrypted bundle", n["sent"]),
        ("left out for lack of consent", n["left_out_no_consent"]),
        ("identity numbers withheld (outside the agreement)", n["withheld_identity_numbers"]),
        ("records imported by the Thai install", n["received"]),
        ("added by importing the same bundle again", n["reimport_added"]),
        ("withdrawn after one victim withdrew consent", n["withdrawn"]),
        ("tampered copies refused", n["tampered_refused"]),
        (
            "after Cambodia rotated its keys: records updated by a bundle under the old key, in the overlap",
            n["rotation_overlap_updated"],
        ),
        ("records updated by a bundle under the new key", n["rotation_new_key_updated"]),
        ("bundles under the old key refused after the overlap", n["rotation_late_refused"]),
        (f"deleted by the retention purge ({RETENTION_DAYS} days later)", n["purged"]),
        ("received records left after the purge", n["left_after_purge"]),
    ]
    body = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
    html = (
        "<p>Two simulated installs — Cambodia's committee and a Thai social-development agency, each "
        "with its own store and keys — register each other's public keys and record a data-sharing "
        "agreement (purposes, fields, retention). Cambodia sends a bundle signed with Ed25519 and "
        "sealed to Thailand's X25519 key (PyNaCl); only records whose consent covers the purpose and "
        "the partner go in, only the agreed fields. Cambodia then rotates its keys in place: Thailand "
        "applies the announcement signed by the old and the new key; a bundle under the old key is accepted "
        "during the overlap and refused after it. Counts only: nothing identifying is shown. "
        "<code>tipnet partners</code> and <code>tipnet share</code> do the same between real installs.</p>"
        f"<table><tr><th>step</th><th>count</th></tr>{body}</table>"
    )
    return Section(title="Sharing with partners across borders", html=html, anchor="sharing"), n
