"""Run every typology over the checked tables, group findings into one alert per scheme, and write them.

An alert is one scheme: a broker and every account paying it, a controller and its workers, a chain of
mules and the senders it drained. Victims are never suspects: an account found as a victim anywhere keeps
only its victim roles (a victim whose account is then used by the network is still reported as a victim,
with the evidence, for the analyst to judge).
"""

from __future__ import annotations

import csv
import importlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from tipnet.finance.goaml import Evidence, Party
from tipnet.finance.typologies import TYPOLOGIES, VICTIM_ROLES, Params, prepare
from tipnet.ingest import csvsafe

ALERT_COLUMNS = ("alert_id", "account_id", "typology", "role", "score", "evidence")
EVIDENCE_COLUMNS = (
    "alert_id",
    "tx_id",
    "timestamp",
    "from_account",
    "to_account",
    "amount",
    "currency",
    "usd",
    "channel",
)
PARTY_COLUMNS = (
    "account_id",
    "holder_name",
    "holder_type",
    "country",
    "opened",
    "birth_date",
    "id_number",
    "phone",
)


@dataclass
class Detection:
    alerts: int = 0
    rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    per_typology: dict[str, int] = field(default_factory=dict)


def detect(
    con: duckdb.DuckDBPyConnection,
    params: Params | None = None,
    *,
    typologies: Iterable[str] = TYPOLOGIES,
    on_step: Callable[[str], None] | None = None,
) -> Detection:
    """Fill `finding`, `evidence`, `scheme_note`, `dismissed` and the grouped `alert` table."""
    p = params or Params()
    out = Detection()
    start = time.perf_counter()
    prepare(con)
    out.seconds["prepare"] = time.perf_counter() - start
    for name in typologies:
        if name not in TYPOLOGIES:
            raise ValueError(f"unknown typology {name!r}; known: {', '.join(TYPOLOGIES)}")
        t0 = time.perf_counter()
        importlib.import_module(f"tipnet.finance.typologies.{name}").run(con, p)
        out.seconds[name] = time.perf_counter() - t0
        if on_step:
            on_step(name)
    group_alerts(con, out)
    out.seconds["total"] = time.perf_counter() - start
    return out


