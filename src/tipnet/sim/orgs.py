"""The organisations that record the scenario: the directory written to sources/organisations.csv.

Government bodies carry their real names (immigration services, anti-trafficking police, hotlines,
social-affairs ministries); NGOs, banks, the payment app and the crypto exchange are fictional, so no
simulated record can be mistaken for a real institution's data. Codes are `<ISO 3166 alpha-2>-<unit>`.
"""

from __future__ import annotations

from dataclasses import dataclass

DIRECTORY_KEEPER = "KH-NCCT"


@dataclass(frozen=True, slots=True)
class Org:
    code: str
    name: str
    org_type: str  # HTCDS org_Type
    country: str  # ISO 3166-1 alpha-3
    city: str
    phone: str
    role: str  # coordination | immigration | police | shelter | ngo | hotline | bank | wallet | exchange | monitor


ORGS: tuple[Org, ...] = (
    Org(
        "KH-NCCT",
        "National Committee for Counter Trafficking",
        "CentralGovernmentOrganisation",
        "KHM",
        "Phnom Penh",
        "+85523880520",
        "coordination",
    ),
    Org(
        "KH-IMM",
        "General Department of Immigration",
        "ImmigrationService",
        "KHM",
        "Phnom Penh",
        "+85523890380",
        "immigration",
    ),
    Org(
        "TH-IMM",
        "Immigration Bureau, Royal Thai Police",
        "ImmigrationService",
        "THA",
        "Bangkok",
        "+6621411000",
        "immigration",
    ),
    Org(
        "VN-IMM",
        "Vietnam Immigration Department",
        "ImmigrationService",
        "VNM",
        "Ha Noi",
        "+842438260922",
        "immigration",
    ),
    Org(
        "LA-IMM",
        "Department of Immigration, Lao PDR",
        "ImmigrationService",
        "LAO",
        "Vientiane",
        "+85621212520",
        "immigration",
    ),
    Org(
        "MM-IMM",
        "Department of Immigration, Myanmar",
        "ImmigrationService",
        "MMR",
        "Nay Pyi Taw",
        "+95673431158",
        "immigration",
    ),
    Org(
        "CN-NIA",
        "National Immigration Administration",
        "ImmigrationService",
        "CHN",
        "Beijing",
        "+861012367",
        "immigration",
    ),
    Org(
        "PH-BI", "Bureau of Immigration", "ImmigrationService", "PHL", "Manila", "+63284652400", "immigration"
    ),
    Org(
        "ID-IMM",
        "Directorate General of Immigration",
        "ImmigrationService",
        "IDN",
        "Jakarta",
        "+62215225028",
        "immigration",
    ),
    Org(
        "MY-IMM",
        "Immigration Department of Malaysia",
        "ImmigrationService",
        "MYS",
        "Putrajaya",
        "+60388801000",
        "immigration",
    ),
    Org(
        "KH-AHTJP",
        "Anti-Human Trafficking and Juvenile Protection Department, National Police",
        "LawEnforcement",
        "KHM",
        "Phnom Penh",
        "+85523726158",
        "police",
    ),
    Org(
        "TH-ATPD",
        "Anti-Trafficking in Persons Division, Royal Thai Police",
        "LawEnforcement",
        "THA",
        "Bangkok",
        "+6621931191",
        "police",
    ),
    Org(
        "TH-DSI",
        "Department of Special Investigation",
        "LawEnforcement",
        "THA",
        "Bangkok",
        "+6628319888",
        "police",
    ),
    Org(
        "VN-MPS",
        "Criminal Police Department, Ministry of Public Security",
        "LawEnforcement",
        "VNM",
        "Ha Noi",
        "+842438226602",
        "police",
    ),
    Org(
        "LA-POL",
        "Anti-Human Trafficking Department, Ministry of Public Security",
        "LawEnforcement",
        "LAO",
        "Vientiane",
        "+85621212200",
        "police",
    ),
    Org(
        "MM-ATIPD",
        "Anti-Trafficking in Persons Division, Myanmar Police Force",
        "LawEnforcement",
        "MMR",
        "Nay Pyi Taw",
        "+95673412345",
        "police",
    ),
    Org(
        "CN-MPS",
        "Criminal Investigation Department, Ministry of Public Security",
        "LawEnforcement",
        "CHN",
        "Beijing",
        "+861066262114",
        "police",
    ),
    Org(
        "PH-NBI",
        "National Bureau of Investigation, Anti-Human Trafficking Division",
        "LawEnforcement",
        "PHL",
        "Manila",
        "+63285238231",
        "police",
    ),
    Org(
        "ID-POLRI",
        "Indonesian National Police, Criminal Investigation Agency",
        "LawEnforcement",
        "IDN",
        "Jakarta",
        "+62217218888",
        "police",
    ),
    Org(
        "MY-PDRM",
        "Royal Malaysia Police, Anti-Trafficking in Persons Unit",
        "LawEnforcement",
        "MYS",
        "Kuala Lumpur",
        "+60322626555",
        "police",
    ),
    Org(
        "KH-MOSVY",
        "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
        "CentralGovernmentOrganisation",
        "KHM",
        "Phnom Penh",
        "+85523725191",
        "shelter",
    ),
    Org(
        "TH-MSDHS",
        "Ministry of Social Development and Human Security",
        "CentralGovernmentOrganisation",
        "THA",
        "Bangkok",
        "+6626596000",
        "shelter",
    ),
    Org(
        "KH-HOT1288",
        "Anti-trafficking hotline 1288, National Police",
        "LawEnforcement",
        "KHM",
        "Phnom Penh",
        "+85523720288",
        "hotline",
    ),
    Org(
        "TH-HOT1300",
        "Prachabodi Center 1300",
        "CentralGovernmentOrganisation",
        "THA",
        "Bangkok",
        "+6626591300",
        "hotline",
    ),
    Org(
        "PH-HOT1343",
        "1343 Actionline against Human Trafficking",
        "CentralGovernmentOrganisation",
        "PHL",
        "Manila",
        "+63285271343",
        "hotline",
    ),
    Org("KH-NGO-LOTUS", "Lotus Path Shelter", "NGO", "KHM", "Phnom Penh", "+85523991201", "ngo"),
    Org("KH-NGO-SEASIDE", "Seaside Refuge", "NGO", "KHM", "Sihanoukville", "+85534933120", "ngo"),
    Org("TH-NGO-ISAN", "Isan Homecoming Foundation", "NGO", "THA", "Udon Thani", "+6642241780", "ngo"),
    Org("TH-NGO-MOEI", "Moei River Assistance", "NGO", "THA", "Mae Sot", "+6655531440", "ngo"),
    Org("VN-NGO-SONGHONG", "Song Hong Refuge", "NGO", "VNM", "Ha Noi", "+842437151188", "ngo"),
    Org("LA-NGO-MEKONG", "Mekong Bridge Centre", "NGO", "LAO", "Vientiane", "+85621265410", "ngo"),
    Org("MM-NGO-HPAAN", "Hpa-an Community Shelter", "NGO", "MMR", "Hpa-an", "+955821056", "ngo"),
    Org("ID-NGO-RUMAH", "Rumah Aman Migran", "NGO", "IDN", "Jakarta", "+62213190455", "ngo"),
    Org("PH-NGO-BAYANIHAN", "Bayanihan Haven", "NGO", "PHL", "Manila", "+63287251122", "ngo"),
    Org("MY-NGO-TENANG", "Tenang Shelter", "NGO", "MYS", "Kuala Lumpur", "+60327811340", "ngo"),
    Org(
        "KH-NGO-SAFEWORK", "SafeWork Online Monitoring", "NGO", "KHM", "Phnom Penh", "+85523988300", "monitor"
    ),
    Org("TH-NGO-NETWATCH", "NetWatch Migrant Jobs", "NGO", "THA", "Bangkok", "+6622781900", "monitor"),
    Org(
        "KH-BK-TONLE",
        "Tonle Commercial Bank",
        "CorporateBusiness",
        "KHM",
        "Phnom Penh",
        "+85523999800",
        "bank",
    ),
    Org("KH-BK-ANGKOR", "Angkor Union Bank", "CorporateBusiness", "KHM", "Siem Reap", "+85563966100", "bank"),
    Org(
        "KH-PAY-MEAS",
        "MeasPay Mobile Wallet",
        "CorporateBusiness",
        "KHM",
        "Phnom Penh",
        "+85523966700",
        "wallet",
    ),
    Org(
        "KH-XCH-KDX",
        "Kampuchea Digital Exchange",
        "CorporateBusiness",
        "KHM",
        "Phnom Penh",
        "+85523966900",
        "exchange",
    ),
    Org(
        "TH-BK-CHAO", "Chao Phraya Savings Bank", "CorporateBusiness", "THA", "Bangkok", "+6622220000", "bank"
    ),
    Org(
        "TH-BK-LANNA", "Lanna Commerce Bank", "CorporateBusiness", "THA", "Chiang Mai", "+6653220000", "bank"
    ),
    Org(
        "VN-BK-REDRIVER",
        "Red River Commercial Bank",
        "CorporateBusiness",
        "VNM",
        "Ha Noi",
        "+842439445566",
        "bank",
    ),
    Org(
        "VN-BK-CUULONG",
        "Cuu Long Joint Stock Bank",
        "CorporateBusiness",
        "VNM",
        "Can Tho",
        "+842923811811",
        "bank",
    ),
    Org(
        "CN-BK-PEARL",
        "Pearl Delta Rural Bank",
        "CorporateBusiness",
        "CHN",
        "Guangzhou",
        "+862083331111",
        "bank",
    ),
    Org(
        "LA-BK-LANEXANG",
        "Lanexang Trade Bank",
        "CorporateBusiness",
        "LAO",
        "Vientiane",
        "+85621213300",
        "bank",
    ),
    Org(
        "MM-BK-IRRAWADDY",
        "Irrawaddy People's Bank",
        "CorporateBusiness",
        "MMR",
        "Yangon",
        "+9512305500",
        "bank",
    ),
    Org("PH-BK-LUZON", "Luzon Thrift Bank", "CorporateBusiness", "PHL", "Manila", "+63288880000", "bank"),
    Org("ID-BK-NUSA", "Bank Nusa Sejahtera", "CorporateBusiness", "IDN", "Surabaya", "+62315678900", "bank"),
    Org(
        "MY-BK-STRAITS",
        "Straits Melaka Bank",
        "CorporateBusiness",
        "MYS",
        "Kuala Lumpur",
        "+60320700000",
        "bank",
    ),
)
BY_CODE = {o.code: o for o in ORGS}


