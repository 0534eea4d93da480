"""MRZ validation over the API: POST /api/mrz, the same as `tipnet mrz --json`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from tipnet.api.deps import Caller
from tipnet.identity.mrz.parse import parse_mrz
from tipnet.security.roles import Perm

router = APIRouter(prefix="/api", tags=["identity"])


class MrzRequest(BaseModel):
    mrz: list[str] = Field(
        ..., min_length=1, max_length=100, description="One string per document, lines separated by newlines."
    )


@router.post("/mrz", responses={401: {}, 403: {}, 422: {}})
def check_mrz(body: MrzRequest, caller: Caller) -> list[dict[str, Any]]:
    """Parse and validate machine-readable zones: one result per document, with findings and any OCR repair."""
    if not caller.can(Perm.WATCHLIST_SCREEN):
        raise HTTPException(403, "this role may not check travel documents")
    if any(len(text) > 400 for text in body.mrz):
        raise HTTPException(422, "mrz: a document's MRZ is at most 3 lines of 44 characters")
    return [parse_mrz(text).to_dict() for text in body.mrz]
