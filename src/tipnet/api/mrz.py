"""MRZ validation over the API: POST /api/mrz, the same as `tipnet mrz --json`."""

from __future__ import annotations

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


class FindingOut(BaseModel):
    code: str
    field: str | None
    severity: str
    message: str


class MrzOut(BaseModel):
    """A parsed MRZ (the JSON of `tipnet mrz --json`): the data as read, dates in ISO 8601, and
    what was found wrong or notable; `repaired` holds the lines after OCR repair, if any."""

    valid: bool
    format: str | None
    document_type: str | None
    document_number: str | None
    issuing_state: str | None
    nationality: str | None
    surname: str | None
    given_names: str | None
    birth_date: str | None
    expiry_date: str | None
    sex: str | None
    optional_data: str | None
    optional_data_2: str | None
    names_truncated: bool
    findings: list[FindingOut]
    repaired: list[str] | None
    lines: list[str]


@router.post("/mrz", response_model=list[MrzOut], responses={401: {}, 403: {}, 422: {}})
def check_mrz(body: MrzRequest, caller: Caller) -> list[MrzOut]:
    """Parse and validate machine-readable zones: one result per document, with findings and any OCR repair."""
    if not caller.can(Perm.WATCHLIST_SCREEN):
        raise HTTPException(403, "this role may not check travel documents")
    if any(len(text) > 400 for text in body.mrz):
        raise HTTPException(422, "mrz: a document's MRZ is at most 3 lines of 44 characters")
    return [MrzOut.model_validate(parse_mrz(text).to_dict()) for text in body.mrz]