def by_role(role: str, country: str | None = None) -> list[Org]:
    return [o for o in ORGS if o.role == role and (country is None or o.country == country)]


IMMIGRATION = {o.country: o for o in ORGS if o.role == "immigration"}
POLICE = {o.country: o for o in ORGS if o.role == "police" and o.code != "TH-DSI"}
SHELTERS = {o.country: o for o in ORGS if o.role == "shelter"}
HOTLINES = {o.country: o for o in ORGS if o.role == "hotline"}
BANKS: dict[str, list[Org]] = {}
for _o in ORGS:
    if _o.role == "bank":
        BANKS.setdefault(_o.country, []).append(_o)
WALLET = BY_CODE["KH-PAY-MEAS"]
EXCHANGE = BY_CODE["KH-XCH-KDX"]
NGOS: dict[str, list[Org]] = {}
for _o in ORGS:
    if _o.role == "ngo":
        NGOS.setdefault(_o.country, []).append(_o)

# Account number length and currencies (with weights) per bank country.
ACCOUNT_DIGITS = {
    "KHM": 12,
    "THA": 10,
    "VNM": 13,
    "CHN": 16,
    "LAO": 15,
    "MMR": 14,
    "PHL": 12,
    "IDN": 10,
    "MYS": 12,
}
CURRENCIES: dict[str, tuple[tuple[str, float], ...]] = {
    "KHM": (("USD", 0.7), ("KHR", 0.3)),
    "THA": (("THB", 1.0),),
    "VNM": (("VND", 1.0),),
    "CHN": (("CNY", 1.0),),
    "LAO": (("USD", 0.5), ("THB", 0.5)),
    "MMR": (("USD", 0.6), ("THB", 0.4)),
    "PHL": (("USD", 1.0),),
    "IDN": (("USD", 1.0),),
    "MYS": (("USD", 1.0),),
}


def directory_rows() -> list[tuple[str, ...]]:
    """Rows of sources/organisations.csv (ORGANISATIONS columns)."""
    return [(o.code, DIRECTORY_KEEPER, o.name, o.org_type, o.country, o.city, o.phone) for o in ORGS]
