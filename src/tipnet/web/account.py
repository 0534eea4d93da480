"""The reader's own settings: the time zone times are shown in (web.zones), and for the
administrator the organisation's. Stored times stay UTC; only what pages show changes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.errors import TipnetError
from tipnet.security import sessions
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.security import UserAccount
from tipnet.store.tables.sources import Organisation
from tipnet.web import zones
from tipnet.web.base import errors_of, page, redirect, render, run_post

router = APIRouter(include_in_schema=False)


def _context(session: Session, found: sessions.Resolved) -> dict[str, Any]:
    principal = found.principal
    user = session.get(UserAccount, principal.user_id)
    org = session.get(Organisation, principal.org_id)
    country = (
        zones.COUNTRY_ZONES.get((org.org_ShippingCountry or "").upper(), zones.DEFAULT) if org else "UTC"
    )
    return {
        "zones": zones.names(),
        "own": user.time_zone if user else None,
        "org_zone": org.time_zone if org else None,
        "org_default": zones.of_organisation(org),
        "country_default": country,
        "may_set_org": principal.can(Perm.USER_MANAGE),
    }


@router.get("/settings/time-zone")
def time_zone_page(request: Request, done: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        context = {**_context(session, found), "done": done == "saved"}
        return render(request, "time_zone.html", context, found=found)

    return page(request, work)


@router.post("/settings/time-zone")
async def save_time_zone(request: Request) -> Response:
    def run(session: Session, principal: Principal, form: FormData) -> Response:
        zones.set_own(session, principal, str(form.get("time_zone") or ""))
        if "org_time_zone" in form:
            zones.set_organisation(session, principal, str(form.get("org_time_zone") or ""))
        return redirect("/settings/time-zone?done=saved")

    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        values = {k: str(form.get(k) or "") for k in ("time_zone", "org_time_zone")}
        context = {
            **_context(session, found),
            "done": False,
            "errors": errors_of(exc),
            "error_form": "time-zone-form",
            "values": values,
        }
        return render(request, "time_zone.html", context, status_code=422, found=found)

    return await run_post(request, run, again)
