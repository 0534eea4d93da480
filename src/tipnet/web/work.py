""" "My work", the landing page of everyone who reads cases: what waits for the organisation today
(tipnet.cases.worklist), with a referral's answer given in place (a rejection with its reason and a
confirmation). The navigation shows the counts on every page (web.base.nav_counts)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from tipnet.cases import worklist
from tipnet.security import sessions
from tipnet.security.roles import Perm
from tipnet.web.base import landing, page, redirect, render

router = APIRouter(include_in_schema=False)
_DONE = ("accepted", "rejected", "done")


@router.get("/")
def home(request: Request) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        return redirect(landing(found.principal))

    return page(request, work)


@router.get("/work")
def work_page(request: Request, done: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        if not found.principal.can(Perm.CASE_READ):
            return redirect(landing(found.principal))
        context = {**work_context(session, found), "done": done if done in _DONE else None}
        return render(request, "work.html", context, found=found)

    return page(request, work)


def work_context(session: Session, found: sessions.Resolved) -> dict[str, object]:
    return {"work": worklist.my_work(session, found.principal), "today": date.today()}
