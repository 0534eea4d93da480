"""Job-board postings (EMSCAD-style fields) screened whole: each generic job-fraud rule fires on a realistic
posting with its evidence, the field it is in and its source, and stays quiet on a legitimate look-alike
posting (payroll by direct deposit, a real salary range for remote work, a warehouse that ships parcels);
bad input is refused naming the record and the field, from Python and from `tipnet adverts postings`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.recruitment import postings, rules
from tipnet.recruitment.postings import PostingError, PostingScreener

from .test_jobfraud_rules import PAIRS

PROFILE = (
    "Northgate Supply Partners is a regional distributor of office and janitorial products with 140 "
    "employees in three states. Founded in 1998."
)


def posting(pid: str, description: str, **fields: str) -> dict[str, str]:
    base = {
        "job_id": pid,
        "title": "Associate",
        "location": "US, OH, Columbus",
        "department": "",
        "salary_range": "",
        "company_profile": PROFILE,
        "description": description,
        "requirements": "High school diploma or equivalent.",
        "benefits": "",
        "telecommuting": "0",
        "has_company_logo": "1",
        "has_questions": "0",
        "employment_type": "Full-time",
    }
    base.update(fields)
    return base


@pytest.fixture(scope="module")
def screener() -> PostingScreener:
    return PostingScreener()


@pytest.mark.parametrize(("code", "fraud", "genuine"), PAIRS, ids=[p[0] for p in PAIRS])
def test_each_rule_on_a_posting_names_its_field_and_not_on_the_look_alike(
    screener: PostingScreener, code: str, fraud: str, genuine: str
) -> None:
    text = "We are growing fast and value every team member.\n" + fraud
    v = screener.screen(posting("f", text, telecommuting="1"))
    flag = next((f for f in v.flags if f.code == code), None)
    assert flag is not None, [f.code for f in v.flags]
    assert flag.source in rules.SOURCES.values() and flag.text
    assert flag.detail.startswith("in description, characters ")
    s, e = (int(x) for x in flag.detail.split("characters ")[1].split(";")[0].split("-"))
    assert text[s:e] == flag.evidence
    assert v.to_json()["flags"][0]["source"]
    g = screener.screen(posting("g", genuine, benefits="Medical, dental, 401(k) with a 4% match."))
    assert code not in {f.code for f in g.flags}, [(f.code, f.evidence) for f in g.flags]
    assert not g.fraudulent


def test_payroll_by_direct_deposit_and_a_real_salary_range_are_genuine(screener: PostingScreener) -> None:
    payroll = posting(
        "g-pay",
        "Payroll Specialist (remote): process bi-weekly payroll for 600 employees in ADP, set up new hires' "
        "direct deposit and W-4 forms, and reconcile payroll bank accounts. Work from home in Ohio.",
        title="Payroll Specialist",
        salary_range="58000-69000",
        benefits="Salary: $58,000-$69,000 per year. Paid by direct deposit every other Friday.",
        telecommuting="1",
    )
    v = screener.screen(payroll)
    codes = {f.code for f in v.flags}
    assert not v.fraudulent, codes
    assert not codes & {"FEES_DEPOSIT_DEBT", "PERSONAL_DATA_UPFRONT", "EASY_MONEY_LITTLE_WORK"}
    # The same remote job with the pay of a scam for a few hours' light work is flagged.
    scam = {**payroll, "benefits": "Earn $1,500 per week for 2 hours a day, whenever you want."}
    flags = {f.code: f for f in screener.screen(scam).flags}
    assert "EASY_MONEY_LITTLE_WORK" in flags
    assert flags["EASY_MONEY_LITTLE_WORK"].detail.startswith("in benefits")


def test_a_fake_cheque_posting_without_employer_details_is_fraudulent(screener: PostingScreener) -> None:
    fake = posting(
        "f-chk",
        "Remote Administrative Assistant. You will receive a check to purchase your home-office equipment; "
        "deposit it and send the balance to our vendor through Zelle. Interviews are held on Telegram.",
        company_profile="",
        has_company_logo="0",
        telecommuting="1",
    )
    v = screener.screen(fake)
    codes = {f.code for f in v.flags}
    assert v.fraudulent and {"CHECK_THEN_SEND_MONEY", "NO_EMPLOYER_DETAILS"} <= codes
    assert v.score > screener.screen({**fake, "company_profile": PROFILE, "has_company_logo": "1"}).score


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"job_id": " "}, "job_id", "empty id"),
        ({"has_company_logo": "maybe"}, "has_company_logo", "not 0 or 1"),
        ({"telecommuting": "2"}, "telecommuting", "not 0 or 1"),
        ({"description": "caf\udce9"}, "description", "not UTF-8"),
        ({n: "" for n in postings.TEXT_FIELDS}, "description", "no text"),
    ],
)
def test_bad_input_names_the_record_and_the_field(
    screener: PostingScreener, change: dict[str, str], field: str, reason: str
) -> None:
    bad = {**posting("p-7", "Cashier wanted."), **change}
    with pytest.raises(PostingError) as exc:
        postings.check(bad, record=7)
    assert exc.value.field == field and exc.value.record == 7
    assert "record 7" in str(exc.value) and repr(field) in str(exc.value) and reason in str(exc.value)
    with pytest.raises(PostingError, match=field):
        screener.screen(bad)


def test_yes_no_fields_may_be_numbers_or_bools_from_python(screener: PostingScreener) -> None:
    base = posting("p-8", "Cashier wanted. $15 per hour.", company_profile="")
    as_text = screener.screen({**base, "has_company_logo": "0"})
    assert "NO_EMPLOYER_DETAILS" in {f.code for f in as_text.flags}
    for logo in (1, True):
        v = screener.screen({**base, "has_company_logo": logo})  # type: ignore[dict-item]
        assert "NO_EMPLOYER_DETAILS" not in {f.code for f in v.flags}
    for logo in (0, False):
        v = screener.screen({**base, "has_company_logo": logo})  # type: ignore[dict-item]
        assert "NO_EMPLOYER_DETAILS" in {f.code for f in v.flags}
    with pytest.raises(PostingError, match="has_company_logo"):
        screener.screen({**base, "has_company_logo": 2})  # type: ignore[dict-item]
    with pytest.raises(PostingError, match="'description': not text"):
        screener.screen({**base, "description": 42})  # type: ignore[dict-item]


COLUMNS = ["job_id", "title", "location", "company_profile", "description", "requirements", "benefits",
           "telecommuting", "has_company_logo", "has_questions"]  # fmt: skip


def _write(path: Path, rows: list[dict[str, str]], extra: bytes = b"") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    if extra:
        with path.open("ab") as fh:
            fh.write(extra)
    return path


FRAUD = posting(
    "j1",
    "Package Handler (home based): receive parcels at your home, repackage them and reship them to the "
    "addresses we e-mail you. $25 per hour. Reply to logistics.jobs.2026@gmail.com",
    company_profile="",
    has_company_logo="0",
    telecommuting="1",
)
GENUINE = posting(
    "j2",
    "Shipping and Receiving Clerk: receive, inspect and put away inbound shipments; prepare outbound "
    "pallets and shipping labels. $18.50 per hour, weekly pay by direct deposit.",
)


def test_cli_json_one_verdict_per_posting(tmp_path: Path) -> None:
    f = _write(tmp_path / "jobs.csv", [FRAUD, GENUINE])
    r = CliRunner().invoke(app, ["adverts", "postings", str(f), "--json", "-q"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(v["id"], v["fraudulent"]) for v in lines] == [("j1", True), ("j2", False)]
    reship = next(x for x in lines[0]["flags"] if x["code"] == "RESHIPPING")
    assert reship["evidence"] in FRAUD["description"] and reship["detail"].startswith("in description")
    assert reship["source"] == rules.SOURCES["FTC_JOBS"]


def test_cli_rejects_bad_rows_naming_record_and_field(tmp_path: Path) -> None:
    rows = [
        FRAUD,
        {**GENUINE, "job_id": "=HYPERLINK(1)"},
        {**GENUINE, "job_id": "j3", "has_company_logo": "yes please"},
    ]
    f = _write(
        tmp_path / "jobs.csv",
        rows,
        extra=b'j4,Clerk,"US",,"caf\xe9 cashier",,,0,1,0\n,Clerk,US,,text,,,0,1,0\n',
    )
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["adverts", "postings", str(f), "--out", str(out), "-q"])
    assert r.exit_code == 1, r.output
    with (out / "verdicts.csv").open(encoding="utf-8", newline="") as fh:
        verdicts = list(csv.DictReader(fh))
    assert [v["id"] for v in verdicts] == ["j1", "'=HYPERLINK(1)"]  # spreadsheet-safe
    assert verdicts[0]["fraudulent"] == "true" and "RESHIPPING" in verdicts[0]["flags"]
    with (out / "rejected.csv").open(encoding="utf-8", newline="") as fh:
        rejected = [(x["record"], x["id"], x["field"], x["reason"]) for x in csv.DictReader(fh)]
    assert rejected == [
        ("3", "j3", "has_company_logo", "not 0 or 1: 'yes please'"),
        ("4", "j4", "description", "unreadable encoding (not UTF-8)"),
        ("5", "", "job_id", "empty id"),
    ]
    # Without --out the reasons go to standard error, with the record and the field.
    r = CliRunner().invoke(app, ["adverts", "postings", str(f), "--json", "-q"])
    assert r.exit_code == 1
    assert "record 3 (j3)" in r.stderr and "has_company_logo" in r.stderr


def test_cli_unreadable_file_or_missing_column_is_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "jobs.csv"
    f.write_text("id,text\n1,hello\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["adverts", "postings", str(f), "--json", "-q"])
    assert r.exit_code == 2 and "job_id" in r.stderr
    r = CliRunner().invoke(app, ["adverts", "postings", str(f), "--id-column", "id", "--json", "-q"])
    assert r.exit_code == 2 and "description" in r.stderr
    r = CliRunner().invoke(app, ["adverts", "postings", str(tmp_path / "none.csv"), "--json", "-q"])
    assert r.exit_code == 2
    good = _write(tmp_path / "ok.csv", [GENUINE])
    r = CliRunner().invoke(app, ["adverts", "postings", str(good), "--json", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and not (tmp_path / "o").exists()
