"""Generic job-fraud rules (issue 16, "EMSCAD-style"): each fires with its evidence on a realistic fraudulent
posting written by hand from the FTC, BBB and IC3 warnings, and stays quiet on a hard genuine one that
shares its words (a warehouse that ships parcels, accounts payable that handles cheques, onboarding that
sets up direct deposit, a video interview, a job board's "we never ask for money" notice)."""

from __future__ import annotations

import pytest

from tipnet.recruitment import money, rules
from tipnet.recruitment.screen import Screener

# (code, fraudulent text that must raise it, genuine text that must not)
PAIRS = [
    (
        "RESHIPPING",
        "Logistics Assistant (home based): accept deliveries of laptops at your residence, remove the original "
        "packaging and invoices and forward the parcels with the labels we e-mail you.",
        "Shipping and Receiving Clerk: receive, inspect and put away inbound shipments at our distribution "
        "center; prepare outbound pallets and shipping labels for carrier pickup.",
    ),
    (
        "CHECK_THEN_SEND_MONEY",
        "We will mail you a cashier's check for your home-office setup. Deposit it and pay our approved "
        "supplier for the software by Zelle.",
        "Accounts Payable Clerk: process approved vendor invoices and payments by ACH, wire and check; reconcile "
        "the bank statements monthly.",
    ),
    (
        "MONEY_TRANSFER_JOB",
        "Payment Processing Assistant: customers pay our invoices into your own bank account; you keep 8% and "
        "transfer the balance to our office abroad the same day.",
        "Accounts Receivable Specialist: post customer payments in NetSuite and follow up on past-due accounts "
        "with our customers.",
    ),
    (
        "PAY_TO_START",
        "Independent Associate: your starter kit ($49.99) includes the training guide and is refunded after "
        "your first month.",
        "Retail Associate: paid training on your first week. We will never ask you to pay for training, a "
        "uniform or a background check.",
    ),
    (
        "PERSONAL_DATA_UPFRONT",
        "To reserve an interview, send a photo of your driver's license and your online banking details to "
        "our HR team.",
        "Note: we never request payment or banking information during the application process; new hires "
        "set up direct deposit on their first day.",
    ),
    (
        "CHAT_ONLY_INTERVIEW",
        "Qualified candidates are interviewed through Google Hangouts instant messaging; there is no phone "
        "interview.",
        "Interviews are held by video (Zoom or Teams) with the hiring manager after a short phone screen.",
    ),
    (
        "TASK_DEPOSIT",
        "Earn commissions by rating hotels in our app; premium task sets unlock after a small top-up in USDT.",
        "Market research analyst: design surveys, analyse ratings data and present findings to clients.",
    ),
    (
        "FREE_MAIL_CONTACT",
        "Hiring on behalf of a national retailer: e-mail your resume to recruit.team77@outlook.com today.",
        "Send your resume and portfolio to careers@bluestemanalytics.com; we reply within two weeks.",
    ),
    (
        "EASY_MONEY_LITTLE_WORK",
        "Home typist wanted: $700 per week for 2 hours a day, whenever you want.",
        "Warehouse associate, no experience necessary - paid training. Pay: $19.50 per hour, full-time.",
    ),
]


@pytest.fixture(scope="module")
def rules_only() -> Screener:
    return Screener(use_model=False)


@pytest.mark.parametrize(("code", "fraud", "genuine"), PAIRS, ids=[p[0] for p in PAIRS])
def test_generic_job_fraud_rule_fires_with_evidence_and_not_on_a_hard_negative(
    rules_only: Screener, code: str, fraud: str, genuine: str
) -> None:
    v = rules_only.screen(fraud, "en")
    flag = next((f for f in v.flags if f.code == code), None)
    assert flag is not None, [f.code for f in v.flags]
    assert flag.evidence and fraud[flag.start : flag.end] == flag.evidence
    assert flag.source in rules.SOURCES.values()
    assert flag.source.startswith(("FTC", "BBB", "FBI IC3"))
    assert flag.text and flag.text != code
    g = rules_only.screen(genuine, "en")
    assert code not in {f.code for f in g.flags}, [(f.code, f.evidence) for f in g.flags]


