"""Khmer texts of the Delphi indicators: one per indicator, in Khmer script, shown on the km page."""

from __future__ import annotations

import re
import unicodedata

from tests.api.fixtures import World
from tests.web.test_pages import login, victim_id

from tipnet.cases import indicators
from tipnet.web.i18n import catalogue, translator


def _is_khmer(text: str) -> bool:
    """Every letter and mark is Khmer (U+1780-U+17FF) and there is at least one."""
    letters = [ch for ch in text if unicodedata.category(ch)[0] in "LM"]
    return bool(letters) and all("\u1780" <= ch <= "\u17ff" for ch in letters)


def test_the_khmer_check_itself() -> None:
    assert _is_khmer("ការជាប់បំណុល (ភាសា)")
    assert not _is_khmer("Debt bondage")
    assert not _is_khmer("ការជាប់ debt")
    assert not _is_khmer(" () ")


def test_every_indicator_has_a_khmer_text() -> None:
    km = catalogue("km")
    assert len(indicators.INDICATORS) == sum(len(d.indicators) for d in indicators.DIMENSIONS)
    for code, (_dim, ind) in indicators.INDICATORS.items():
        text = km.get(f"ind_{code}")
        assert text, f"no Khmer text for {code}"
        assert _is_khmer(text), f"{code}: not Khmer script"
        assert text != ind.label
        # The English catalogue has no entry: the English label in indicators.py stays the source.
        assert translator("en")(f"ind_{code}", default=ind.label) == ind.label


def test_khmer_assessment_page_shows_every_indicator(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    resp = c.post(
        "/cases/new",
        data={"csrf_token": token, "role": "victim", "prs_FirstName": "Mala"},
        follow_redirects=False,
    )
    case_id = resp.headers["location"].split("/")[-1].split("?")[0]
    victim = victim_id(c.get(f"/cases/{case_id}").text)
    km_page = c.get(f"/cases/{case_id}/persons/{victim}/assess?all=1&lang=km").text
    en_page = c.get(f"/cases/{case_id}/persons/{victim}/assess?all=1&lang=en").text
    km = catalogue("km")
    for code, (_dim, ind) in indicators.INDICATORS.items():
        label = re.search(rf'id="ind-{code}"> <span>([^<]*) <span class="grade">', km_page)
        assert label and label.group(1) == km[f"ind_{code}"], code
        english = re.search(rf'id="ind-{code}"> <span>([^<]*) <span class="grade">', en_page)
        assert english and english.group(1) == ind.label, code
