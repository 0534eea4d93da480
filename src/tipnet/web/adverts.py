"""Job adverts on the web: the public "check a job offer" page (/check) and the analysts' page of
flagged adverts and recruiter clusters (/adverts).

/check needs no account and keeps nothing: the offer is screened in memory and shown back with the
red flags, advice and the hotline numbers of the person's country. Only when the person ticks the
consent box and sends it does the offer become a hotline report (tipnet.recruitment.reports). The page
loads nothing from anywhere else (no fonts, scripts, analytics), sets one cookie (its CSRF token),
and is rate-limited per client address.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from tipnet.recruitment import reports
from tipnet.recruitment.clusters import Item, cluster
from tipnet.recruitment.contacts import Contact, extract, node_key
from tipnet.recruitment.crossref import HotlineSighting, Sighting, case_sightings, hotline_sightings
from tipnet.recruitment.screen import Flag, Verdict, default_screener, explain, source_of
from tipnet.recruitment.wages import language_region
from tipnet.security import sessions
from tipnet.security.roles import Perm
from tipnet.store.tables.adverts import AdvertScreening, JobAdvert
from tipnet.web.base import current_ring, page, secure_cookies, templates, tx

router = APIRouter(include_in_schema=False)
CHECK_CSRF = "tipnet_check_csrf"
CHECK_LANGUAGES = {
    "en": "English",
    "km": "ខ្មែរ",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "my": "မြန်မာ",
    "lo": "ລາວ",
    "zh": "中文",
    "id": "Bahasa Indonesia",
}
COUNTRIES = ("KH", "TH", "VN", "LA", "MM", "CN", "ID", "PH")
MAX_TEXT = 10_000
# Per client address: checks per 10 minutes, reports per hour.
CHECK_LIMIT, CHECK_WINDOW = 30, 600.0
REPORT_LIMIT, REPORT_WINDOW = 5, 3600.0
ANALYST_ADVERTS = 1000


class RateLimiter:
    """Sliding-window counts per key, in memory (one process; behind several, put the limit in the
    reverse proxy as well)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle clients
                for k in [k for k, v in self._hits.items() if not v or now - v[-1] > self.window]:
                    del self._hits[k]
            return True


def _limiters(request: Request) -> tuple[RateLimiter, RateLimiter]:
    state = request.app.state
    if not hasattr(state, "check_limiters"):
        state.check_limiters = (
            RateLimiter(CHECK_LIMIT, CHECK_WINDOW),
            RateLimiter(REPORT_LIMIT, REPORT_WINDOW),
        )
    limiters: tuple[RateLimiter, RateLimiter] = state.check_limiters
    return limiters


@cache
def _strings() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(
        (resources.files("tipnet.web") / "i18n" / "check.json").read_text(encoding="utf-8")
    )
    return data


