"""A bank's accounts.csv and transactions.csv (or Parquet) read into DuckDB, every row checked.

Every malformed row is kept in `rejects` with its data row number (1 = the first row after the header),
its tx_id and every reason, never its other values: an amount that is empty, not a plain decimal number
(`1,250.00`, `12.5.0`, `NaN`), zero, negative or beyond goAML's limit (±7.9e15); a currency that is
lower case, not ISO 4217, or without a rate on that day; a timestamp that is not ISO 8601 or an impossible
date (`2026-02-30`); an unknown channel; an unknown account; a transfer without one of its two accounts
(a cash deposit has no `from_account`, a cash withdrawal no `to_account`); a repeated tx_id; a line the
CSV parser cannot split into the header's columns. Nothing else is lost.

Amounts are converted to US dollars, the reporting currency, with the last rate on or before the
transaction's booking day as written (its local date, before any UTC offset is applied) (an ASOF join on a dated rates table: date, currency, per_usd). The clean tables use
integer account keys so detection joins integers, never strings, at 10 million rows.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pycountry

from tipnet.ingest import csvsafe
from tipnet.sources import TRANSACTION_CHANNELS as CHANNELS

GOAML_LIMIT = 7.9e15
ACCOUNT_ROLES = (
    "account_id",
    "holder_name",
    "holder_type",
    "country",
    "opened",
    "birth_date",
    "id_number",
    "phone",
    "address",
)
TX_ROLES = ("tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel")
REQUIRED_ACCOUNT = ("account_id", "holder_type", "country", "opened")
DEFAULT_RATES = Path(__file__).with_name("rates.csv")
ISO_4217 = frozenset(c.alpha_3 for c in pycountry.currencies)
ISO_3166 = frozenset(c.alpha_2 for c in pycountry.countries)
_ISO_TS = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"
_NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"


class InputError(Exception):
    """A file that cannot be read at all (missing, no header, a required column absent): exit 2."""


class MappingError(InputError):
    """A --column option naming an unknown role or a column the file lacks."""


def parse_column_options(options: Sequence[str]) -> dict[str, str]:
    """`ROLE=COLUMN` options (as `tipnet link csv`) → role → column."""
    out: dict[str, str] = {}
    for opt in options:
        role, sep, col = opt.partition("=")
        role = role.strip().lower()
        if not sep or not col.strip():
            raise MappingError(f"--column {opt!r}: expected ROLE=COLUMN")
        if role not in ACCOUNT_ROLES + TX_ROLES:
            raise MappingError(
                f"--column {opt!r}: unknown role {role!r}; roles: {', '.join(ACCOUNT_ROLES + TX_ROLES)}"
            )
        out[role] = col.strip()
    return out


@dataclass
class Loaded:
    """The connection holding `accounts` (aid, account_id, holder_type, country, opened, ..., row: its data
    row in the file), `tx` (row, tx_id,
    ts, src, dst, amount, currency, usd, channel) and `rejects` (file, row, tx_id, reason)."""

    con: duckdb.DuckDBPyConnection
    accounts: int = 0
    transactions: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def _source(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        return f"read_parquet('{_q(str(path))}/*.parquet')"
    if path.suffix == ".parquet":
        return f"read_parquet('{_q(str(path))}')"
    header = _header(path)
    columns = ", ".join(f"'{_q(h)}': 'VARCHAR'" for h in header)
    return (
        f"read_csv('{_q(str(path))}', header=true, auto_detect=false, columns={{{columns}}}, store_rejects=true, "
        "rejects_table='csv_rejects', rejects_scan='csv_rejects_scan', delim=',', quote='\"', escape='\"')"
    )


def _read(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    """Run a statement reading `path`; a file the CSV reader cannot parse at all (mixed line endings, a
    broken encoding) is an InputError naming the file, never a traceback."""
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        raise InputError(f"{path.name}: cannot be read ({str(exc).splitlines()[0]})") from None


def _header(path: Path) -> list[str]:
    """The header row, read by Python's csv (DuckDB's sniffer gives up on a short file with a bad line)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: cannot be read ({exc})") from None
    header = [h.strip() for h in header]
    if not header or not any(header):
        raise InputError(f"{path.name}: no header row")
    if len(set(header)) != len(header):
        raise InputError(f"{path.name}: repeated column names in the header")
    return header


