"""The label catalogues (web.i18n): a language is a catalogue file; each one is sound (no key English
lacks, the same placeholders as English, every group it declares complete complete); the switch lists
every catalogue by its own name; a page in a partly translated language falls back to English for a
missing label, never to a raw key; and no page in a language shows the English label of a code-list
value whose group that language declares complete (Khmer: tests.web.test_khmer_codes). Pages through
the test client, SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources

import pytest
from sqlalchemy import Engine
from tests.web.test_khmer_codes import _visible
from tests.web.test_my_work import _consent, _new_case, _refer, _world
from typer.testing import CliRunner

from tipnet.cli import app as cli
from tipnet.web import i18n


def test_a_language_is_a_catalogue_file() -> None:
    folder = resources.files("tipnet.web") / "i18n"
    files = {p.name[:-5] for p in folder.iterdir() if re.fullmatch(r"[a-z]{2,3}\.json", p.name)}
    assert set(i18n.LANGUAGES) == files and i18n.LANGUAGES[0] == "en"
    assert {"th", "vi", "my", "lo"} <= files
    names = i18n.language_names()
    assert names["th"] == "ไทย" and names["vi"] == "Tiếng Việt" and names["km"] == "ខ្មែរ"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_each_catalogue_is_sound(lang: str) -> None:
    assert i18n.problems(lang) == []
    if lang != "en":
        assert "_name" not in i18n.catalogue(lang)  # what a catalogue says of itself is no label


def test_problems_are_found() -> None:
    """The check can fail: a placeholder a translation drops, a group claimed but incomplete."""
    assert i18n.fields("{n} overdue") == {"n"} and i18n.fields("เกินกำหนด") == set()
    th = i18n.catalogue("th")
    assert i18n.fields(th["n_overdue"]) == {"n"}
    assert "nav" in i18n.meta("th")["complete"] and not i18n.missing("th", "nav")
    assert i18n.missing("my", "nav")  # Burmese: a few labels only, nothing declared complete
    assert i18n.meta("th")["reviewed"] is False


def test_coverage_report() -> None:
    report = i18n.coverage()
    en_total = report["en"]["all"][1]
    assert report["en"]["all"] == (en_total, en_total)
    have, total = report["th"]["nav"]
    assert have == total > 10
    assert 0 < report["th"]["all"][0] < en_total  # partial, and says so
    result = CliRunner().invoke(cli, ["i18n"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^th ไทย: \d+/\d+ labels .*not reviewed by native speakers", result.output, re.M)
    assert re.search(r"^  nav +\d+/\d+ +complete \(declared\)", result.output, re.M)


def _declared_english(lang: str) -> set[str]:
    """The English labels (and codes) of every code-list value in a group `lang` declares complete,
    where its label differs from English's."""
    en, own = i18n.catalogue("en"), i18n.catalogue(lang)
    words: set[str] = set()
    for group in i18n.meta(lang)["complete"]:
        if group in i18n.PAGE_GROUPS:
            continue
        for key in i18n.groups()[group]:
            if own[key] != en[key]:
                words.add(en[key])
                if group != "role":  # the test world's accounts are named after their roles
                    words.add(key.split(".", 1)[1])
    return {w for w in words if w}


@pytest.mark.parametrize("lang", ["th", "vi"])
def test_pages_in_a_partial_language(engine: Engine, lang: str) -> None:
    _w, a, ta, b, _tb = _world(engine)
    case_id, cp = _new_case(a, ta, "Mala")
    _consent(a, ta, case_id, cp)
    a.post(
        f"/cases/{case_id}/persons/{cp}/support-plans",
        data={"csrf_token": ta, "spl_Type": "LabourExploitationRehabilitation"},
    )
    a.post(
        f"/cases/{case_id}/persons/{cp}/decision",
        data={"csrf_token": ta, "vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
    )
    due = (date.today() - timedelta(days=1)).isoformat()
    a.post(f"/cases/{case_id}/persons/{cp}/follow-ups", data={"csrf_token": ta, "due_on": due})
    _refer(a, ta, case_id)
    own, en = i18n.catalogue(lang), i18n.catalogue("en")
    pages = {
        "work": a.get(f"/work?lang={lang}").text,
        "cases": a.get(f"/cases?lang={lang}").text,
        "case": a.get(f"/cases/{case_id}?lang={lang}").text,
        "shelter-work": b.get(f"/work?lang={lang}").text,
    }
    english = _declared_english(lang)
    # The English shown for labels this catalogue lacks (their fallback) is taken out before looking
    # for code-list values: "the case worker decides" is a sentence, not the role's label.
    fallback = sorted({en[k] for k in en if k not in own}, key=len, reverse=True)
    patterns = [re.compile(re.sub(r"\\\{\w+\\\}", ".*?", re.escape(v))) for v in fallback]
    keys = {k for k in en if "_" in k} - {"case_worker", "b_case_worker"}  # (the accounts' names)
    assert english  # the check below can fail
    for name, page in pages.items():
        assert f'<html lang="{lang}">' in page, name
        text = _visible(page).replace("NGO A", " ").replace("Shelter B", " ")  # the organisations' names
        # The navigation in the language ...
        assert own["my_work"] in text and own["cases"] in text and own["logout"] in text, name
        # ... no English code-list value of a group declared complete ...
        rest = text
        for pattern in patterns:
            rest = pattern.sub(" ", rest)
        shown = sorted(w for w in english if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", rest))
        assert not shown, (name, shown)
        # ... and no raw key: a label the catalogue lacks is English.
        raw = set(re.findall(r"[a-z][a-z0-9_]*_[a-z0-9_]+", text)) & keys
        assert not raw, (name, raw)
    # The case page's labels this catalogue lacks show in English (the fallback), e.g. its search box.
    lacking = [k for k in ("search", "search_hint", "case_summary", "persons") if k in en and k not in own]
    assert lacking
    listing = _visible(pages["cases"]) + _visible(pages["case"])
    assert any(en[k] in listing for k in lacking), lacking
    # The switch offers every catalogue by its own name, each marked with its language.
    for code, name in i18n.language_names().items():
        assert f'lang="{code}" hreflang="{code}"' in pages["work"] and f">{name}</a>" in pages["work"]
