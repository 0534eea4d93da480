"""Times in the reader's time zone. Stored times stay UTC (naive UTC or aware columns); a page shows
them in the zone of whoever reads it, with the zone named: "2026-12-07 14:03 ICT (UTC+07:00)".

The zone is an IANA name (zoneinfo, from the system's tz database): the account's own
(`user_account.time_zone`), else its organisation's (`organisation.time_zone`), else the one of the
organisation's country (`org_ShippingCountry`, Asia/Phnom_Penh for Cambodia), else UTC. Dates a reader
types (the audit page's filters) are days in that zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.security import UserAccount
from tipnet.store.tables.sources import Organisation

DEFAULT = "UTC"

# An organisation's country (ISO 3166-1 alpha-3, as stored) -> the zone of its capital.
COUNTRY_ZONES = {
    "KHM": "Asia/Phnom_Penh",
    "THA": "Asia/Bangkok",
    "VNM": "Asia/Ho_Chi_Minh",
    "LAO": "Asia/Vientiane",
    "MMR": "Asia/Yangon",
    "MYS": "Asia/Kuala_Lumpur",
    "SGP": "Asia/Singapore",
    "IDN": "Asia/Jakarta",
    "PHL": "Asia/Manila",
    "BRN": "Asia/Brunei",
    "TLS": "Asia/Dili",
    "CHN": "Asia/Shanghai",
    "HKG": "Asia/Hong_Kong",
    "TWN": "Asia/Taipei",
    "KOR": "Asia/Seoul",
    "JPN": "Asia/Tokyo",
    "IND": "Asia/Kolkata",
    "BGD": "Asia/Dhaka",
    "NPL": "Asia/Kathmandu",
    "LKA": "Asia/Colombo",
    "ARE": "Asia/Dubai",
    "SAU": "Asia/Riyadh",
    "AUS": "Australia/Sydney",
    "GBR": "Europe/London",
    "USA": "America/New_York",
}

# The tz database names most zones of the region by their offset only ("+07"); these are the
# abbreviations people there use. Elsewhere the database's own (CET, EST), or the offset alone.
ABBREVIATIONS = {
    "Asia/Phnom_Penh": "ICT",
    "Asia/Bangkok": "ICT",
    "Asia/Vientiane": "ICT",
    "Asia/Ho_Chi_Minh": "ICT",
    "Asia/Saigon": "ICT",
    "Asia/Yangon": "MMT",
    "Asia/Rangoon": "MMT",
    "Asia/Kuala_Lumpur": "MYT",
    "Asia/Kuching": "MYT",
    "Asia/Singapore": "SGT",
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
    "Asia/Brunei": "BNT",
    "Asia/Dili": "TLT",
    "Asia/Dubai": "GST",
}
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}


@cache
def names() -> tuple[str, ...]:
    """The zones a reader can choose: the tz database's, less the legacy aliases (Etc/GMT+7 stays:
    it is how some choose a fixed offset)."""
    return tuple(
        sorted(
            n
            for n in available_timezones()
            if ("/" in n and not n.startswith(("posix/", "right/", "SystemV/", "US/", "Canada/", "Mexico/")))
            or n == "UTC"
        )
    )


def zone(name: str | None) -> ZoneInfo:
    """The zone of `name`; UTC for none or a name the tz database does not know (a stored name
    never breaks a page)."""
    try:
        return ZoneInfo(name or DEFAULT)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT)


def checked(name: str, field: str = "time_zone") -> str | None:
    """A zone name a reader chose (empty: none, use the default); Invalid for a name the tz database
    does not know."""
    name = name.strip()
    if not name:
        return None
    if name not in available_timezones():
        raise Invalid(f"{field}: not a time zone of the tz database (e.g. Asia/Phnom_Penh)")
    return name


def of_organisation(org: Organisation | None) -> str:
    """An organisation's zone: its own, else its country's, else UTC."""
    if org is None:
        return DEFAULT
    return org.time_zone or COUNTRY_ZONES.get((org.org_ShippingCountry or "").upper(), DEFAULT)


def of_reader(session: Session, principal: Principal) -> str:
    """The zone `principal` reads times in: the account's own, else its organisation's."""
    user = session.get(UserAccount, principal.user_id)
    if user is not None and user.time_zone:
        return user.time_zone
    return of_organisation(session.get(Organisation, principal.org_id))


def _aware(value: datetime | str) -> datetime:
    """A stored time as an aware datetime: naive values (and ISO strings without an offset) are UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def offset(local: datetime) -> str:
    """ "UTC+07:00" for a local time."""
    delta = local.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def label(local: datetime) -> str:
    """The zone as a reader sees it beside a time: "ICT (UTC+07:00)", "CET (UTC+01:00)", "UTC"."""
    key = getattr(local.tzinfo, "key", None)
    if key in _UTC_NAMES:
        return "UTC"
    abbreviation = ABBREVIATIONS.get(key or "") or local.tzname() or ""
    if not abbreviation.isalpha():  # "+07": the offset says it
        return f"({offset(local)})"
    return f"{abbreviation} ({offset(local)})"


def show(value: datetime | str | None, where: ZoneInfo, *, seconds: bool = False) -> str:
    """A stored time (naive values are UTC) in `where`, with its zone: "2026-12-07 14:03 ICT (UTC+07:00)"."""
    if value is None:
        return ""
    local = _aware(value).astimezone(where)
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") + " " + label(local)


def day(value: datetime | str | None, where: ZoneInfo) -> str:
    """The date of a stored time in `where` (no zone named: a day)."""
    return "" if value is None else _aware(value).astimezone(where).date().isoformat()


def iso(value: datetime | str | None) -> str:
    """The machine-readable UTC instant (a <time> element's datetime)."""
    if value is None:
        return ""
    return _aware(value).astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def day_start(value: date, where: ZoneInfo) -> datetime:
    """The UTC instant (naive, as the audit columns hold it) at which day `value` begins in `where`."""
    return datetime.combine(value, time(0), tzinfo=where).astimezone(UTC).replace(tzinfo=None)


def set_own(session: Session, principal: Principal, name: str) -> str | None:
    """An account chooses the zone it reads times in (empty: its organisation's). Audited."""
    chosen = checked(name)
    user = session.get(UserAccount, principal.user_id)
    if user is None:
        raise NotFound("account not found")
    before, user.time_zone = user.time_zone, chosen
    audit.record(
        session,
        principal.username,
        "update",
        "user_account",
        user.id,
        details={"fields": ["time_zone"], "time_zone": [before, chosen]},
    )
    return chosen


def set_organisation(session: Session, principal: Principal, name: str) -> str | None:
    """The administrator sets the organisation's zone (empty: its country's). Audited."""
    require(principal, Perm.USER_MANAGE)
    chosen = checked(name, "org_time_zone")
    org = session.get(Organisation, principal.org_id)
    if org is None:
        raise NotFound("organisation not found")
    before, org.time_zone = org.time_zone, chosen
    audit.record(
        session,
        principal.username,
        "update",
        "organisation",
        org.id,
        details={"fields": ["time_zone"], "time_zone": [before, chosen]},
    )
    return chosen
