"""The FIU analyst's alert queue as pages: /finance/alerts (the queue) and /finance/alerts/{id} (one
alert: explanation, accounts and roles, evidence, the money network as a picture, the review history and
the decision form). Plain form POSTs with the CSRF token; every read and decision is audited by
tipnet.finance.queue, as over the API."""

from __future__ import annotations

import base64
import io
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.errors import Invalid
from tipnet.finance import queue
from tipnet.security import sessions
from tipnet.security.users import Principal
from tipnet.web.base import audit_reason, page, redirect, render, run_post

router = APIRouter(include_in_schema=False)
PAGE = 50
VICTIM = "#3a9d5d"
OTHER = "#b03a48"


def network_picture(network: dict[str, Any]) -> Markup:
    """The alert's money network (victims green, other roles red, outside accounts and cash grey; edge
    width by USD), labelled with roles only: a PNG data URI, since the pages' Content-Security-Policy
    (style-src 'self') would strip an inline SVG's style attributes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    g: nx.DiGraph = nx.DiGraph()
    for n in network["nodes"]:
        g.add_node(n["id"], role=n["role"], victim=n["victim"])
    for e in network["edges"]:
        g.add_edge(e["from"], e["to"], usd=e["usd"])
    if not g.number_of_nodes():
        return Markup("")
    pos = nx.spring_layout(g, seed=7)
    top = max((d["usd"] for *_, d in g.edges(data=True)), default=1.0) or 1.0
    fig, ax = plt.subplots(figsize=(6.0, 4.0))
    colours = [VICTIM if d["victim"] else (OTHER if d["role"] else "#9aa5ad") for _, d in g.nodes(data=True)]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=90, node_color=colours)
    nx.draw_networkx_edges(
        g, pos, ax=ax, width=[0.5 + 3.5 * d["usd"] / top for *_, d in g.edges(data=True)], alpha=0.6,
        arrowsize=8, edge_color="#4f6d7a",
    )  # fmt: skip
    nx.draw_networkx_labels(
        g, pos, ax=ax, labels={n: (d["role"] or "") for n, d in g.nodes(data=True)}, font_size=6
    )
    ax.axis("off")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Markup(f'<img alt="money network" width="600" src="data:image/png;base64,{data}">')


@router.get("/finance/alerts")
def alerts_page(
    request: Request, offset: int = 0, status: str | None = None, why: str | None = None
) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        chosen = status if status in queue.STATUSES else None
        data = queue.list_alerts(
            session,
            found.principal,
            status=chosen,
            limit=PAGE,
            offset=max(0, min(offset, 10_000_000)),
            reason=reason,
        )
        return render(
            request,
            "finance_alerts.html",
            {
                "queue": data,
                "page": PAGE,
                "why": reason,
                "status": chosen,
                "statuses": queue.STATUSES,
                "decided": queue.decided_share(session),
            },
            found=found,
        )

    return page(request, work)


@router.get("/finance/alerts/{alert_id}")
def alert_page(request: Request, alert_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        detail = queue.alert_detail(session, found.principal, alert_id, reason=reason)
        return render(
            request,
            "finance_alert.html",
            {
                "a": detail,
                "picture": network_picture(detail["network"]),
                "why": reason,
                "saved": request.query_params.get("saved"),
                "actions": queue.ACTIONS,
            },
            found=found,
        )

    return page(request, work)


@router.post("/finance/alerts/{alert_id}/decision")
async def alert_decision(request: Request, alert_id: int) -> Response:
    def work(session: Session, principal: Principal, form: FormData) -> Response:
        action = str(form.get("action") or "")
        case = str(form.get("case_id") or "").strip()
        if case and not (case.isascii() and case.isdigit()):
            raise Invalid("case_id: a number")
        queue.decide(
            session,
            principal,
            alert_id,
            action,
            comment=str(form.get("comment") or "")[:2000],
            case_id=int(case) if case else None,
        )
        why = audit_reason(form.get("why"))
        return redirect(
            f"/finance/alerts/{alert_id}?saved=1" + (f"&why={quote(why, safe='')}" if why else "")
        )

    return await run_post(request, work)