def test_every_generic_rule_has_a_pair() -> None:
    generic = {
        r.code
        for r in rules.RULES
        if r.source in {"FTC_JOBS", "FTC_FAKECHECK", "FTC_HIRE2020", "FTC_TASKS2024", "BBB2018", "IC3_2022"}
    }
    assert generic | {rules.EASY_MONEY_LITTLE_WORK[0]} == {c for c, _, _ in PAIRS}


def test_direct_deposit_and_a_cheque_to_deposit_are_not_a_fee(rules_only: Screener) -> None:
    """ "Direct deposit" is how payroll pays; a cheque to deposit is the fake-cheque scheme, not a fee."""
    payroll = rules_only.screen("Weekly pay by direct deposit; medical and dental from day one.", "en")
    assert "FEES_DEPOSIT_DEBT" not in {f.code for f in payroll.flags}
    cheque = rules_only.screen("Deposit the start-up check we send you and pay the supplier.", "en")
    codes = {f.code for f in cheque.flags}
    assert "CHECK_THEN_SEND_MONEY" in codes and "FEES_DEPOSIT_DEBT" not in codes
    # A deposit the worker must pay is still one.
    assert "FEES_DEPOSIT_DEBT" in {
        f.code for f in rules_only.screen("A deposit of $200 is required.", "en").flags
    }


def test_a_social_security_number_is_no_written_contract(rules_only: Screener) -> None:
    asked = rules_only.screen("Include your Social Security number with the application.", "en")
    assert "WRITTEN_CONTRACT" not in asked.mitigations
    assert (
        "WRITTEN_CONTRACT" in rules_only.screen("Social security and paid leave provided.", "en").mitigations
    )


def test_the_low_end_of_a_salary_range_takes_the_period_written_after_the_high_end() -> None:
    found = money.salaries("Compensation: $58,000-$69,000 per year.", "en")
    assert [round(m.monthly_usd) for m in found] == [4833, 5750]
    hourly = money.salaries("Pay: $17.50 to $21.00 per hour", "en")
    assert [round(m.monthly_usd) for m in hourly] == [3640, 4368]


def test_easy_money_needs_light_hours_and_a_named_currency(rules_only: Screener) -> None:
    """Full-time hours are no "little work" however well paid, and a bare number is no pay figure."""

    def easy(text: str) -> bool:
        return "EASY_MONEY_LITTLE_WORK" in {f.code for f in rules_only.screen(text, "en").flags}

    assert easy("Earn $900 per week working 3 hours a day from home.")
    assert not easy("Senior nurse, $900 per week, 8 hours a day, 5 days a week.")
    assert easy("Part-time remote typist: $650 a week for 10 hours a week.")
    assert not easy("Registered nurse: $1,800 per week for 36 hours a week.")
    # The same words with the pay written as a bare number (no $, USD or dollars): not judged on pay.
    assert not easy("Data entry in the comfort of your home, earn 6000 monthly.")
    assert easy("Data entry in the comfort of your home, earn $6000 monthly.")
    assert not easy("Earn 30k a month in your spare time.")  # a multiplier names no currency
    assert easy("Earn $30k a month in your spare time.")
    # "Work from home" says where the work is, not that it is light: a remote job at a real salary.
    assert not easy("Payroll Specialist, work from home. Salary: $58,000-$69,000 per year.")


@pytest.mark.parametrize(
    "onboarding",
    [
        "After you accept an offer, HR collects your Social Security number and bank details for direct deposit.",
        "New hires provide their bank account information for direct deposit during onboarding.",
        "Once hired, you will complete Form I-9 and W-4, including your Social Security number.",
    ],
)
def test_personal_data_asked_after_the_hire_is_onboarding(rules_only: Screener, onboarding: str) -> None:
    assert "PERSONAL_DATA_UPFRONT" not in {f.code for f in rules_only.screen(onboarding, "en").flags}


@pytest.mark.parametrize(
    "upfront",
    [
        "Send your bank details and Social Security number with your application.",
        "Provide your bank details for direct deposit so we can pay you before your start date.",
        # An onboarding word in another sentence does not excuse this one.
        "E-mail your date of birth and a photo of your driver's license. Onboarding is quick.",
    ],
)
def test_personal_data_asked_with_the_application_is_up_front(rules_only: Screener, upfront: str) -> None:
    flags = {f.code: f for f in rules_only.screen(upfront, "en").flags}
    assert "PERSONAL_DATA_UPFRONT" in flags and flags["PERSONAL_DATA_UPFRONT"].evidence in upfront
