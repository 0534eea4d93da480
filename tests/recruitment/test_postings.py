"""Job-board postings with fields (EMSCAD-style): the rules run on the text fields and say which field
holds the evidence; no employer details comes from the fields; pay is judged against the wage table only
where it has the country; the calibration is a Platt fit whose threshold gives the best F1."""

from __future__ import annotations

import pytest

from tipnet.recruitment import postings, rules

RESHIPPER = {
    "job_id": "p1",
    "title": "Quality Control Inspector (Home Based)",
    "location": "US, OH, Columbus",
    "company_profile": "",
    "description": "Inspect electronics delivered to your home, repackage them and ship them to the addresses "
    "we send you. Pay $27 per hour.",
    "requirements": "Must be 18+.",
    "benefits": "",
    "telecommuting": "1",
    "has_company_logo": "0",
}
STAFFING = {
    "job_id": "g1",
    "title": "Warehouse Associate - 2nd Shift",
    "location": "US, TX, Houston",
    "company_profile": "",
    "description": "Our client, a distribution center, is hiring. Pick, pack and ship orders with RF scanners. "
    "Offers are contingent on a background check, which we pay for. Pay: $17.00-$19.00 per hour.",
    "requirements": "Able to lift 50 lbs. No experience necessary - paid training provided.",
    "benefits": "Weekly pay\nMedical, dental and vision insurance",
    "telecommuting": "0",
    "has_company_logo": "1",
}


@pytest.fixture(scope="module")
def screener() -> postings.PostingScreener:
    return postings.PostingScreener()


def test_a_reshipping_posting_is_fraudulent_with_evidence_in_its_field(
    screener: postings.PostingScreener,
) -> None:
    v = screener.screen(RESHIPPER)
    assert v.fraudulent
    by_code = {f.code: f for f in v.flags}
    assert {"RESHIPPING", "NO_EMPLOYER_DETAILS"} <= set(by_code)
    reship = by_code["RESHIPPING"]
    assert reship.detail.startswith("in description, characters ")
    s, e = (int(x) for x in reship.detail.split("characters ")[1].split("-"))
    assert RESHIPPER["description"][s:e] == reship.evidence
    assert by_code["NO_EMPLOYER_DETAILS"].source == rules.SOURCES["FTC_JOBS"]
    assert "NO_COMPANY_IDENTITY" not in by_code
    assert v.to_json()["flags"][0]["evidence"]


def test_a_staffing_agency_without_a_profile_but_with_a_logo_is_genuine(
    screener: postings.PostingScreener,
) -> None:
    v = screener.screen(STAFFING)
    assert not v.fraudulent, [(f.code, f.evidence) for f in v.flags]
    assert "NO_EMPLOYER_DETAILS" not in {f.code for f in v.flags}
    bare = screener.screen({**STAFFING, "has_company_logo": "0"})
    assert "NO_EMPLOYER_DETAILS" in {f.code for f in bare.flags}
    assert not bare.fraudulent  # no profile and no logo alone is not enough


def test_pay_is_judged_against_the_wage_table_only_where_it_has_the_country(
    screener: postings.PostingScreener,
) -> None:
    offer = {
        "job_id": "w",
        "title": "Cleaner",
        "company_profile": "Harbor Facilities LLC, est. 1990.",
        "description": "Office cleaner wanted. Salary $2,000 per month.",
        "has_company_logo": "1",
    }
    assert "PAY_FAR_ABOVE_MARKET" in {f.code for f in screener.flags({**offer, "location": "KH, Phnom Penh"})}
    assert "PAY_FAR_ABOVE_MARKET" not in {
        f.code for f in screener.flags({**offer, "location": "US, NY, New York"})
    }


def test_the_calibration_fits_and_picks_the_best_f1_threshold() -> None:
    scores = [0.0, 0.0, 0.5, 0.8, 0.0, 1.6, 2.2, 3.0, 1.8, 0.8]
    labels = [False, False, False, False, False, True, True, True, True, False]
    cal = postings.calibrate(scores, labels)
    assert cal["a"] > 0 and cal["dev_f1"] == 1.0
    ps = postings.PostingScreener(calib=cal)
    called = [1 / (1 + pow(2.718281828, -(ps.a * x + ps.c))) >= ps.threshold for x in scores]
    assert called == labels
    with pytest.raises(ValueError):
        postings.calibrate([1.0, 2.0], [True, True])


def test_the_shipped_calibration_says_what_it_was_fitted_on() -> None:
    cal = postings.calibration()
    assert "dev.csv" in cal["fitted_on"] and "test" not in cal["fitted_on"]
    assert 0 < cal["threshold"] < 1
