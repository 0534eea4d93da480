"""The six trafficking typologies, one module each: its rules as DuckDB SQL over the checked `tx` and
`accounts` tables, the roles it assigns, its score, its evidence transactions and a plain-words
explanation citing the red flags' sources. Each `run(con, params)` fills four shared tables:

- `finding (typology, scheme, aid, role, score)`: the accounts of each scheme and their roles;
- `evidence (typology, scheme, row)`: the transactions (by input row) an analyst should look at;
- `scheme_note (typology, scheme, score, explanation)`: one plain-words paragraph per scheme;
- `dismissed (typology, aid, reason)`: candidates explained away as an ordinary look-alike.

Nothing here makes a Python object per transaction: the work is SQL; networkx only sees the few edges
left after SQL pruning (cycles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

SOURCES = {
    "FATF-APG 2018": "FATF-APG, Financial Flows from Human Trafficking (2018)",
    "FIN-2020-A008": "FinCEN Advisory FIN-2020-A008, human trafficking and smuggling red flags (2020)",
    "FIN-2023-Alert005": "FinCEN Alert FIN-2023-Alert005, pig butchering and forced labour scam compounds (2023)",
    "Project Protect": "FINTRAC Operational Alert, Project Protect: laundering of proceeds from human trafficking",
}
VICTIM_ROLES = frozenset({"victim", "scam_victim"})
ROLES = {
    "wage_skim": ("front_company", "victim", "recruiter", "operator"),
    "recruitment_fees": ("broker", "victim"),
    "debt_bondage": ("controller", "victim"),
    "mule_chain": ("mule", "scam_victim"),
    "structuring": ("collector", "smurf"),
    "cycle": ("member",),
}
TYPOLOGIES = tuple(ROLES)
OUTPUT_TABLES = ("finding", "evidence", "scheme_note", "dismissed")


class Rows(Protocol):
    def fetchall(self) -> list[Any]: ...


class Sql(Protocol):
    """What a typology needs of its engine: a DuckDB connection, or `finance.spark.SparkSql` running
    the same SQL on Spark."""

    def execute(self, query: str) -> object: ...

    def sql(self, query: str) -> Rows: ...

    def executemany(self, query: str, parameters: Iterable[Sequence[Any]]) -> object: ...


@dataclass(frozen=True)
class Params:
    """Every threshold of every typology, in US dollars, hours and days (docs/finance.md explains each)."""

    home_country: str = "KH"
    cash_threshold_usd: float = 10_000.0
    structuring_band: float = 0.8  # deposits from this share of the threshold up to it
    structuring_window_days: int = 30
    structuring_min_deposits: int = 2
    smurf_min_share: float = 0.3  # smurfing: deposits of at least this share of the threshold, passed on
    fee_window_days: int = 28
    fee_min_victims: int = 5
    fee_new_account_days: int = 60
    fee_quiet_after: int = 2  # at most this many transactions after the last fee
    fee_min_usd: float = 50.0
    fee_max_usd: float = 5_000.0
    skim_hours: int = 72
    skim_min_share: float = 0.5
    skim_min_workers: int = 4
    skim_min_concentration: float = 0.5
    bondage_hours: int = 48
    bondage_min_share: float = 0.25
    bondage_max_share: float = 0.9
    bondage_min_payments: int = 3
    bondage_max_share_cv: float = 0.15
    bondage_max_gap_days: float = 16.0
    bondage_min_victims: int = 2
    bondage_min_controller_share: float = 0.4  # the average share a controller takes
    bondage_min_same_employer: float = 0.8  # share of a controller's workers paid by one employer (placed)
    mule_min_inflow_usd: float = 3_000.0  # one account alone: an inflow this large, then a cash-out
    mule_min_entry_usd: float = 1_000.0  # a chain of two or more: the scam's sums into it at least this
    mule_min_hop_usd: float = 200.0  # a split hop carries at least this
    mule_pass_hours: int = 24
    mule_min_pass_share: float = 0.8
    mule_new_account_days: int = 240
    cycle_min_usd: float = 1_000.0
    cycle_hop_days: int = 4
    cycle_span_days: int = 12
    cycle_amount_tolerance: float = 0.15


def prepare(con: Sql) -> None:
    """The shared output tables and per-account facts every typology uses."""
    con.execute(
        """
        CREATE OR REPLACE TABLE finding (typology VARCHAR, scheme VARCHAR, aid INTEGER, role VARCHAR, score DOUBLE);
        CREATE OR REPLACE TABLE evidence (typology VARCHAR, scheme VARCHAR, row BIGINT);
        CREATE OR REPLACE TABLE scheme_note (typology VARCHAR, scheme VARCHAR, score DOUBLE, explanation VARCHAR);
        CREATE OR REPLACE TABLE dismissed (typology VARCHAR, aid INTEGER, reason VARCHAR);
        CREATE OR REPLACE TEMP MACRO n0(x) AS CAST(round(x) AS BIGINT);
        CREATE OR REPLACE TEMP TABLE activity AS
        SELECT aid, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM (
            SELECT src AS aid, ts FROM tx WHERE src IS NOT NULL
            UNION ALL SELECT dst AS aid, ts FROM tx WHERE dst IS NOT NULL
        ) GROUP BY aid;
        """
    )


def cite(*keys: str) -> str:
    return " Sources: " + "; ".join(SOURCES[k] for k in keys) + "."
