"""NGOs and shelters: an HTCDS case file for one assisted person."""

from __future__ import annotations

from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import vocab_reason
from tipnet.ingest.mappers.common import MapContext, build_person
from tipnet.store.tables.cases import CasePerson, Consent, Referral, SupportPlan, TraffickingEvent


def apply(ctx: MapContext) -> None:
    row = ctx.row
    case_ref = row.text("cas_CaseID", required=True, max_len=200)
    status = row.code("cas_Status", "cas_Status")
    first = row.text("prs_FirstName", required=True)
    second = row.text("prs_SecondName")
    native = row.text("prs_NameNative")
    birth = row.partial_date("prs_Birthdate")
    gender = row.code("prs_Gender", "prs_Gender")
    citizenship = row.countries("prs_Citizenship")
    document_number = row.document_number("prs_IdentityNumber")
    phone = row.phone("prs_MobilePhone")
    language = row.text("prs_PrimaryLanguage", max_len=8)
    vic = {
        "vic_TraffickingStatus": row.code("vic_TraffickingStatus", "vic_TraffickingStatus"),
        "vic_TraffickingStatusDecisionMakingOrg": row.code(
            "vic_TraffickingStatusDecisionMakingOrg", "vic_TraffickingStatusDecisionMakingOrg"
        ),
        "vic_RelationshipToTrafficker": row.code(
            "vic_RelationshipToTrafficker", "vic_RelationshipToTrafficker"
        ),
        "vic_AgeWhenTrafficked": row.integer("vic_AgeWhenTrafficked", minimum=0, maximum=120),
        "vic_MethodOfRecruitment": row.codes("vic_MethodOfRecruitment", "vic_MethodOfRecruitment"),
        "vic_RecruitmentWebsitesAndApps": row.codes(
            "vic_RecruitmentWebsitesAndApps", "vic_RecruitmentWebsitesAndApps"
        ),
        "vic_MethodsOfControl": row.codes("vic_MethodsOfControl", "vic_MethodsOfControl"),
        "vic_TypeOfExploitation": (
            exploitation := row.codes("vic_TypeOfExploitation", "vic_TypeOfExploitation")
        ),
        "vic_ForcedLabourIndustry": row.code("vic_ForcedLabourIndustry", "vic_ForcedLabourIndustry"),
        "vic_TypeOfSexExploitation": (
            sex_exploitation := row.codes("vic_TypeOfSexExploitation", "vic_TypeOfSexExploitation")
        ),
        "vic_LocationOfExploitation": row.country("vic_LocationOfExploitation"),
    }
    recruitment_country = row.country("hte_RecruitmentCountry")
    recruitment_date = row.partial_date("hte_RecruitmentDate")
    exploitation_country = row.country("hte_ExploitationCountry")
    referring_org = ctx.org_id("cas_ReferringOrganisation")
    referred_in_on = row.date("cas_IncomingReferralDate")
    referred_org = ctx.org_id("cas_ReferredOrganisation")
    referred_out_on = row.date("cas_OutgoingReferralDate")
    plan_types = row.codes("spl_Type", "spl_Type")
    consent = row.boolean("con_Consent")
    if language:
        from tipnet.vocab import VocabError, normalize_language

        try:
            language = normalize_language(language)
        except VocabError as exc:
            raise RowError("prs_PrimaryLanguage", vocab_reason(exc)) from None
    if referred_in_on and not referring_org:
        raise RowError(
            "cas_ReferringOrganisation", "an incoming referral date needs the referring organisation"
        )
    if referred_out_on and not referred_org:
        raise RowError(
            "cas_ReferredOrganisation", "an outgoing referral date needs the organisation referred to"
        )
    if "SexualExploitation" not in exploitation and sex_exploitation:
        raise RowError("vic_TypeOfSexExploitation", "needs SexualExploitation among vic_TypeOfExploitation")

    case = ctx.case(case_ref, status=status)
    opened = referred_in_on or (recruitment_date.earliest() if recruitment_date else None)
    if opened and (case["opened_on"] is None or opened < case["opened_on"]):
        case["opened_on"] = opened
    person, _ = build_person(
        ctx,
        first=first,
        second=second,
        native=native,
        birth=birth,
        gender=gender,
        citizenship=citizenship,
        document_number=document_number,
        phone=phone,
        language=language,
    )
    link = ctx.new(
        CasePerson,
        {"case_id": case, "person_id": person, "source_record_id": ctx.record},
        role="Victim",
        vic_AgreementToManagePersonalData=consent,
        **vic,
    )
    ctx.to_seal.append(person)
    owner = {"case_person_id": link}
    if recruitment_country or recruitment_date:
        ctx.new(
            TraffickingEvent,
            owner,
            hte_Type="Recruitment",
            hte_Country=recruitment_country,
            hte_Date=recruitment_date.iso() if recruitment_date else None,
        )
    if exploitation_country:
        ctx.new(TraffickingEvent, owner, hte_Type="Exploitation", hte_Country=exploitation_country)
    if referring_org:
        ctx.new(
            Referral,
            {"case_id": case},
            direction="in",
            from_org_id=referring_org,
            to_org_id=ctx.record["org_id"],
            referral_date=referred_in_on,
            status="accepted",
        )
    if referred_org:
        ctx.new(
            Referral,
            {"case_id": case},
            direction="out",
            from_org_id=ctx.record["org_id"],
            to_org_id=referred_org,
            referral_date=referred_out_on,
            status="pending",
        )
    for plan_type in plan_types:
        ctx.new(SupportPlan, owner, spl_Type=plan_type)
    if consent is not None:
        ctx.new(Consent, owner, con_Consent=consent, scope="case-management", recorded_on=referred_in_on)
