"""NGO and shelter case files (HTCDS fields), column by column: the case and the victim as stored, or why not."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

BASE = {
    "record_id": "N-1",
    "org": "NGO-SHELTER",
    "cas_CaseID": "SS-0042",
    "cas_Status": "Active",
    "prs_FirstName": "Sreymom",
    "prs_SecondName": "Chan",
    "prs_NameNative": "ចាន់ ស្រីមុំ",
    "prs_Birthdate": "2001",
    "prs_Gender": "Feminine",
    "prs_Citizenship": "KHM",
    "prs_IdentityNumber": "N0123456",
    "prs_MobilePhone": "012 345 678",
    "prs_PrimaryLanguage": "khm",
    "vic_TraffickingStatus": "ActualVictimOfTrafficking",
    "vic_TraffickingStatusDecisionMakingOrg": "NGO",
    "vic_RelationshipToTrafficker": "Acquainted",
    "vic_AgeWhenTrafficked": "24",
    "vic_MethodOfRecruitment": "ThroughAnOnlineAdvertisement",
    "vic_RecruitmentWebsitesAndApps": "Telegram",
    "vic_MethodsOfControl": "DebtBondage;WithholdsDocuments;PhysicalAbuse",
    "vic_TypeOfExploitation": "ForcedLabour",
    "vic_ForcedLabourIndustry": "J_InformationAndCommunication",
    "vic_TypeOfSexExploitation": "",
    "vic_LocationOfExploitation": "MM",
    "hte_RecruitmentCountry": "KHM",
    "hte_RecruitmentDate": "2025-10",
    "hte_ExploitationCountry": "MMR",
    "cas_ReferringOrganisation": "KH-AHTJP",
    "cas_IncomingReferralDate": "2026-02-05",
    "cas_ReferredOrganisation": "NGO-OUT",
    "cas_OutgoingReferralDate": "2026-04-01",
    "spl_Type": "Health;Legal",
    "con_Consent": "true",
}
SEXUAL = {"vic_TypeOfExploitation": "SexualExploitation"}


def test_an_htcds_row_stores_the_case_the_victim_the_events_referrals_plans_and_consent() -> None:
    assert run("ngo", BASE).rows == {
        "case": [
            {
                "org_id": 3,
                "case_ref": "SS-0042",
                "cas_Status": "Active",
                "opened_on": date(2026, 2, 5),  # the incoming referral, before the recruitment month
                "source_type": "ngo",
            }
        ],
        "case_person": [
            {
                "role": "Victim",
                "vic_AgreementToManagePersonalData": True,
                "vic_TraffickingStatus": "ActualVictimOfTrafficking",
                "vic_TraffickingStatusDecisionMakingOrg": "NGO",
                "vic_RelationshipToTrafficker": "Acquainted",
                "vic_AgeWhenTrafficked": 24,
                "vic_RecruitmentWebsitesAndApps": ["Telegram"],
                "vic_MethodOfRecruitment": ["ThroughAnOnlineAdvertisement"],
                "vic_MethodsOfControl": ["DebtBondage", "WithholdsDocuments", "PhysicalAbuse"],
                "vic_TypeOfExploitation": ["ForcedLabour"],
                "vic_ForcedLabourIndustry": "J_InformationAndCommunication",
                "vic_TypeOfSexExploitation": [],
                "vic_LocationOfExploitation": "MMR",
            }
        ],
        "referral": [
            {
                "direction": "in",
                "from_org_id": 2,
                "to_org_id": 3,
                "referral_date": date(2026, 2, 5),
                "status": "accepted",
            },
            {
                "direction": "out",
                "from_org_id": 3,
                "to_org_id": 4,
                "referral_date": date(2026, 4, 1),
                "status": "pending",
            },
        ],
        "person": [
            {
                "prs_FirstName": "Sreymom",
                "prs_SecondName": "Chan",
                "full_name": "Sreymom Chan",
                "name_native": "ចាន់ ស្រីមុំ",
                "prs_Birthdate": "2001",
                "birth_year": 2001,
                "prs_Gender": "Feminine",
                "prs_Citizenship": ["KHM"],
                "prs_PrimaryLanguage": "km",
                "prs_IdentityNumber": "N0123456",
                "sealed": True,
            }
        ],
        "trafficking_event": [
            {"hte_Type": "Recruitment", "hte_Date": "2025-10", "hte_Country": "KHM"},
            {"hte_Type": "Exploitation", "hte_Country": "MMR"},
        ],
        "support_plan": [{"spl_Type": "Health"}, {"spl_Type": "Legal"}],
        "consent": [{"con_Consent": True, "scope": "case-management", "recorded_on": date(2026, 2, 5)}],
        "person_name": [{"kind": "primary", "name": "Sreymom Chan"}, {"kind": "native", "name": "ចាន់ ស្រីមុំ"}],
        "identity_document": [{"document_number": "N0123456"}],
        "phone": [{"number": "+85512345678"}],
    }


NO_REFERRALS = {
    "cas_ReferringOrganisation": "",
    "cas_IncomingReferralDate": "",
    "cas_ReferredOrganisation": "",
    "cas_OutgoingReferralDate": "",
}
CASES = [
    ok("cas_CaseID", "SS-0043", {"case.case_ref": ["SS-0043"]}),
    bad("cas_CaseID", ABSENT, "cas_CaseID", "required value is missing"),
    bad("cas_CaseID", "S" * 201, "cas_CaseID", "too long"),
    ok("cas_Status", "Follow Up", {"case.cas_Status": ["FollowUp"]}),
    ok("cas_Status", ABSENT, {"case.cas_Status": ["Active"]}),
    bad("cas_Status", "Archived", "cas_Status", "not a value of code list 'cas_Status'"),
    ok("prs_FirstName", "Srey Mom", {"person.prs_FirstName": ["Srey Mom"], "person.full_name": ["Srey Mom Chan"]}),
    bad("prs_FirstName", ABSENT, "prs_FirstName", "required value is missing"),
    bad("prs_FirstName", "Srey\x1bMom", "prs_FirstName", "contains control characters"),
    ok("prs_SecondName", ABSENT, {"person.prs_SecondName": [None], "person.full_name": ["Sreymom"]}),
    ok("prs_SecondName", "Keo", {"person.prs_SecondName": ["Keo"], "person_name.name": ["Sreymom Keo", "ចាន់ ស្រីមុំ"]}),
    bad("prs_SecondName", "C" * 601, "prs_SecondName", "too long"),
    ok("prs_NameNative", "ស្រីមុំ", {"person.name_native": ["ស្រីមុំ"], "person_name.kind": ["primary", "native"]}),
    ok("prs_NameNative", ABSENT, {"person.name_native": [None], "person_name.kind": ["primary"]}),
    bad("prs_NameNative", "ស\x00", "prs_NameNative", "contains control characters"),
    ok("prs_Birthdate", "2001-03-09", {"person.prs_Birthdate": ["2001-03-09"], "person.birth_year": [2001]}),
    ok("prs_Birthdate", ABSENT, {"person.prs_Birthdate": [None], "person.birth_year": [None]}),
    bad("prs_Birthdate", "around 2001", "prs_Birthdate", "not a date"),
    ok("prs_Gender", "Transgender Feminine", {"person.prs_Gender": ["TransgenderFeminine"]}),
    ok("prs_Gender", ABSENT, {"person.prs_Gender": [None]}),
    bad("prs_Gender", "F", "prs_Gender", "prs_Gender"),
    ok("prs_Citizenship", "KHM; th ;KH", {"person.prs_Citizenship": [["KHM", "THA"]]}),
    ok("prs_Citizenship", ABSENT, {"person.prs_Citizenship": [[]]}),
    bad("prs_Citizenship", "KHM;Siam", "prs_Citizenship", "not a value of code list 'country'"),
    ok("prs_IdentityNumber", "n0123456", {"person.prs_IdentityNumber": ["N0123456"], "identity_document.document_number": ["N0123456"]}),
    ok("prs_IdentityNumber", ABSENT, {"person.prs_IdentityNumber": [None], "identity_document.document_number": []}),
    bad("prs_IdentityNumber", "N01!23456", "prs_IdentityNumber", "not a document number"),
    ok("prs_MobilePhone", "+855 97 111 2222", {"phone.number": ["+855971112222"]}),
    ok("prs_MobilePhone", ABSENT, {"phone.number": []}),
    bad("prs_MobilePhone", "12", "prs_MobilePhone", "not a valid phone number"),
    ok("prs_PrimaryLanguage", "Khmer", {"person.prs_PrimaryLanguage": ["km"]}),
    ok("prs_PrimaryLanguage", "th", {"person.prs_PrimaryLanguage": ["th"]}),
    ok("prs_PrimaryLanguage", ABSENT, {"person.prs_PrimaryLanguage": [None]}),
    bad("prs_PrimaryLanguage", "xx", "prs_PrimaryLanguage", "not a value of code list 'language'"),
    bad("prs_PrimaryLanguage", "Cambodian", "prs_PrimaryLanguage", "too long (9 characters, at most 8)"),
    ok("vic_TraffickingStatus", "Possible victim of trafficking", {"case_person.vic_TraffickingStatus": ["PossibleVictimOfTrafficking"]}),
    ok("vic_TraffickingStatus", ABSENT, {"case_person.vic_TraffickingStatus": [None]}),
    bad("vic_TraffickingStatus", "Victim", "vic_TraffickingStatus", "vic_TraffickingStatus"),
    ok("vic_TraffickingStatusDecisionMakingOrg", "Police", {"case_person.vic_TraffickingStatusDecisionMakingOrg": ["Police"]}),
    ok("vic_TraffickingStatusDecisionMakingOrg", ABSENT, {"case_person.vic_TraffickingStatusDecisionMakingOrg": [None]}),
    bad("vic_TraffickingStatusDecisionMakingOrg", "Shelter", "vic_TraffickingStatusDecisionMakingOrg", "not a value of code list"),
    ok("vic_RelationshipToTrafficker", "Familial", {"case_person.vic_RelationshipToTrafficker": ["Familial"]}),
    ok("vic_RelationshipToTrafficker", ABSENT, {"case_person.vic_RelationshipToTrafficker": [None]}),
    bad("vic_RelationshipToTrafficker", "Cousin", "vic_RelationshipToTrafficker", "vic_RelationshipToTrafficker"),
    ok("vic_AgeWhenTrafficked", "0", {"case_person.vic_AgeWhenTrafficked": [0]}),
    ok("vic_AgeWhenTrafficked", "120", {"case_person.vic_AgeWhenTrafficked": [120]}),
    ok("vic_AgeWhenTrafficked", ABSENT, {"case_person.vic_AgeWhenTrafficked": [None]}),
    bad("vic_AgeWhenTrafficked", "121", "vic_AgeWhenTrafficked", "outside 0..120"),
    bad("vic_AgeWhenTrafficked", "-1", "vic_AgeWhenTrafficked", "outside 0..120"),
    bad("vic_AgeWhenTrafficked", "17.5", "vic_AgeWhenTrafficked", "not a whole number"),
    ok(
        "vic_MethodOfRecruitment",
        "AtWork;Through online social networks",
        {"case_person.vic_MethodOfRecruitment": [["AtWork", "ThroughOnlineSocialNetworks"]]},
    ),
    ok("vic_MethodOfRecruitment", ABSENT, {"case_person.vic_MethodOfRecruitment": [[]]}),
    bad("vic_MethodOfRecruitment", "AtWork;ByMagic", "vic_MethodOfRecruitment", "not a value of code list"),
    ok("vic_RecruitmentWebsitesAndApps", "Facebook;Telegram;Facebook", {"case_person.vic_RecruitmentWebsitesAndApps": [["Facebook", "Telegram"]]}),
    ok("vic_RecruitmentWebsitesAndApps", ABSENT, {"case_person.vic_RecruitmentWebsitesAndApps": [[]]}),
    bad("vic_RecruitmentWebsitesAndApps", "Myspace", "vic_RecruitmentWebsitesAndApps", "not a value of code list"),
    ok(
        "vic_MethodsOfControl",
        "DebtBondage; withholds documents ;",
        {"case_person.vic_MethodsOfControl": [["DebtBondage", "WithholdsDocuments"]]},
    ),
    ok("vic_MethodsOfControl", ABSENT, {"case_person.vic_MethodsOfControl": [[]]}),
    bad("vic_MethodsOfControl", "DebtBondage;Hypnosis", "vic_MethodsOfControl", "not a value of code list"),
    ok("vic_TypeOfExploitation", "ForcedLabour;ForcedMarriage", {"case_person.vic_TypeOfExploitation": [["ForcedLabour", "ForcedMarriage"]]}),
    ok("vic_TypeOfExploitation", ABSENT, {"case_person.vic_TypeOfExploitation": [[]]}),
    bad("vic_TypeOfExploitation", "Slavery2", "vic_TypeOfExploitation", "not a value of code list"),
    ok("vic_ForcedLabourIndustry", "F_Construction", {"case_person.vic_ForcedLabourIndustry": ["F_Construction"]}),
    ok("vic_ForcedLabourIndustry", ABSENT, {"case_person.vic_ForcedLabourIndustry": [None]}),
    bad("vic_ForcedLabourIndustry", "Scams", "vic_ForcedLabourIndustry", "not a value of code list"),
    ok(
        "vic_TypeOfSexExploitation",
        "Prostitution;Pornography",
        {"case_person.vic_TypeOfSexExploitation": [["Prostitution", "Pornography"]]},
        also=SEXUAL,
    ),
    ok("vic_TypeOfSexExploitation", ABSENT, {"case_person.vic_TypeOfSexExploitation": [[]]}, also=SEXUAL),
    bad("vic_TypeOfSexExploitation", "Prostitution", "vic_TypeOfSexExploitation", "needs SexualExploitation"),
    bad("vic_TypeOfSexExploitation", "Dancing", "vic_TypeOfSexExploitation", "not a value of code list", also=SEXUAL),
    ok("vic_LocationOfExploitation", "THA", {"case_person.vic_LocationOfExploitation": ["THA"]}),
    ok("vic_LocationOfExploitation", ABSENT, {"case_person.vic_LocationOfExploitation": [None]}),
    bad("vic_LocationOfExploitation", "Myanmar", "vic_LocationOfExploitation", "code list 'country'"),
    ok("hte_RecruitmentCountry", "vn", {"trafficking_event.hte_Country": ["VNM", "MMR"]}),
    ok(
        "hte_RecruitmentCountry",
        ABSENT,
        {"trafficking_event.hte_Type": ["Recruitment", "Exploitation"], "trafficking_event.hte_Country": [None, "MMR"]},
    ),
    ok(
        "hte_RecruitmentCountry",
        ABSENT,
        {"trafficking_event.hte_Type": ["Exploitation"]},
        also={"hte_RecruitmentDate": ""},
    ),
    bad("hte_RecruitmentCountry", "Vietnam", "hte_RecruitmentCountry", "code list 'country'"),
    ok("hte_RecruitmentDate", "2025-10-14", {"trafficking_event.hte_Date": ["2025-10-14", None]}),
    # Without an incoming referral, the case opens with the recruitment (the first day of its month).
    ok("hte_RecruitmentDate", "2025-10", {"case.opened_on": [date(2025, 10, 1)]}, also=NO_REFERRALS),
    ok("hte_RecruitmentDate", ABSENT, {"trafficking_event.hte_Date": [None, None], "case.opened_on": [date(2026, 2, 5)]}),
    ok("hte_RecruitmentDate", ABSENT, {"case.opened_on": [None]}, also=NO_REFERRALS),
    ok("hte_RecruitmentDate", "Oct 2025", {"trafficking_event.hte_Date": ["2025-10", None]}),
    bad("hte_RecruitmentDate", "2025/10", "hte_RecruitmentDate", "not a date"),
    ok("hte_ExploitationCountry", "th", {"trafficking_event.hte_Type": ["Recruitment", "Exploitation"], "trafficking_event.hte_Country": ["KHM", "THA"]}),
    ok("hte_ExploitationCountry", ABSENT, {"trafficking_event.hte_Type": ["Recruitment"]}),
    bad("hte_ExploitationCountry", "Burma", "hte_ExploitationCountry", "code list 'country'"),
    ok(
        "cas_ReferringOrganisation",
        "KH-NCCT",
        {"referral.direction": ["in", "out"], "referral.from_org_id": [1, 3], "referral.status": ["accepted", "pending"]},
    ),
    ok("cas_ReferringOrganisation", ABSENT, {"referral.direction": ["out"]}, also={"cas_IncomingReferralDate": ""}),
    bad("cas_ReferringOrganisation", ABSENT, "cas_ReferringOrganisation", "an incoming referral date needs the referring organisation"),
    bad("cas_ReferringOrganisation", "KH-NOBODY", "cas_ReferringOrganisation", "unknown organisation 'KH-NOBODY'"),
    ok(
        "cas_IncomingReferralDate",
        "2026-01-15",
        {"referral.referral_date": [date(2026, 1, 15), date(2026, 4, 1)], "consent.recorded_on": [date(2026, 1, 15)], "case.opened_on": [date(2026, 1, 15)]},
    ),
    ok(
        "cas_IncomingReferralDate",
        ABSENT,
        {"referral.referral_date": [None, date(2026, 4, 1)], "consent.recorded_on": [None], "case.opened_on": [date(2025, 10, 1)]},
    ),
    bad("cas_IncomingReferralDate", "2026-02", "cas_IncomingReferralDate", "a full date (YYYY-MM-DD) is required here"),
    ok("cas_ReferredOrganisation", "KH-NCCT", {"referral.to_org_id": [3, 1]}),
    ok("cas_ReferredOrganisation", ABSENT, {"referral.direction": ["in"]}, also={"cas_OutgoingReferralDate": ""}),
    bad("cas_ReferredOrganisation", ABSENT, "cas_ReferredOrganisation", "an outgoing referral date needs the organisation referred to"),
    bad("cas_ReferredOrganisation", "NGO-GONE", "cas_ReferredOrganisation", "unknown organisation 'NGO-GONE'"),
    ok("cas_OutgoingReferralDate", "2026-05-01", {"referral.referral_date": [date(2026, 2, 5), date(2026, 5, 1)]}),
    ok("cas_OutgoingReferralDate", ABSENT, {"referral.direction": ["in", "out"], "referral.referral_date": [date(2026, 2, 5), None]}),
    bad("cas_OutgoingReferralDate", "01/04/26", "cas_OutgoingReferralDate", "not a date"),
    ok("spl_Type", "Education; health", {"support_plan.spl_Type": ["Education", "Health"]}),
    ok("spl_Type", ABSENT, {"support_plan.spl_Type": []}),
    bad("spl_Type", "Health;Housing2", "spl_Type", "not a value of code list"),
    ok("con_Consent", "no", {"consent.con_Consent": [False], "case_person.vic_AgreementToManagePersonalData": [False]}),
    ok("con_Consent", "Y", {"consent.con_Consent": [True], "case_person.vic_AgreementToManagePersonalData": [True]}),
    ok("con_Consent", ABSENT, {"consent.con_Consent": [], "case_person.vic_AgreementToManagePersonalData": [None]}),
    bad("con_Consent", "maybe", "con_Consent", "not true/false"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_ngo_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("ngo", BASE, column, value, also, expect)


def test_every_ngo_column_is_in_the_table() -> None:
    assert_every_column_has_cases("ngo", CASES, by_pipeline=("record_id", "org"))
