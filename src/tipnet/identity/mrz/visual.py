"""The MRZ against the visual zone: a field that disagrees is a tampering signal (a warning)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tipnet.identity.mrz.fields import SAME_STATE
from tipnet.identity.mrz.formats import FILLER
from tipnet.identity.mrz.names import transliterate
from tipnet.identity.mrz.results import INFO, WARNING, Finding, MrzResult
from tipnet.vocab.codelists import VocabError, normalize_country


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _mrz_name(value: str, *, expand_umlauts: bool) -> str:
    return " ".join(transliterate(value, expand_umlauts=expand_umlauts).replace(FILLER, " ").split())


def _names_agree(mrz_value: str | None, visual: str, truncated: bool) -> bool:
    if mrz_value is None:
        return True
    mrz_parts = mrz_value.split()
    for expand in (True, False):
        vis = _mrz_name(visual, expand_umlauts=expand)
        if vis == mrz_value:
            return True
        vis_parts = vis.split()
        if (
            truncated
            and len(mrz_parts) <= len(vis_parts)
            and all(v.startswith(m) for m, v in zip(mrz_parts, vis_parts, strict=False))
        ):
            return True
    return False


def _same_code(mrz_code: str | None, visual: str) -> bool:
    try:
        vis = normalize_country(visual)
    except VocabError:
        vis = visual.strip().upper()
    if mrz_code is None:
        return True
    return SAME_STATE.get(vis, vis) == SAME_STATE.get(mrz_code, mrz_code)


def compare_visual(r: MrzResult, visual: dict[str, Any], findings: list[Finding]) -> None:
    """Findings where the MRZ disagrees with visual-zone fields (a tampering signal)."""
    for key, value in visual.items():
        if value is None or value == "":
            continue
        mrz_value: Any = getattr(r, key, None) if key in _VISUAL_FIELDS else None
        if key not in _VISUAL_FIELDS:
            findings.append(
                Finding("visual.unknown_field", key, INFO, f"visual field {key!r} is not compared")
            )
            continue
        if key in ("surname", "given_names"):
            agree = _names_agree(mrz_value, str(value), r.names_truncated)
        elif key in ("birth_date", "expiry_date"):
            vis_date = _as_date(value)
            agree = mrz_value is None or vis_date == mrz_value
        elif key in ("issuing_state", "nationality"):
            agree = _same_code(mrz_value, str(value))
        elif key == "sex":
            vis_sex = str(value).strip().upper()[:1]
            agree = mrz_value is None or vis_sex == mrz_value or (vis_sex in "<U" and mrz_value == "X")
        else:  # document_number, document_type
            vis_text = "".join(ch for ch in str(value).upper() if ch.isalnum())
            agree = mrz_value is None or vis_text == mrz_value
        if not agree:
            shown = mrz_value.isoformat() if isinstance(mrz_value, date) else mrz_value
            findings.append(
                Finding(
                    "visual.mismatch",
                    key,
                    WARNING,
                    f"{key.replace('_', ' ')}: the MRZ has {shown!r}, the visual zone {value!r}",
                )
            )


_VISUAL_FIELDS = frozenset(
    {
        "document_type",
        "document_number",
        "issuing_state",
        "nationality",
        "surname",
        "given_names",
        "birth_date",
        "expiry_date",
        "sex",
    }
)
