"""The source file formats: what each agency's export looks like.

This is the contract between the scenario simulator (which writes these files), ingestion
(which validates and stores them) and any real agency export mapped onto them. Each source
type is one CSV or JSON-lines file per agency extract; the columns are listed here in order.

Conventions shared by every source type:
- `record_id` is the agency's own identifier, unique within (`org`, source type); ingestion
  is idempotent on that pair.
- `org` is the recording organisation's code (see `ORGANISATIONS` in the simulator and the
  `organisation` table); its type is an HTCDS `org_Type` value.
- Dates are ISO 8601; a birth date may be partial (`YYYY` or `YYYY-MM`).
- Genders use HTCDS `prs_Gender` value names; countries ISO 3166-1 alpha-3 (alpha-2 accepted
  on input); multi-valued fields are separated by `;` and hold HTCDS value names.
- Text may be in any script (Khmer, Thai, Lao, Burmese, Chinese, Vietnamese, Latin ...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceType:
    name: str
    agency: str
    description: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    # Read when present, beyond the contract's columns (the simulator does not write them).
    optional: tuple[str, ...] = ()


ORGANISATIONS = SourceType(
    name="organisations",
    agency="All: the directory of agencies and organisations that record or receive cases",
    description="One row per organisation; `record_id` is the code other files put in `org`.",
    columns=(
        "record_id",
        "org",
        "org_Name",
        "org_Type",
        "org_ShippingCountry",
        "org_ShippingCity",
        "org_Phone",
    ),
    # org: the organisation that maintains the directory (e.g. the national committee).
    required=("record_id", "org", "org_Name", "org_Type"),
)

CROSSINGS = SourceType(
    name="crossings",
    agency="Immigration department (border posts, airports)",
    description="One row per border crossing of one traveller, from the passport's MRZ and the visual zone.",
    columns=(
        "record_id",
        "org",
        "crossing_time",
        "direction",
        "border_post",
        "border_country",
        "document_type",
        "document_number",
        "issuing_state",
        "nationality",
        "surname",
        "given_names",
        "birth_date",
        "sex",
        "expiry_date",
        "mrz",
        "booking_ref",
    ),
    # direction: Entry | Exit. sex: F | M | X (as in the MRZ). mrz: the MRZ lines joined by "\n".
    # booking_ref: the travel booking or vehicle, shared by people who travelled together.
    required=("record_id", "org", "crossing_time", "direction", "document_number", "surname"),
)

POLICE = SourceType(
    name="police",
    agency="Police (anti-human-trafficking and juvenile protection units)",
    description="One row per person in a police case: victims, suspects and witnesses.",
    columns=(
        "record_id",
        "org",
        "case_ref",
        "role",
        "full_name",
        "name_native",
        "birth_date",
        "gender",
        "nationality",
        "document_number",
        "phone",
        "address",
        "report_date",
        "exploitation_type",
        "location_of_exploitation",
        "per_RoleInProcess",
        "legal_stage",
        "verdict",
        "sentence_months",
    ),
    # role: Victim | Suspect | Witness. legal_stage: Investigation | Prosecution | Trial | Closed.
    # verdict: Convicted | Acquitted | (empty while pending). exploitation_type: vic_TypeOfExploitation.
    required=("record_id", "org", "case_ref", "role", "full_name"),
)

NGO = SourceType(
    name="ngo",
    agency="NGOs and social-affairs shelters (HTCDS case files)",
    description="One row per assisted person and case, in HTCDS v2.0 field names.",
    columns=(
        "record_id",
        "org",
        "cas_CaseID",
        "cas_Status",
        "prs_FirstName",
        "prs_SecondName",
        "prs_NameNative",
        "prs_Birthdate",
        "prs_Gender",
        "prs_Citizenship",
        "prs_IdentityNumber",
        "prs_MobilePhone",
        "prs_PrimaryLanguage",
        "vic_TraffickingStatus",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_RelationshipToTrafficker",
        "vic_AgeWhenTrafficked",
        "vic_MethodOfRecruitment",
        "vic_RecruitmentWebsitesAndApps",
        "vic_MethodsOfControl",
        "vic_TypeOfExploitation",
        "vic_ForcedLabourIndustry",
        "vic_TypeOfSexExploitation",
        "vic_LocationOfExploitation",
        "hte_RecruitmentCountry",
        "hte_RecruitmentDate",
        "hte_ExploitationCountry",
        "cas_ReferringOrganisation",
        "cas_IncomingReferralDate",
        "cas_ReferredOrganisation",
        "cas_OutgoingReferralDate",
        "spl_Type",
        "con_Consent",
    ),
    # prs_NameNative: the name as written in the person's own script, when the NGO recorded it.
    # con_Consent: true | false. vic_LocationOfExploitation: ISO country code.
    required=("record_id", "org", "cas_CaseID", "prs_FirstName"),
)

HOTLINE = SourceType(
    name="hotline",
    agency="Hotline (calls and messages reporting suspected trafficking)",
    description="One row per report; the subject is often known only by a partial name and a phone.",
    columns=(
        "record_id",
        "org",
        "received_at",
        "channel",
        "language",
        "caller_phone",
        "subject_name",
        "subject_phone",
        "subject_nationality",
        "location",
        "exploitation_type",
        "narrative",
    ),
    # channel: Phone | Telegram | Facebook | WhatsApp | Line | Email.
    required=("record_id", "org", "received_at"),
)

BANK = SourceType(
    name="bank",
    agency="Banks and payment providers (know-your-customer records)",
    description="One row per account holder and account.",
    columns=(
        "record_id",
        "org",
        "account_number",
        "full_name",
        "birth_date",
        "nationality",
        "id_document_number",
        "phone",
        "address",
        "opened_on",
    ),
    required=("record_id", "org", "account_number", "full_name"),
    optional=("holder_type",),
)

TRANSACTIONS = SourceType(
    name="transactions",
    agency="Banks and payment providers (transactions)",
    description="One row per transfer between two accounts.",
    columns=(
        "record_id",
        "org",
        "booked_at",
        "from_account",
        "to_account",
        "amount",
        "currency",
        "channel",
        "reference",
    ),
    # channel: Cash | Transfer | Mobile | Card | Crypto. amount: decimal in `currency` (ISO 4217).
    required=("record_id", "org", "booked_at", "from_account", "to_account", "amount", "currency"),
)

ADVERTS = SourceType(
    name="adverts",
    agency="Online monitoring of job adverts (social media, job boards)",
    description="One row per job advert, deceptive or genuine, in the region's languages.",
    columns=(
        "record_id",
        "org",
        "posted_on",
        "platform",
        "language",
        "title",
        "body",
        "employer",
        "contact_phone",
        "salary_text",
        "location",
    ),
    # platform: vic_RecruitmentWebsitesAndApps values (Facebook, Telegram, ...) or a job board name.
    # language: ISO 639-1 (km, th, lo, my, zh, vi, id, tl, en).
    required=("record_id", "org", "posted_on", "body"),
)

WATCHLIST = SourceType(
    name="watchlist",
    agency="Watchlists (known traffickers, wanted, sanctioned and missing persons)",
    description="One row per listed person; the list's name is given on import.",
    columns=("id", "name", "aliases", "birth_date", "nationality", "gender", "document_number", "topics"),
    # aliases: separated by ";". gender: female | male | other (or HTCDS names).
    # topics: FollowTheMoney-style topics: crime.traffick, wanted, sanction, poi (missing person).
    required=("id", "name"),
)

SOURCE_TYPES: dict[str, SourceType] = {
    s.name: s
    for s in (ORGANISATIONS, CROSSINGS, POLICE, NGO, HOTLINE, BANK, TRANSACTIONS, ADVERTS, WATCHLIST)
}

# The simulator's output folder:
#   sources/<source type>.csv (or .jsonl)   one file per source type, all organisations together
#   watchlists/<list name>.csv              WATCHLIST columns
#   truth/<name>.csv                        TRUTH_FILES columns
#   manifest.json                           seed, people, row counts per file, tipnet version

# Ground-truth files the simulator writes beside the sources (never ingested as facts).
TRUTH_FILES: dict[str, tuple[str, ...]] = {
    # Every simulated person: their true identity and role in the scenario.
    "persons": (
        "person_id",
        "nationality",
        "gender",
        "birth_date",
        "name_latin",
        "name_native",
        "is_victim",
        "is_trafficker",
        "network_id",
        "network_role",
        "exploitation_type",
        "forced_labour_industry",
        "recruitment_advert_id",
    ),
    # Which source record is which person (the linkage ground truth).
    "records": ("source_type", "org", "record_id", "person_id"),
    # Adverts: deceptive or genuine, and the tricks used.
    "adverts": ("record_id", "deceptive", "tricks"),
    # Transactions: the typology each belongs to (or "none").
    "transactions": ("record_id", "typology", "network_id"),
    # Accounts: which person holds which account.
    "accounts": ("account_number", "person_id"),
    # Networks: one row per network.
    "networks": ("network_id", "kind", "size", "countries"),
    # Documents: every travel document presented, whose it is, and whether it is genuine, was presented
    # after its expiry, was altered (e.g. a minor's birth date) or is forged. Numbers are unique per
    # issuing state only.
    "documents": ("document_number", "issuing_state", "person_id", "status"),
}


# The channels of a bank's transactions.csv (issue 15's file contract: what the finance simulator
# writes and the finance loader accepts).
TRANSACTION_CHANNELS = (
    "transfer",
    "mobile",
    "card",
    "cash_deposit",
    "cash_withdrawal",
    "international_wire",
    "crypto_exchange",
)
