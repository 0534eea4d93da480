"""Advert screening over the API: POST /api/adverts/screen, one advert or a batch, the same verdicts
as `tipnet adverts screen --json`. For signed-in analysts and administrators (Perm.ADVERT_SCREEN).

Nothing is stored: the adverts are screened and forgotten (adverts collected by monitoring reach
the store through `tipnet ingest adverts`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator

from tipnet.api.deps import Caller
from tipnet.recruitment.screen import default_screener
from tipnet.recruitment.text import LANGUAGES
from tipnet.security.roles import Perm

router = APIRouter(prefix="/api", tags=["prevention"])
MAX_TEXT = 20_000
MAX_BATCH = 500


class AdvertIn(BaseModel):
    id: str = Field("", max_length=200)
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    language: str | None = Field(None, description="ISO 639-1; detected when missing.")


class ScreenRequest(BaseModel):
    """One advert (`text`, optional `id` and `language`) or a batch (`adverts`)."""

    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT)
    id: str = Field("", max_length=200)
    language: str | None = None
    adverts: list[AdvertIn] | None = Field(None, min_length=1, max_length=MAX_BATCH)
    explain_in: str | None = Field(None, description="Language of the explanations (default: each advert's).")
    contacts: bool = False

    @model_validator(mode="after")
    def _one_or_batch(self) -> ScreenRequest:
        if (self.text is None) == (self.adverts is None):
            raise ValueError("give either text (one advert) or adverts (a batch)")
        return self


class FlagOut(BaseModel):
    code: str
    text: str
    evidence: str
    source: str
    detail: str | None = None


class VerdictOut(BaseModel):
    id: str
    language: str
    deceptive: bool
    score: float
    flags: list[FlagOut]
    mitigations: list[str] | None = None
    salary_usd_month: int | None = None
    contacts: list[dict[str, str]] | None = None


def _lang(value: str | None, field: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in LANGUAGES:
        raise HTTPException(422, f"{field}: not one of {', '.join(LANGUAGES)}")
    return value


@router.post("/adverts/screen", response_model=list[VerdictOut], responses={401: {}, 403: {}, 422: {}})
def screen_adverts(body: ScreenRequest, caller: Caller) -> list[dict[str, Any]]:
    """Screen job adverts for deceptive recruitment: per advert, whether it is deceptive, a calibrated
    score, and the red flags with explanation, evidence and source."""
    if not caller.can(Perm.ADVERT_SCREEN):
        raise HTTPException(403, "this role may not screen adverts")
    explain_in = _lang(body.explain_in, "explain_in")
    if body.adverts is not None:
        items = [
            (a.id, a.text, _lang(a.language, f"adverts[{i}].language")) for i, a in enumerate(body.adverts)
        ]
    else:
        items = [(body.id, body.text or "", _lang(body.language, "language"))]
    verdicts = default_screener().screen_batch(items, explain_lang=explain_in, with_contacts=body.contacts)
    return [v.to_json(with_contacts=body.contacts) for v in verdicts]
