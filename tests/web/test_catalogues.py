"""The label catalogues (web.i18n): a language is a catalogue file; each one is sound (no key English
lacks, the same placeholders as English, every group it declares complete complete); the switch lists
every catalogue by its own name; a page in a partly translated language falls back to English for a
missing label, never to a raw key; and no page in a language shows the English label of a code-list
value whose group that language declares complete (Khmer: tests.web.test_khmer_codes). Pages through
the test client, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.api.fixtures import password
from tests.web.test_khmer_codes import _visible
from tests.web.test_my_work import _consent, _new_case, _refer, _world
from tests.web.test_pages import _csrf, login
from typer.testing import CliRunner

from tipnet.cli import app as cli
from tipnet.store.tables.security import AuditEvent, UserAccount
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


def test_a_faulty_catalogue_is_refused(tmp_path: Path) -> None:
    """A catalogue with placeholders other than English's, a label that is not text or an unknown
    setting is refused: each fault names the file and the key. A key English lacks is reported, not
    refused (an upgrade dropping a label must not stop the app). The shipped ones pass (the app
    checks them whenever it starts: every test's app did)."""
    i18n.refuse()
    bad = {
        "_name": "Test",
        "_reviewd": False,  # a typo of _reviewed
        "my_work": "งาน {m}",  # English's has no placeholder
        "n_overdue": "เกินกำหนด {n",  # unmatched brace
        "no_such_label": "x",
        "cases": 3,
        "logout": "ออก",  # sound
    }
    errors, gaps = i18n.check("zz.json", bad)
    assert gaps == ["zz.json: key 'no_such_label': not an English key (a typo, or a label English dropped)"]
    assert len(errors) == 4, errors
    for key, what in (
        ("_reviewd", "not a catalogue setting"),
        ("my_work", "placeholders ['m'] differ from English's []"),
        ("n_overdue", "malformed placeholder"),
        ("cases", "expected text"),
    ):
        assert any(e.startswith(f"zz.json: key '{key}': {what}") for e in errors), (key, errors)
    # The app's check of a folder of catalogues: refused, naming the file.
    (tmp_path / "zz.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "yy.json").write_text('{"cases": "Fälle",}', encoding="utf-8")  # not JSON
    (tmp_path / "xx.json").write_text(json.dumps({"_name": "X", "cases": "X-cases"}), encoding="utf-8")
    with pytest.raises(i18n.CatalogueError) as refused:
        i18n.refuse(tmp_path)
    lines = refused.value.lines
    assert len(lines) == 5 and not any("xx.json" in line for line in lines), lines
    assert not any("no_such_label" in line for line in lines)
    assert lines[0].startswith(f"{tmp_path / 'yy.json'}: not valid JSON (line 1")
    assert f"{tmp_path / 'zz.json'}: key 'my_work': placeholders" in str(refused.value)
    # The command a partner runs before dropping a catalogue in.
    result = CliRunner().invoke(cli, ["i18n", str(tmp_path / "zz.json"), str(tmp_path / "xx.json")])
    assert result.exit_code == 1
    assert "zz.json: key 'no_such_label': not an English key" in result.output
    assert re.search(r"xx\.json: sound, 1/\d+ labels", result.output)
    th = str(resources.files("tipnet.web") / "i18n" / "th.json")
    assert CliRunner().invoke(cli, ["i18n", th]).exit_code == 0


def test_a_label_missing_falls_back_to_english() -> None:
    """Burmese has a few labels only: the rest are English's, placeholders filled, never a raw key."""
    t, en = i18n.translator("my"), i18n.translator("en")
    assert t("my_work") == i18n.catalogue("my")["my_work"] != en("my_work")
    assert "my_work" not in t("n_overdue", n=3) and t("n_overdue", n=3) == en("n_overdue", n=3)
    assert "3" in t("n_overdue", n=3)
    assert i18n.code_labeller("my")("cas_Status", "Open") == i18n.code_labeller("en")("cas_Status", "Open")
    assert i18n.pick_language(None, "my", None, account="zz") == "my"  # a catalogue since removed
    assert i18n.pick_language(None, "km", None, account="th") == "th"
    assert i18n.pick_language("vi", "km", None, account="th") == "vi"


def test_the_language_stays_with_the_account(engine: Engine) -> None:
    """The language chosen in the switch is kept on the account (audited): the next sign-in, on
    another device without the cookie, is in it; another account is not."""
    _w, a, _ta, b, _tb = _world(engine)
    assert '<html lang="en">' in a.get("/work").text
    assert '<html lang="th">' in a.get("/work?lang=th").text
    assert '<html lang="th">' in a.get("/cases").text
    phone = TestClient(a.app, base_url="https://testserver")
    assert '<html lang="en">' in phone.get("/login").text
    login(phone, "case_worker")
    page = phone.get("/work")
    assert '<html lang="th">' in page.text and i18n.catalogue("th")["my_work"] in page.text
    assert phone.cookies.get("lang") == "th"  # the sign-in page after signing out: Thai too
    assert '<html lang="en">' in b.get("/work").text
    assert '<html lang="vi">' in phone.get("/work?lang=vi").text
    assert '<html lang="vi">' in a.get("/work").text  # the cookie says th; the account, vi
    # Chosen on the sign-in page: the form carries it to the account.
    kiosk = TestClient(a.app, base_url="https://testserver")
    assert 'name="lang"' not in kiosk.get("/login").text  # no choice made there: none sent
    form = kiosk.get("/login?lang=km").text
    assert '<input type="hidden" name="lang" value="km">' in form
    signed = {"username": "case_worker", "password": password("case_worker"), "csrf_token": _csrf(form)}
    assert kiosk.post("/login", data={**signed, "lang": "km"}, follow_redirects=False).status_code == 303
    assert '<html lang="km">' in a.get("/work").text
    with Session(engine) as session:
        user = session.scalars(select(UserAccount).where(UserAccount.username == "case_worker")).one()
        assert user.language == "km"
        changes = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.object_type == "user_account", AuditEvent.object_id == str(user.id)
            )
        ).all()
    assert [d["language"] for d in changes if "language" in d] == [[None, "th"], ["th", "vi"], ["vi", "km"]]
