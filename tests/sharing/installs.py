"""Two tipnet installs in one test: a Cambodian agency and a Thai one, each with its own store, key
file and partner identity, registered with each other under an agreement.

Persons are synthetic (names made up for the tests, in Latin and Khmer script)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tipnet.cases import referrals
from tipnet.cases import service as svc
from tipnet.cases.models import CaseIn, ConsentIn, ReferralIn
from tipnet.security.config import SecuritySettings
from tipnet.security.keyguard import open_keyring
from tipnet.security.keys import Keyring, init_keyring
from tipnet.security.users import Principal, create_user, principal_of
from tipnet.sharing import agreements, identity, partners
from tipnet.store.engine import make_engine, session_scope

VICTIM = {
    "role": "victim",
    "prs_FirstName": "Sreyneang",
    "prs_SecondName": "Kosalvathana",
    "name_native": "ស្រីនាង កុសលវឌ្ឍនា",
    "prs_Birthdate": "2003-04-17",
    "prs_Gender": "Feminine",
    "prs_Citizenship": ["KHM"],
    "prs_IdentityNumber": "N0991827364",
    "phones": ["+85512998877"],
    "vic_TypeOfExploitation": ["ForcedLabour"],
}
SECOND_VICTIM = {
    "role": "victim",
    "prs_FirstName": "Chanthavy",
    "prs_SecondName": "Rattanakiri",
    "prs_Birthdate": "2001",
    "prs_Gender": "Feminine",
    "prs_Citizenship": ["KHM"],
}
SUSPECT = {
    "role": "suspect",
    "prs_FirstName": "Bunthoeurn",
    "prs_SecondName": "Veasnamony",
    "prs_Gender": "Masculine",
}
SECRET_WORDS = ("Sreyneang", "Kosalvathana", "ស្រីនាង", "N0991827364", "85512998877", "Chanthavy", "Bunthoeurn")


@dataclass
class Install:
    code: str
    name: str
    data_dir: Path
    url: str
    engine: Engine
    ring: Keyring
    worker: Principal

    @property
    def me(self) -> identity.Identity:
        return identity.load(self.ring)

    def card(self) -> partners.Card:
        return partners.card_of(self.me.card(self.code, self.name, None))

    def env(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point the CLI (settings) at this install."""
        from tipnet.settings import get_settings

        monkeypatch.setenv("TIPNET_DATA_DIR", str(self.data_dir))
        monkeypatch.setenv("TIPNET_DATABASE_URL", self.url)
        monkeypatch.delenv("TIPNET_KEY_FILE", raising=False)
        get_settings.cache_clear()


def make_install(code: str, name: str, org: str, url: str, root: Path) -> Install:
    data_dir = root / code
    key_file = data_dir / "keys" / "tipnet-keys.json"
    init_keyring(SecuritySettings(key_file=key_file))
    engine = make_engine(url)
    from tipnet.security.keys import load_keyring

    ring = open_keyring(engine, load_keyring(SecuritySettings(key_file=key_file)))
    identity.create(ring)
    with session_scope(engine) as session:
        worker = principal_of(
            create_user(
                session, f"worker-{code.lower()}", "a-long-password", "case_worker", org, create_org=True
            )
        )
    return Install(code, name, data_dir, url, engine, ring, worker)


FIELDS = [
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "phones",
    "vic_TypeOfExploitation",
]


def register(
    here: Install,
    other: Install,
    *,
    purposes: tuple[str, ...] = ("victim-support", "referral"),
    fields: list[str] | None = None,
    retention_days: int = 90,
    deliver_to: str | None = None,
) -> None:
    with session_scope(here.engine) as session:
        row = partners.add(
            session,
            other.card(),
            actor="admin",
            expected_fingerprint=other.me.fingerprint,
            deliver_to=deliver_to,
        )
        terms = agreements.terms(
            list(purposes),
            fields or FIELDS,
            retention_days,
            date.today() - timedelta(days=1),
            date.today() + timedelta(days=365),
        )
        agreements.set_agreement(session, row, terms, actor="admin")


def open_case(install: Install, *persons: dict[str, Any]) -> tuple[int, list[int]]:
    with session_scope(install.engine) as session:
        made = svc.create_case(
            session,
            install.worker,
            CaseIn.model_validate({"persons": list(persons), "case_ref": f"C-{secrets.token_hex(3)}"}),
            ring=install.ring,
        )
    with session_scope(install.engine) as session:
        out = svc.get_case(session, install.worker, made.id, ring=install.ring)
        return made.id, [p.id for p in out.persons]


def consent(install: Install, case_id: int, cp_id: int, given: bool = True, **covers: Any) -> None:
    with session_scope(install.engine) as session:
        referrals.add_consent(
            session,
            install.worker,
            case_id,
            cp_id,
            ConsentIn.model_validate(
                {"con_Consent": given, "scope": "sharing", "method": "written", **covers}
            ),
        )


def refer_out(install: Install, case_id: int, org: str) -> int:
    with session_scope(install.engine) as session:
        return referrals.refer(
            session, install.worker, case_id, ReferralIn(org=org, reason=None), ring=install.ring
        ).id


def shared_case(kh: Install) -> tuple[int, list[int]]:
    """A case of two victims and a suspect: the first victim consents to victim support with TH-DSDW,
    the second only to investigation, the suspect was never asked."""
    case_id, (v1, v2, _s) = open_case(kh, VICTIM, SECOND_VICTIM, SUSPECT)
    consent(kh, case_id, v1, purposes=["victim-support", "referral"], partners=["TH-DSDW"])
    consent(kh, case_id, v2, purposes=["investigation"], partners=["*"])
    return case_id, [v1, v2]
