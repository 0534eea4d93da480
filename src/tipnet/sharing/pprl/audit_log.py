"""The audit events of PPRL: one per encoding and one per match, counts and parameters only.

Details name the schema, the key check value, the files (name and SHA-256) and counts; never a value
of a record, nor a record id (a CSV's ids may be case numbers the party keeps to itself).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tipnet.security import audit

ENCODING = "pprl_encoding"
MATCH = "pprl_match"
EXPAND = "pprl_expand"


def record_encoding(
    session: Session,
    actor: str,
    *,
    source: str,
    out_name: str,
    out_sha256: str | None,
    schema: dict[str, Any],
    key_check: str,
    ids: str,
    records: int,
    rejected: int,
    reason: str | None = None,
    stored: dict[str, Any] | None = None,
    own_groups: dict[str, int] | None = None,
) -> None:
    """An encoding (action `export`: the records leave as filters). `stored`: what was read from the
    store (persons, sealed persons opened, roles, case organisation), for `--stored`; `out_sha256` is
    None when the run failed after the store's persons were opened."""
    details: dict[str, Any] = {
        "purpose": "pprl",
        "source": source,
        "file": out_name,
        "sha256": out_sha256,
        **schema,
        "key_check": key_check[:16],
        "ids": ids,
        "records": records,
        "rejected": rejected,
    }
    if stored is not None:
        details["stored"] = stored
    details["link_own"] = own_groups is not None
    if own_groups is not None:  # `--link-own`: counts of the party's own groups, never their members
        details["own_groups"] = own_groups
    if out_sha256 is None:
        details["failed"] = True
    audit.record(session, actor, "export", ENCODING, out_name, reason=reason, details=details)


def record_match(
    session: Session,
    actor: str,
    *,
    inputs: list[dict[str, Any]],
    schema: dict[str, Any],
    key_check: str,
    threshold: float,
    pairs_compared: int,
    matches: int,
    out_name: str,
    reason: str | None = None,
    population_prior: dict[str, Any] | None = None,
    learnt: dict[str, Any] | None = None,
) -> None:
    """A match of two encodings (action `search`: who the two parties share). `population_prior`:
    whether the prior of the files' sizes was applied, the parties' expected overlap and the shift;
    `learnt`: whether the learnt comparison stage scored the pairs (and which model)."""
    audit.record(
        session,
        actor,
        "search",
        MATCH,
        out_name,
        reason=reason,
        details={
            "purpose": "pprl",
            "inputs": inputs,
            **schema,
            "key_check": key_check[:16],
            "threshold": threshold,
            "pairs_compared": pairs_compared,
            "matches": matches,
            "output": out_name,
            "population_prior": population_prior,
            "learnt": learnt,
        },
    )


def record_expand(
    session: Session,
    actor: str,
    *,
    matches: str,
    groups: str,
    side: str,
    read: int,
    added: int,
    out_name: str,
) -> None:
    """A match expanded through the party's own groups (action `search`): file names and counts."""
    audit.record(
        session,
        actor,
        "search",
        EXPAND,
        out_name,
        details={
            "purpose": "pprl",
            "matches_file": matches,
            "groups_file": groups,
            "side": side,
            "pairs_read": read,
            "pairs_added": added,
            "output": out_name,
        },
    )