def _q(text: str) -> str:
    return text.replace("'", "''")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> list[str]:
    try:
        return [d[0] for d in con.sql(f"SELECT * FROM {source} LIMIT 0").description]
    except duckdb.Error as exc:
        raise InputError(f"{path.name}: cannot be read ({str(exc).splitlines()[0]})") from None


def _select(
    columns: list[str], roles: Sequence[str], given: Mapping[str, str], required: Sequence[str], path: Path
) -> str:
    by_lower = {c.lower(): c for c in columns}
    parts = []
    for role in roles:
        col = given.get(role, role)
        actual = col if col in columns else by_lower.get(col.lower())
        if actual is None:
            if role in required or role in given:
                raise MappingError(
                    f"{path.name}: no column {col!r} (for {role}); columns: {', '.join(columns)}; "
                    f"map one with --column {role}=COLUMN"
                )
            parts.append(f"NULL::VARCHAR AS {role}")
        else:
            parts.append(f"NULLIF(trim(CAST({_ident(actual)} AS VARCHAR)), '') AS {role}")
    return ", ".join(parts)


def load(
    accounts: Path,
    transactions: Path,
    *,
    columns: Mapping[str, str] | None = None,
    rates: Path | None = None,
    database: str = ":memory:",
    threads: int | None = None,
    memory_limit: str | None = "4GB",
) -> Loaded:
    """Read and check both files; raises InputError when a file cannot be read at all."""
    given = dict(columns or {})
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:  # DuckDB spills to its temporary directory beyond this
        con.execute(f"SET memory_limit = '{_q(memory_limit)}'")
        con.execute("SET preserve_insertion_order = true")
    con.execute("CREATE TABLE rejects (file VARCHAR, row BIGINT, tx_id VARCHAR, reason VARCHAR)")

    a_src = _source(accounts)
    a_cols = _columns(con, a_src, accounts)
    a_sel = _select(a_cols, ACCOUNT_ROLES, given, REQUIRED_ACCOUNT, accounts)
    _read(
        con,
        f"CREATE TEMP TABLE raw_accounts AS SELECT row_number() OVER () AS row, {a_sel} FROM {a_src}",
        accounts,
    )
    _parser_rejects(con, accounts.name)
    con.execute("CREATE TEMP TABLE iso_countries (code VARCHAR)")
    con.executemany("INSERT INTO iso_countries VALUES (?)", [(c,) for c in sorted(ISO_3166)])
    con.execute(
        """
        CREATE TEMP TABLE checked_accounts AS
        SELECT *, concat_ws('; ',
            CASE WHEN account_id IS NULL THEN 'account_id: empty' END,
            CASE WHEN account_id IS NOT NULL AND row > min(row) OVER (PARTITION BY account_id)
                 THEN 'account_id: repeats row ' || min(row) OVER (PARTITION BY account_id) END,
            CASE WHEN holder_type IS NULL OR holder_type NOT IN ('person', 'company')
                 THEN 'holder_type: not person or company' END,
            CASE WHEN country IS NULL OR country NOT IN (SELECT code FROM iso_countries)
                 THEN 'country: not an ISO 3166 alpha-2 code' END,
            CASE WHEN opened IS NULL OR NOT regexp_matches(opened, '^\\d{4}-\\d{2}-\\d{2}$')
                      OR try_cast(opened AS DATE) IS NULL
                 THEN 'opened: not a date (YYYY-MM-DD)' END
        ) AS reason FROM raw_accounts
        """
    )
    con.execute(
        f"INSERT INTO rejects SELECT '{_q(accounts.name)}', row, account_id, reason FROM checked_accounts "
        "WHERE reason <> ''"
    )
    con.execute(
        """
        CREATE TABLE accounts AS
        SELECT (row_number() OVER (ORDER BY row))::INTEGER AS aid, account_id, holder_name, holder_type, country,
               CAST(opened AS DATE) AS opened, TRY_CAST(birth_date AS DATE) AS birth_date, id_number, phone,
               address, row
        FROM checked_accounts WHERE reason = ''
        """
    )

    _rates(con, rates or DEFAULT_RATES)
    t_src = _source(transactions)
    t_cols = _columns(con, t_src, transactions)
    t_sel = _select(t_cols, TX_ROLES, given, TX_ROLES[:2] + TX_ROLES[4:], transactions)
    con.execute("DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_rejects_scan")
    _read(
        con,
        f"CREATE TEMP TABLE raw_tx AS SELECT row_number() OVER () AS row, {t_sel} FROM {t_src}",
        transactions,
    )
    _parser_rejects(con, transactions.name)
    channels = ", ".join(f"'{c}'" for c in CHANNELS)
    con.execute("CREATE TEMP TABLE iso_currencies (code VARCHAR)")
    con.executemany("INSERT INTO iso_currencies VALUES (?)", [(c,) for c in sorted(ISO_4217)])
    con.execute(
        f"""
        CREATE TEMP TABLE repeats AS
        SELECT tx_id AS rep_id, min(row) AS first_row FROM raw_tx WHERE tx_id IS NOT NULL
        GROUP BY tx_id HAVING count(*) > 1;
        CREATE TEMP VIEW parsed AS
        SELECT r.*, s.aid AS src, d.aid AS dst, rp.first_row,
               CASE WHEN regexp_matches(r.timestamp, '{_ISO_TS}')
                    THEN try_cast(r.timestamp AS TIMESTAMPTZ) END AS tsz,
               CASE WHEN regexp_matches(r.amount, '{_NUMBER}') THEN try_cast(r.amount AS DOUBLE) END AS value
        FROM raw_tx r
        LEFT JOIN accounts s ON s.account_id = r.from_account
        LEFT JOIN accounts d ON d.account_id = r.to_account
        LEFT JOIN repeats rp ON rp.rep_id = r.tx_id
        """
    )
    con.execute(
        """
        CREATE TEMP VIEW valued AS
        SELECT p.*, CAST(timezone('UTC', p.tsz) AS TIMESTAMP) AS ts, rt.per_usd
        FROM parsed p
        ASOF LEFT JOIN rates rt ON rt.currency = p.currency
            AND try_cast(substr(p.timestamp, 1, 10) AS DATE) >= rt.day  -- the booking day as written
        """
    )
    con.execute(
        f"""
        CREATE TEMP TABLE checked AS
        SELECT *, concat_ws('; ',
            CASE WHEN tx_id IS NULL THEN 'tx_id: empty' END,
            CASE WHEN first_row IS NOT NULL AND row > first_row THEN 'tx_id: repeats row ' || first_row END,
            CASE WHEN timestamp IS NULL THEN 'timestamp: empty'
                 WHEN NOT regexp_matches(timestamp, '{_ISO_TS}') THEN 'timestamp: not ISO 8601'
                 WHEN tsz IS NULL THEN 'timestamp: impossible date or time' END,
            CASE WHEN amount IS NULL THEN 'amount: empty'
                 WHEN value IS NULL OR isnan(value) OR isinf(value) THEN 'amount: not a number'
                 WHEN value = 0 THEN 'amount: zero'
                 WHEN value < 0 THEN 'amount: negative'
                 WHEN abs(value) > {GOAML_LIMIT} THEN 'amount: beyond the goAML limit of 7.9e15' END,
            CASE WHEN currency IS NULL THEN 'currency: empty'
                 WHEN currency <> upper(currency) AND upper(currency) IN (SELECT code FROM iso_currencies)
                      THEN 'currency: lower case (ISO 4217 codes are upper case)'
                 WHEN currency NOT IN (SELECT code FROM iso_currencies) THEN 'currency: unknown ISO 4217 code'
                 WHEN tsz IS NOT NULL AND per_usd IS NULL THEN 'currency: no exchange rate on that day' END,
            CASE WHEN channel IS NULL THEN 'channel: empty'
                 WHEN channel NOT IN ({channels}) THEN 'channel: unknown' END,
            CASE WHEN from_account IS NOT NULL AND src IS NULL THEN 'from_account: unknown account' END,
            CASE WHEN to_account IS NOT NULL AND dst IS NULL THEN 'to_account: unknown account' END,
            CASE WHEN channel = 'cash_deposit' AND from_account IS NOT NULL
                      THEN 'from_account: a cash deposit has none'
                 WHEN channel IN ({channels}) AND channel <> 'cash_deposit' AND from_account IS NULL
                      THEN 'from_account: empty (a ' || channel || ' needs both accounts)' END,
            CASE WHEN channel = 'cash_withdrawal' AND to_account IS NOT NULL
                      THEN 'to_account: a cash withdrawal has none'
                 WHEN channel IN ({channels}) AND channel <> 'cash_withdrawal' AND to_account IS NULL
                      THEN 'to_account: empty (a ' || channel || ' needs both accounts)' END,
            CASE WHEN src IS NOT NULL AND src = dst THEN 'to_account: the same as from_account' END
        ) AS reason FROM valued
        """
    )
    con.execute(
        f"INSERT INTO rejects SELECT '{_q(transactions.name)}', row, tx_id, reason FROM checked WHERE reason <> ''"
    )
    con.execute(
        """
        CREATE TABLE tx AS
        SELECT row, tx_id, ts, src, dst, value AS amount, currency, value / per_usd AS usd, channel
        FROM checked WHERE reason = '' ORDER BY ts, row
        """
    )
    for v in ("valued", "parsed"):
        con.execute(f"DROP VIEW IF EXISTS {v}")
    for t in ("raw_tx", "repeats", "checked", "raw_accounts", "checked_accounts"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    out = Loaded(con)
    out.accounts = _count(con, "accounts")
    out.transactions = _count(con, "tx")
    out.rejected = _count(con, "rejects")
    for reason, n in con.sql(
        "SELECT split_part(unnest(string_split(reason, '; ')), ' (', 1) AS r, count(*) FROM rejects GROUP BY r"
    ).fetchall():
        out.reasons[reason] = out.reasons.get(reason, 0) + n
    return out


def _parser_rejects(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Lines DuckDB's CSV reader could not split into the header's columns (line 1 is the header)."""
    try:
        rows = con.sql("SELECT line, error_type FROM csv_rejects").fetchall()
    except duckdb.Error:
        return
    for line, kind in rows:
        con.execute(
            "INSERT INTO rejects VALUES (?, ?, NULL, ?)",
            [name, int(line) - 1, f"line: {str(kind).lower()} (cannot be split into the header's columns)"],
        )
    con.execute("DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_rejects_scan")


def _rates(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    if not path.is_file():
        raise InputError(f"{path}: no such rates file")
    con.execute(
        f"""
        CREATE TABLE rates AS
        SELECT CAST(date AS DATE) AS day, upper(currency) AS currency, CAST(per_usd AS DOUBLE) AS per_usd
        FROM read_csv('{_q(str(path))}', header=true, all_varchar=true)
        UNION ALL SELECT DATE '1900-01-01', 'USD', 1.0
        """
    )


def write_rejects(loaded: Loaded, path: Path) -> int:
    """`rejected.csv`: row, tx_id, reason, file (row 1 is the first data row; tx_id holds the account_id
    for a row of the accounts file)."""
    rows = loaded.con.sql("SELECT row, tx_id, reason, file FROM rejects ORDER BY file DESC, row").fetchall()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["row", "tx_id", "reason", "file"])
        w.writerows(rows)
    return len(rows)


def write_parquet(loaded: Loaded, folder: Path) -> None:
    """The checked tables as Parquet, for analysis at scale (DuckDB, polars, Spark)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in ("accounts", "tx"):
        loaded.con.execute(f"COPY {table} TO '{_q(str(folder / (table + '.parquet')))}' (FORMAT parquet)")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def load_checked(folder: Path, *, database: str = ":memory:", memory_limit: str | None = None) -> Loaded:
    """The Parquet tables `write_parquet` wrote, ready for detection (no checking again)."""
    for table in ("accounts", "tx"):
        if not (folder / f"{table}.parquet").is_file():
            raise InputError(f"{folder / (table + '.parquet')}: no such file")
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'UTC'")
    if memory_limit:
        con.execute(f"SET memory_limit = '{_q(memory_limit)}'")
    con.execute("CREATE TABLE rejects (file VARCHAR, row BIGINT, tx_id VARCHAR, reason VARCHAR)")
    for table in ("accounts", "tx"):
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{_q(str(folder / (table + '.parquet')))}')"
        )
    out = Loaded(con)
    out.accounts = _count(con, "accounts")
    out.transactions = _count(con, "tx")
    return out