def group_alerts(con: duckdb.DuckDBPyConnection, out: Detection) -> None:
    """Victims keep only their victim roles; one alert per scheme, numbered by score (whichever engine
    filled `finding`: scores rounded to 6 places for the numbering, since DuckDB and Spark may differ in
    the last bits of the same sum)."""
    victims = ", ".join(f"'{r}'" for r in sorted(VICTIM_ROLES))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE victim_accounts AS
        SELECT DISTINCT aid FROM finding WHERE role IN ({victims});
        DELETE FROM finding WHERE role NOT IN ({victims}) AND aid IN (SELECT aid FROM victim_accounts);

        CREATE OR REPLACE TABLE alert AS
        SELECT typology, scheme,
               substr(scheme, 1, 2) || '-' || lpad(CAST(row_number() OVER (ORDER BY round(max(score), 6) DESC,
                   scheme) AS VARCHAR), 6, '0') AS alert_id,
               max(score) AS score, count(DISTINCT aid) AS accounts
        FROM finding GROUP BY typology, scheme;
        """
    )
    out.alerts = int(con.sql("SELECT count(*) FROM alert").fetchall()[0][0])
    for typ, n in con.sql("SELECT typology, count(*) FROM alert GROUP BY 1").fetchall():
        out.per_typology[typ] = int(n)


def write_alerts(con: duckdb.DuckDBPyConnection, folder: Path) -> int:
    """DIR/alerts.csv (one row per account of each alert, evidence tx ids joined by `;`) and
    DIR/alerts.json (each alert's explanation, score, accounts and evidence, for an analyst or an STR)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = con.sql(
        """
        WITH ev AS (
            SELECT e.typology, e.scheme, string_agg(DISTINCT t.tx_id, ';' ORDER BY t.tx_id) AS evidence
            FROM evidence e JOIN tx t ON t.row = e.row GROUP BY e.typology, e.scheme
        )
        SELECT a.alert_id, acc.account_id, f.typology, f.role, round(f.score, 3), coalesce(ev.evidence, '')
        FROM alert a JOIN finding f USING (typology, scheme) JOIN accounts acc ON acc.aid = f.aid
        LEFT JOIN ev USING (typology, scheme)
        ORDER BY a.alert_id, f.role, acc.account_id
        """
    ).fetchall()
    with (folder / "alerts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(ALERT_COLUMNS)
        w.writerows(rows)
    notes = con.sql(
        """
        SELECT a.alert_id, a.typology, a.scheme, round(a.score, 3), a.accounts, n.explanation
        FROM alert a LEFT JOIN scheme_note n USING (typology, scheme) ORDER BY a.alert_id
        """
    ).fetchall()
    payload = [
        {"alert_id": aid, "typology": typ, "scheme": sch, "score": score, "accounts": n, "explanation": text}
        for aid, typ, sch, score, n, text in notes
    ]
    (folder / "alerts.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    evidence = con.sql(
        """
        SELECT DISTINCT a.alert_id, t.tx_id, strftime(t.ts, '%Y-%m-%dT%H:%M:%S'), s.account_id, d.account_id,
               t.amount, t.currency, round(t.usd, 2), t.channel
        FROM alert a JOIN evidence e USING (typology, scheme) JOIN tx t ON t.row = e.row
        LEFT JOIN accounts s ON s.aid = t.src LEFT JOIN accounts d ON d.aid = t.dst
        ORDER BY 1, 3, 2
        """
    ).fetchall()
    with (folder / "evidence.csv").open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(EVIDENCE_COLUMNS)
        w.writerows(evidence)
    parties = con.sql(
        """
        SELECT account_id, holder_name, holder_type, country, opened, birth_date, id_number, phone
        FROM accounts WHERE aid IN (
            SELECT aid FROM finding UNION SELECT t.src FROM evidence e JOIN tx t ON t.row = e.row
            UNION SELECT t.dst FROM evidence e JOIN tx t ON t.row = e.row)
        ORDER BY account_id
        """
    ).fetchall()
    with (folder / "parties.csv").open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(PARTY_COLUMNS)
        w.writerows(parties)
    return len(rows)


@dataclass
class AlertFolder:
    """One alert read back from a `detect` output folder, for an STR straight from files."""

    alert_id: str
    typologies: list[str]
    explanation: str
    evidence: list[Evidence]
    parties: dict[str, Party]


def read_alert(folder: Path, alert_id: str) -> AlertFolder:
    """Raises FileNotFoundError (no such folder/file) or KeyError (no such alert)."""
    notes = json.loads((folder / "alerts.json").read_text(encoding="utf-8"))
    note = next((n for n in notes if n["alert_id"] == alert_id), None)
    if note is None:
        raise KeyError(alert_id)
    evidence: list[Evidence] = []
    with (folder / "evidence.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["alert_id"] != alert_id:
                continue
            evidence.append(
                Evidence(
                    tx_id=_plain(r["tx_id"]),
                    timestamp=datetime.fromisoformat(r["timestamp"]),
                    from_account=_plain(r["from_account"]) or None,
                    to_account=_plain(r["to_account"]) or None,
                    amount=float(r["amount"]),
                    currency=r["currency"],
                    usd=float(r["usd"]),
                    channel=r["channel"],
                )
            )
    parties: dict[str, Party] = {}
    with (folder / "parties.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            aid = _plain(r["account_id"])
            parties[aid] = Party(
                aid,
                _plain(r["holder_name"] or ""),
                r["holder_type"],
                r["country"],
                opened=r.get("opened") or None,
                birth_date=r.get("birth_date") or None,
                id_number=_plain(r.get("id_number") or "") or None,
                phone=_plain(r.get("phone") or "") or None,
            )
    return AlertFolder(alert_id, [note["typology"]], note.get("explanation") or "", evidence, parties)


def _plain(value: str) -> str:
    """A cell as it was before csvsafe escaped a formula-like start with a quote."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(csvsafe.FORMULA_START):
        return value[1:]
    return value


def write_dismissed(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Candidates explained away as ordinary look-alikes, with why (for tuning and for the analyst)."""
    rows = con.sql(
        """
        SELECT d.typology, a.account_id, any_value(d.reason)
        FROM dismissed d JOIN accounts a ON a.aid = d.aid
        WHERE d.aid NOT IN (SELECT aid FROM finding WHERE typology = d.typology)
        GROUP BY d.typology, a.account_id ORDER BY 1, 2
        """
    ).fetchall()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["typology", "account_id", "why_not"])
        w.writerows(rows)
    return len(rows)
