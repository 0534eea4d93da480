"""The statistics dashboard for analysts and admins: the 3P tables filtered by year and
identifying organisation type, people per year charted, drill-down stopping at aggregates (small
cells hidden as published, no list of people behind a number)."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from tipnet.errors import Forbidden
from tipnet.security import sessions
from tipnet.security.roles import Role
from tipnet.stats import tables
from tipnet.stats.service import compute, facts, load_population
from tipnet.web.base import page, render

router = APIRouter(include_in_schema=False)
DASHBOARD_ROLES = {Role.ANALYST.value, Role.ADMIN.value}
BREAKDOWNS = ("sex", "child", "age_band", "nationality", "exploitation", "industry", "referral", "org_type")


@router.get("/statistics")
def statistics_page(
    request: Request, year: int | None = None, org_type: str | None = None, by: str = "sex"
) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        if found.principal.role not in DASHBOARD_ROLES:
            raise Forbidden("the statistics dashboard is for analysts and admins")
        f = facts(session)
        org_types = sorted({p.org_type for p in f.victims})
        years = sorted({p.year for p in f.victims})
        victims = [p for p in f.victims if org_type in (None, "", p.org_type)]
        suspects = list(f.suspects)
        field = by if by in BREAKDOWNS else "sex"
        per_year = Counter(p.year for p in victims)
        top = max(per_year.values(), default=1)
        bars = [(y, n, top) for y, n in sorted(per_year.items())]  # <meter>: no inline style (CSP)
        if year is not None:
            victims = [p for p in victims if p.year == year]
            suspects = [p for p in suspects if p.year == year]
        f.victims, f.suspects = victims, suspects
        shown = [
            tables.people_vs_records(victims),
            tables.suppress_small(
                tables.victims(victims, ["year", field], f"victims identified by {field}"), 5
            ),
            tables.suspects(suspects, ["year"]),
            *[
                tables.suppress_small(t, 5, count="victims")
                for t in compute(f, population=load_population())
                if t.name.startswith("SDG 16.2.2 by sex")
            ],
        ]
        ctx = {
            "tables": shown,
            "bars": bars,
            "years": years,
            "year": year,
            "org_types": org_types,
            "org_type": org_type or "",
            "breakdowns": BREAKDOWNS,
            "by": field,
        }
        return render(request, "statistics.html", ctx, found=found)

    return page(request, work)