@cache
def _hotlines() -> dict[str, list[dict[str, Any]]]:
    text = resources.files("tipnet.recruitment").joinpath("data/hotlines.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _check_lang(request: Request, form: FormData | None = None) -> str:
    for candidate in ((form.get("lang") if form else None), request.query_params.get("lang")):
        if isinstance(candidate, str) and candidate in CHECK_LANGUAGES:
            return candidate
    for part in (request.headers.get("accept-language") or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in CHECK_LANGUAGES:
            return code
    return "en"


def _country(value: object) -> str:
    return value if isinstance(value, str) and value in COUNTRIES else "KH"


def _render(
    request: Request, lang: str, context: dict[str, Any], *, status: int = 200, token: str | None = None
) -> HTMLResponse:
    strings = _strings()
    own, base = strings.get(lang, {}), strings["en"]

    def t(key: str) -> str:
        return own.get(key) or base[key]

    country = context.get("country", "KH")
    lines = [
        {"name": h["name"].get(lang) or h["name"]["en"], "number": h["number"]}
        for h in _hotlines().get(country, [])
    ]
    token = token or request.cookies.get(CHECK_CSRF) or secrets.token_urlsafe(24)
    ctx = {
        "t": t,
        "lang": lang,
        "languages": CHECK_LANGUAGES,
        "countries": COUNTRIES,
        "hotlines": lines,
        "csrf": token,
        "max_text": MAX_TEXT,
        **context,
    }
    response = templates.TemplateResponse(request, "check.html", ctx, status_code=status)
    response.set_cookie(
        CHECK_CSRF, token, httponly=True, samesite="strict", secure=secure_cookies(), max_age=3600
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _csrf_ok(request: Request, form: FormData) -> bool:
    return sessions.csrf_ok(request.cookies.get(CHECK_CSRF), str(form.get("csrf_token") or ""))


@router.get("/check")
def check_page(request: Request) -> HTMLResponse:
    return _render(request, _check_lang(request), {"country": _country(request.query_params.get("country"))})


def _screen(text: str, lang: str) -> Verdict:
    return default_screener().screen(text, None, explain_lang=lang)


@router.post("/check")
async def check_offer(request: Request) -> Response:
    form = await request.form()
    lang, country = _check_lang(request, form), _country(form.get("country"))
    if not _csrf_ok(request, form):
        return _render(request, lang, {"country": country, "error": "csrf"}, status=403)
    if not _limiters(request)[0].allow(_client(request)):
        return _render(request, lang, {"country": country, "error": "too_many"}, status=429)
    text = str(form.get("text") or "")
    if not text.strip():
        return _render(request, lang, {"country": country, "error": "empty"}, status=422)
    if len(text) > MAX_TEXT:
        return _render(request, lang, {"country": country, "error": "too_long"}, status=422)
    verdict = await run_in_threadpool(_screen, text, lang)
    return _render(request, lang, {"country": country, "text": text, "verdict": verdict})


@router.post("/check/report")
async def report_offer(request: Request) -> Response:
    form = await request.form()
    lang, country = _check_lang(request, form), _country(form.get("country"))
    text = str(form.get("text") or "")
    if not _csrf_ok(request, form):
        return _render(request, lang, {"country": country, "error": "csrf"}, status=403)
    if not text.strip() or len(text) > MAX_TEXT:
        return _render(
            request,
            lang,
            {"country": country, "error": "empty" if not text.strip() else "too_long"},
            status=422,
        )
    verdict = await run_in_threadpool(_screen, text, lang)
    if form.get("consent") != "yes":
        return _render(
            request,
            lang,
            {"country": country, "text": text, "verdict": verdict, "error": "consent_needed"},
            status=422,
        )
    if not _limiters(request)[1].allow(_client(request)):
        return _render(request, lang, {"country": country, "error": "too_many"}, status=429)

    def store() -> str:
        with tx(request) as session:
            return reports.report_offer(session, text, verdict, country, request.app.state.ring)

    reference = await run_in_threadpool(store)
    return _render(request, lang, {"country": country, "reference": reference})


# The analysts' page.


@dataclass
class _Row:
    advert: JobAdvert
    language: str
    score: float
    flags: list[Flag]
    contacts: list[Contact]


def _stored(session: Session) -> tuple[int, list[_Row]]:
    """The latest stored adverts and the flagged ones among them: the verdicts written at ingestion
    when they are the current screener's, else screened here (nothing is written on a page view)."""
    screener = default_screener()
    rows = session.execute(
        select(JobAdvert, AdvertScreening)
        .outerjoin(AdvertScreening, AdvertScreening.job_advert_id == JobAdvert.id)
        .order_by(JobAdvert.id.desc())
        .limit(ANALYST_ADVERTS)
    ).all()
    stale = [a for a, v in rows if v is None or v.version != screener.version]
    fresh = {
        int(v.id): v for v in screener.screen_batch([(str(a.id), a.body, a.language or None) for a in stale])
    }
    flagged = []
    for advert, stored in rows:
        if advert.id in fresh:
            v = fresh[advert.id]
            if v.deceptive:
                flagged.append(_Row(advert, v.language, v.score, v.flags, []))
        elif stored is not None and stored.deceptive:
            # Stored flags keep code and evidence; the explanation and source come from the rules now.
            lang = stored.language or "en"
            flags = [
                Flag(f["code"], explain(f["code"], lang), f.get("evidence", ""), source_of(f["code"]), 0.0)
                for f in stored.flags
            ]
            flagged.append(_Row(advert, lang, stored.score, flags, []))
    for r in flagged:
        r.contacts = extract(r.advert.body, language_region(r.language))
    return len(rows), flagged


@router.get("/adverts")
def adverts_page(request: Request) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        from tipnet.errors import Forbidden
        from tipnet.web.base import render

        if not found.principal.can(Perm.ADVERT_SCREEN):
            raise Forbidden("this role may not screen adverts")
        total, flagged = _stored(session)
        flagged.sort(key=lambda r: -r.score)
        items = [
            Item(str(r.advert.id), r.advert.body, r.language, r.contacts, True, r.advert.platform or "")
            for r in flagged
        ]
        clusters = cluster(items)[:20]
        # The advert phones also found in case records (the analyst's own scope; audited).
        sightings: dict[str, list[Sighting]] = {}
        hotline: dict[str, list[HotlineSighting]] = {}
        phone_adverts: dict[str, int] = {}
        if found.principal.can(Perm.CASE_READ):
            for r in flagged:
                for phone in {key[1] for c in r.contacts if (key := node_key(c)) and key[0] == "phone"}:
                    phone_adverts[phone] = phone_adverts.get(phone, 0) + 1
            sightings = case_sightings(session, found.principal, phone_adverts, ring=current_ring(request))
            hotline = hotline_sightings(session, found.principal, phone_adverts, ring=current_ring(request))
        by_code: dict[str, int] = {}
        for r in flagged:
            for f in r.flags:
                by_code[f.code] = by_code.get(f.code, 0) + 1
        return render(
            request,
            "adverts.html",
            {
                "total": total,
                "flagged": flagged[:200],
                "n_flagged": len(flagged),
                "clusters": clusters,
                "sightings": sorted(sightings.items(), key=lambda kv: (-phone_adverts[kv[0]], kv[0])),
                "cluster_cases": {
                    c.id: [h for k, v in c.contacts if k == "phone" for h in sightings.get(v, [])]
                    for c in clusters
                },
                "phone_adverts": phone_adverts,
                "hotline": sorted(hotline.items(), key=lambda kv: (-phone_adverts[kv[0]], kv[0])),
                "can_cases": found.principal.can(Perm.CASE_READ),
                "by_code": sorted(by_code.items(), key=lambda kv: -kv[1]),
                "limit": ANALYST_ADVERTS,
            },
            found=found,
        )

    return page(request, work)
