# SPDX-License-Identifier: Apache-2.0
"""The world the transactions happen in: calendar, time zones, currencies and rates, people's and
companies' names, account records, and the ledger every generator writes to. Standard library only."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

START = date(2026, 1, 1)
DAYS = 120  # 2026-01-01 .. 2026-04-30: spans Tet / Chinese New Year and Khmer New Year / Songkran
END = START + timedelta(days=DAYS - 1)


def rng_for(seed: int, *parts: object) -> random.Random:
    """An independent stream per purpose and item (string seeds hash with SHA-512: stable across runs)."""
    return random.Random("|".join(str(p) for p in (seed, *parts)))


def days() -> list[date]:
    return [START + timedelta(days=i) for i in range(DAYS)]


# ------------------------------------------------------------------ countries
# country: (UTC offset in minutes, account currency, (cheaper share, other currency) or None)
COUNTRIES: dict[str, tuple[int, str]] = {
    "KH": (420, "USD"),  # Cambodia: dollarised; a quarter of accounts in riel (below)
    "TH": (420, "THB"),
    "VN": (420, "VND"),
    "LA": (420, "LAK"),
    "MM": (390, "MMK"),  # Myanmar: UTC+06:30
    "CN": (480, "CNY"),
    "HK": (480, "HKD"),
    "TW": (480, "TWD"),
    "MY": (480, "MYR"),
    "SG": (480, "SGD"),
    "PH": (480, "PHP"),
    "ID": (420, "IDR"),  # WIB (Jakarta)
    "KR": (540, "KRW"),
    "JP": (540, "JPY"),
    "AU": (660, "AUD"),  # Sydney, daylight saving until 5 April 2026 (simplified: +11 throughout)
    "US": (-300, "USD"),  # New York, standard time (simplified)
    "CA": (-300, "CAD"),
    "GB": (0, "GBP"),
    "AE": (240, "AED"),
}

# Units per US dollar, approximate levels of 2025 (central-bank reference rates: NBC for KHR at about
# 4,000-4,100; the others rounded). A small daily random walk is added per seed; rates.csv has the table.
USD_RATES = {
    "USD": 1.0, "KHR": 4020.0, "THB": 33.5, "VND": 26000.0, "LAK": 21700.0, "MMK": 2100.0,
    "CNY": 7.20, "HKD": 7.80, "TWD": 31.5, "MYR": 4.35, "SGD": 1.32, "PHP": 57.5, "IDR": 16300.0,
    "KRW": 1390.0, "JPY": 148.0, "AUD": 1.53, "CAD": 1.37, "GBP": 0.76, "AED": 3.6725, "EUR": 0.88,
}  # fmt: skip
# Currencies written without minor units in practice (ISO 4217 gives KHR, IDR, MMK, LAK two decimals
# on paper, but banks and apps show whole units).
WHOLE_UNITS = {"KHR", "VND", "LAK", "MMK", "IDR", "KRW", "JPY"}
PEGGED = {"HKD", "AED"}

# Approximate 2026 public holidays on which banks do not run payroll or branch cash (the Lunar New Year
# falls on 17 February 2026; Khmer New Year and Songkran 13-16 April).
HOLIDAYS = {
    "KH": {date(2026, 1, 1), date(2026, 1, 7), date(2026, 3, 8), date(2026, 4, 14), date(2026, 4, 15),
           date(2026, 4, 16)},
    "TH": {date(2026, 1, 1), date(2026, 3, 3), date(2026, 4, 6), date(2026, 4, 13), date(2026, 4, 14),
           date(2026, 4, 15)},
    "VN": {date(2026, 1, 1)} | {date(2026, 2, d) for d in range(14, 23)},
    "CN": {date(2026, 1, 1)} | {date(2026, 2, d) for d in range(15, 24)},
    "LA": {date(2026, 1, 1), date(2026, 3, 8), date(2026, 4, 14), date(2026, 4, 15), date(2026, 4, 16)},
    "MM": {date(2026, 1, 4), date(2026, 4, 13), date(2026, 4, 14), date(2026, 4, 15), date(2026, 4, 16)},
}  # fmt: skip
LUNAR_NEW_YEAR = date(2026, 2, 17)
KHMER_NEW_YEAR = date(2026, 4, 14)


def is_business_day(d: date, country: str) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS.get(country, set())


def previous_business_day(d: date, country: str) -> date:
    while not is_business_day(d, country):
        d -= timedelta(days=1)
    return d


class Rates:
    """Daily units-per-USD with a small random walk (pegged currencies stay put)."""

    def __init__(self, seed: int) -> None:
        self.table: dict[tuple[date, str], float] = {}
        for cur, base in USD_RATES.items():
            rng = rng_for(seed, "rate", cur)
            level = base
            for d in days():
                if cur not in PEGGED and cur != "USD":
                    level *= 1 + rng.gauss(0, 0.0025)
                    level = min(max(level, base * 0.95), base * 1.05)
                self.table[(d, cur)] = level

    def per_usd(self, d: date, cur: str) -> float:
        return self.table[(min(max(d, START), END), cur)]

    def to_usd(self, amount: float, cur: str, d: date) -> float:
        return amount / self.per_usd(d, cur)

    def from_usd(self, usd: float, cur: str, d: date) -> float:
        return usd * self.per_usd(d, cur)


def round_amount(amount: float, cur: str, step: float | None = None) -> float:
    """Round to the currency's usual step: whole riel hundreds, dong thousands, cents elsewhere."""
    if step is None:
        step = {"KHR": 100, "VND": 1000, "LAK": 1000, "MMK": 100, "IDR": 100, "KRW": 10, "JPY": 1}.get(
            cur, 0.01
        )
    return max(step, round(amount / step) * step)


def format_amount(amount: float, cur: str) -> str:
    if cur in WHOLE_UNITS:
        return str(round(amount))
    return f"{amount:.2f}"


# ------------------------------------------------------------------ names (the author's own lists)
KH_FAMILY = [
    "Sok",
    "Chan",
    "Kim",
    "Heng",
    "Chea",
    "Ly",
    "Seng",
    "Sao",
    "Keo",
    "Touch",
    "Meas",
    "Nhem",
    "Prak",
    "Chhim",
    "Vann",
    "Phan",
    "Mao",
    "Yim",
    "Ouk",
    "Pov",
    "Sam",
    "Long",
    "Em",
    "Hem",
    "Tep",
]
KH_GIVEN = [
    "Dara",
    "Sophea",
    "Vanna",
    "Srey Mom",
    "Bopha",
    "Sokha",
    "Rithy",
    "Vibol",
    "Chanthou",
    "Piseth",
    "Sreyneang",
    "Kosal",
    "Sopheap",
    "Channary",
    "Virak",
    "Leakhena",
    "Rachana",
    "Sothea",
    "Pisey",
    "Malis",
    "Kimsan",
    "Narith",
    "Sambath",
    "Thida",
    "Veasna",
    "Sreypov",
    "Chenda",
    "Ratanak",
]
KH_SCRIPT = {
    "Sok": "សុខ",
    "Chan": "ចាន់",
    "Kim": "គីម",
    "Heng": "ហេង",
    "Chea": "ជា",
    "Dara": "ដារា",
    "Sophea": "សុភា",
    "Vanna": "វណ្ណា",
    "Bopha": "បុប្ផា",
    "Sokha": "សុខា",
    "Rithy": "ឫទ្ធី",
    "Piseth": "ពិសិដ្ឋ",
    "Thida": "ធីតា",
}
TH_GIVEN = [
    "Somchai",
    "Somsak",
    "Nattapong",
    "Siriporn",
    "Kanya",
    "Wanida",
    "Prasert",
    "Anucha",
    "Suda",
    "Malee",
    "Thanawat",
    "Pimchanok",
    "Kittisak",
    "Ratana",
    "Arthit",
    "Jintana",
    "Chaiwat",
    "Nipa",
]
TH_FAMILY = [
    "Saetang",
    "Srisuk",
    "Wongsawat",
    "Chaiyaphum",
    "Boonmee",
    "Thongdee",
    "Kaewmanee",
    "Phromsri",
    "Suwannarat",
    "Rattanakorn",
    "Inthasorn",
    "Pongpanich",
    "Sukjai",
    "Meechai",
]
VN_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
VN_FAMILY_W = [38, 12, 9, 7, 5, 5, 4, 4, 4, 2, 2, 2]
VN_MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thanh", "Hữu", "Quốc"]
VN_GIVEN = [
    "Hùng",
    "Lan",
    "Hương",
    "Tuấn",
    "Dũng",
    "Mai",
    "Linh",
    "Nam",
    "Hải",
    "Trang",
    "Phương",
    "Long",
    "Thảo",
    "Quang",
    "Huy",
    "Yến",
    "Sơn",
    "Hạnh",
]
CN_FAMILY = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Lin"]
CN_GIVEN = [
    "Wei",
    "Fang",
    "Jun",
    "Lei",
    "Min",
    "Jing",
    "Hao",
    "Yang",
    "Tao",
    "Xiaoming",
    "Lihua",
    "Jianguo",
    "Haiyan",
    "Zhiqiang",
    "Yufei",
    "Qiang",
]
MM_SYLL = [
    "Aung",
    "Kyaw",
    "Zaw",
    "Min",
    "Htet",
    "Naing",
    "Thant",
    "Soe",
    "Win",
    "Myo",
    "Hlaing",
    "Tun",
    "Oo",
    "Ko",
    "Phyo",
    "Thu",
    "Zin",
    "Ei",
    "Hnin",
    "Su",
    "Mya",
    "Khin",
    "Moe",
    "Aye",
    "Nwe",
    "Thiri",
    "Nandar",
]
LA_GIVEN = [
    "Souksavanh",
    "Khamphone",
    "Bounmy",
    "Vilaysack",
    "Phonsavanh",
    "Noy",
    "Manivone",
    "Somphone",
    "Chanthaly",
    "Keo",
    "Vanhxay",
    "Latsamy",
]
LA_FAMILY = [
    "Phommachanh",
    "Xayavong",
    "Sisouphanh",
    "Keomany",
    "Vongsa",
    "Inthavong",
    "Phetsamone",
    "Souvannavong",
]
ID_FIRST = [
    "Agus",
    "Budi",
    "Sri",
    "Dewi",
    "Rina",
    "Eko",
    "Joko",
    "Ahmad",
    "Nur",
    "Wulan",
    "Hendra",
    "Yanti",
    "Putri",
    "Rizky",
    "Siti",
    "Bambang",
    "Fitri",
    "Dimas",
]
ID_SECOND = [
    "Santoso",
    "Saputra",
    "Wijaya",
    "Lestari",
    "Hidayat",
    "Kurniawan",
    "Siregar",
    "Nasution",
    "Wahyuni",
    "Prasetyo",
    "Setiawan",
    "",
]
PH_GIVEN = [
    "Maria",
    "Jose",
    "Mark",
    "Angelica",
    "Jerome",
    "Kristine",
    "Ramon",
    "Joy",
    "Analyn",
    "Rodel",
    "Jennifer",
    "Ma. Cristina",
    "Jun",
    "Rowena",
]
PH_FAMILY = [
    "Santos",
    "Reyes",
    "Cruz",
    "Bautista",
    "Ocampo",
    "Garcia",
    "Mendoza",
    "Dela Cruz",
    "Villanueva",
    "Ramos",
    "Castillo",
    "Navarro",
]
MY_NAMES = [
    "Ahmad bin Ismail",
    "Nurul Aina binti Hassan",
    "Tan Chee Keong",
    "Lim Mei Ling",
    "Muthu a/l Raman",
    "Siti Aminah binti Yusof",
    "Wong Kah Wai",
    "Mohd Faizal bin Omar",
    "Ng Siew Lan",
]
WEST_GIVEN = [
    "John",
    "Susan",
    "Robert",
    "Linda",
    "Michael",
    "Karen",
    "David",
    "Patricia",
    "James",
    "Barbara",
    "Richard",
    "Margaret",
    "Thomas",
    "Helen",
    "Gary",
    "Deborah",
    "Peter",
    "Carol",
]
WEST_FAMILY = [
    "Miller",
    "Clark",
    "Johnson",
    "Walker",
    "Thompson",
    "Wright",
    "Robinson",
    "Baker",
    "Harris",
    "Turner",
    "Collins",
    "Evans",
    "Murphy",
    "Stewart",
    "Fraser",
    "Nguyen",
    "Patel",
]
KR_NAMES = [
    "Kim Min-jun",
    "Lee Seo-yeon",
    "Park Ji-hoon",
    "Choi Eun-ji",
    "Jung Hyun-woo",
    "Kang Mi-kyung",
    "Yoon Sung-ho",
    "Han Ji-min",
]
JP_NAMES = [
    "Sato Hiroshi",
    "Suzuki Yuko",
    "Takahashi Kenji",
    "Tanaka Akiko",
    "Watanabe Takeshi",
    "Ito Naomi",
    "Yamamoto Kazuo",
]
TW_HK_NAMES = [
    "Chen Mei-ling",
    "Lin Chih-hao",
    "Chang Shu-fen",
    "Huang Wen-chieh",
    "Chan Tai Man",
    "Wong Siu Ming",
    "Leung Ka Yan",
    "Cheung Wai Kit",
]
SG_NAMES = ["Tan Wei Ming", "Lim Hui Min", "Goh Boon Huat", "Ong Li Ting", "Rajesh s/o Kumar",
            "Nur Hidayah bte Salleh", "Teo Kok Leong"]  # fmt: skip


def person_name(country: str, rng: random.Random) -> str:
    if country == "KH":
        name = f"{rng.choice(KH_FAMILY)} {rng.choice(KH_GIVEN)}"
        r = rng.random()
        if r < 0.05:  # some banks keep the Khmer-script name
            fam, giv = name.split(" ", 1)
            if fam in KH_SCRIPT and giv in KH_SCRIPT:
                return f"{KH_SCRIPT[fam]} {KH_SCRIPT[giv]}"
        return name.upper() if r < 0.55 else name
    if country == "TH":
        name = f"{rng.choice(TH_GIVEN)} {rng.choice(TH_FAMILY)}"
        return name.upper() if rng.random() < 0.4 else name
    if country == "VN":
        name = f"{rng.choices(VN_FAMILY, VN_FAMILY_W)[0]} {rng.choice(VN_MIDDLE)} {rng.choice(VN_GIVEN)}"
        return strip_vn(name).upper() if rng.random() < 0.6 else name
    if country in ("CN",):
        name = f"{rng.choice(CN_FAMILY)} {rng.choice(CN_GIVEN)}"
        return name.upper() if rng.random() < 0.5 else name
    if country == "MM":
        return " ".join(rng.choice(MM_SYLL) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
    if country == "LA":
        return f"{rng.choice(LA_GIVEN)} {rng.choice(LA_FAMILY)}"
    if country == "ID":
        return f"{rng.choice(ID_FIRST)} {rng.choice(ID_SECOND)}".strip()
    if country == "PH":
        return f"{rng.choice(PH_GIVEN)} {rng.choice(PH_FAMILY)}"
    if country == "MY":
        return rng.choice(MY_NAMES)
    if country == "KR":
        return rng.choice(KR_NAMES)
    if country == "JP":
        return rng.choice(JP_NAMES)
    if country in ("TW", "HK"):
        return rng.choice(TW_HK_NAMES)
    if country == "SG":
        return rng.choice(SG_NAMES)
    name = f"{rng.choice(WEST_GIVEN)} {rng.choice(WEST_FAMILY)}"
    return name.upper() if rng.random() < 0.3 else name


_VN_STRIP = str.maketrans(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ",
    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD",
)


def strip_vn(text: str) -> str:
    return text.translate(_VN_STRIP)


COMPANY_STEMS = [
    "Golden",
    "Mekong",
    "Angkor",
    "Lucky",
    "Sunrise",
    "Royal",
    "Asia Pacific",
    "Grand",
    "Jade",
    "New Star",
    "Prosperity",
    "Lotus",
    "Dragon",
    "Silver Bay",
    "Harmony",
    "Everbright",
    "Kingdom",
    "Blue Ocean",
    "Phoenix",
    "Orchid",
    "Century",
    "Diamond",
    "Rising",
    "Evergreen",
    "Tonle",
    "Bayon",
    "Siam",
    "Lanna",
    "Saigon",
    "Red River",
    "Irrawaddy",
    "Borneo",
    "Luzon",
    "Crystal",
]


def company_name(kind: str, country: str, rng: random.Random) -> str:
    stem = rng.choice(COMPANY_STEMS)
    stem2 = rng.choice(COMPANY_STEMS)
    if stem2 != stem and rng.random() < 0.35:
        stem = f"{stem} {stem2}"
    suffix = {
        "KH": "Co., Ltd.",
        "TH": "Company Limited",
        "VN": "Company Limited",
        "CN": "Co., Ltd.",
        "HK": "Limited",
        "MY": "Sdn. Bhd.",
        "SG": "Pte. Ltd.",
        "PH": "Inc.",
        "LA": "Sole Co., Ltd.",
        "MM": "Company Limited",
        "ID": "PT",
        "TW": "Co., Ltd.",
        "AE": "FZE",
        "US": "LLC",
    }.get(country, "Ltd.")
    word = {
        "garment": rng.choice(["Garment", "Textile", "Apparel", "Knitting", "Shoes"]),
        "construction": rng.choice(["Construction", "Engineering", "Builders", "Development"]),
        "hotel": rng.choice(["Hotel", "Resort", "Hospitality", "Boutique Hotel"]),
        "fishing": rng.choice(["Fishery", "Seafood", "Marine Products"]),
        "plantation": rng.choice(["Agro-Industry", "Rubber", "Plantation", "Palm Oil"]),
        "office": rng.choice(["Trading", "Logistics", "Consulting", "Software", "Insurance Broker", "Media"]),
        "tech": rng.choice(
            [
                "Technology",
                "Digital",
                "Network Technology",
                "Information Technology",
                "E-Commerce",
                "Investment Development",
                "Entertainment Group",
                "Holdings",
            ]
        ),
        "trading": rng.choice(
            [
                "Import Export",
                "Trading",
                "Commodities",
                "Agri Trading",
                "Auto Parts",
                "Electronics",
                "Building Materials",
            ]
        ),
        "shop": rng.choice(
            [
                "Mart",
                "Mini Mart",
                "Pharmacy",
                "Phone Shop",
                "Restaurant",
                "Cafe",
                "Hardware",
                "Supermarket",
                "Fuel Station",
            ]
        ),
        "school": rng.choice(["International School", "Academy", "Institute", "Kindergarten"]),
        "mfi": rng.choice(["Microfinance Plc.", "Finance Plc.", "Leasing Plc."]),
        "utility": rng.choice(["Power Supply", "Water Supply", "Telecom", "Internet"]),
        "agent": rng.choice(["Money Transfer", "Payment Agent", "Express Transfer"]),
        "exchange": rng.choice(["Digital Asset Exchange", "Crypto Exchange", "Virtual Asset Services"]),
        "agency": rng.choice(["Manpower", "Human Resources", "Overseas Employment", "Recruitment Agency"]),
        "developer": rng.choice(["Real Estate", "Property Development", "Borey Development"]),
        "distributor": rng.choice(["Beverage Distribution", "Distribution", "Wholesale"]),
        "dealer": rng.choice(["Motor", "Motorbike Dealer", "Auto"]),
    }[kind]
    if kind == "shop" and rng.random() < 0.5:
        return f"{stem} {word}"
    if country == "ID":
        return f"PT {stem} {word}"
    if kind in ("school", "mfi"):
        return f"{stem} {word}"
    return f"{stem} {word} {suffix}"


# ------------------------------------------------------------------ other holder fields
PHONE = {"KH": ("855", ["12", "15", "16", "17", "69", "70", "77", "78", "85", "89", "92", "93", "96", "97", "98"], 6),
         "TH": ("66", ["81", "86", "89", "91", "95", "96", "98", "61", "62", "63", "64"], 7),
         "VN": ("84", ["90", "91", "93", "96", "97", "98", "86", "32", "33", "35", "70", "77"], 7),
         "CN": ("86", ["130", "135", "138", "139", "150", "158", "186", "189"], 8),
         "MM": ("95", ["9 25", "9 26", "9 40", "9 42", "9 45", "9 77", "9 78", "9 97"], 7),
         "LA": ("856", ["20 22", "20 55", "20 58", "20 77", "20 95", "20 96"], 6),
         "ID": ("62", ["812", "813", "821", "852", "857", "878", "896"], 8),
         "PH": ("63", ["917", "918", "927", "939", "947", "966", "977", "995"], 7),
         "MY": ("60", ["12", "13", "16", "17", "19"], 7)}  # fmt: skip


def phone(country: str, rng: random.Random) -> str:
    if country not in PHONE:
        return ""
    cc, prefixes, n = PHONE[country]
    prefix = rng.choice(prefixes)
    if country == "KH" and prefix in ("96", "88"):
        n = 7  # these Cambodian ranges have nine digits (libphonenumber's metadata)
    digits = str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))
    if rng.random() < 0.7:
        return f"+{cc} {prefix} {digits[:3]} {digits[3:]}"
    trunk = "" if country == "CN" else "0"
    return f"{trunk}{prefix.replace(' ', '')}{digits}"


def _thai_id(rng: random.Random) -> str:
    body = [rng.randrange(1, 9)] + [rng.randrange(10) for _ in range(11)]
    check = (11 - sum(d * (13 - i) for i, d in enumerate(body)) % 11) % 10
    return "".join(map(str, body)) + str(check)


def id_number(country: str, holder_type: str, rng: random.Random) -> str:
    if holder_type == "company":
        if country == "KH":
            return f"{rng.randrange(10**7, 10**8):08d}"  # eight-digit company register number
        if country == "TH":
            return "0" + "".join(str(rng.randrange(10)) for _ in range(12))
        return f"{country}-REG-{rng.randrange(10**5, 10**6)}"
    if country == "KH":
        return f"{rng.randrange(10**8, 10**9)}"  # nine-digit national ID card
    if country == "TH":
        return _thai_id(rng)
    if country == "VN":
        return f"0{rng.randrange(10**10, 10**11)}"  # twelve-digit citizen ID (CCCD)
    if country == "MM":
        return f"{rng.randrange(1, 15)}/{rng.choice(['MAYAKA', 'KAMANA', 'PABATA', 'LAMANA', 'THAKATA'])}(N){rng.randrange(10**5, 10**6)}"
    if country == "CN":
        return f"{rng.randrange(11, 65)}{rng.randrange(10**4, 10**5)}{rng.randrange(1965, 2006)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(100, 999)}{rng.choice('0123456789X')}"
    if country in ("LA", "ID", "PH", "MY"):
        return f"P{rng.randrange(10**6, 10**7)}"  # passport number as the bank records it
    return ""


KH_PLACES = [("Phnom Penh", ["Chamkar Mon", "Doun Penh", "Toul Kork", "Sen Sok", "Meanchey", "Por Sen Chey"]),
             ("Sihanoukville", ["Sangkat 1", "Sangkat 3", "Sangkat 4", "Otres"]),
             ("Siem Reap", ["Svay Dankum", "Sala Kamreuk", "Sla Kram"]),
             ("Bavet, Svay Rieng", ["Bavet"]), ("Poipet, Banteay Meanchey", ["Poipet", "Nimit"]),
             ("Kampong Cham", ["Veal Vong"]), ("Battambang", ["Svay Por", "Rattanak"]),
             ("Takeo", ["Roka Knong"]), ("Prey Veng", ["Kampong Leav"])]  # fmt: skip
TH_PLACES = [
    "Bangkok",
    "Samut Sakhon",
    "Chon Buri",
    "Mae Sot, Tak",
    "Chiang Mai",
    "Songkhla",
    "Ranong",
    "Rayong",
    "Nonthaburi",
]
VN_PLACES = ["TP. Hồ Chí Minh", "Hà Nội", "Bình Dương", "Đồng Nai", "Tây Ninh", "An Giang", "Hải Phòng"]


def address(country: str, rng: random.Random) -> str:
    if country == "KH":
        city, khans = rng.choice(KH_PLACES)
        return f"#{rng.randrange(1, 400)}{rng.choice(['', 'A', 'B', 'E0'])}, St. {rng.randrange(1, 600)}, {rng.choice(khans)}, {city}"
    if country == "TH":
        return f"{rng.randrange(1, 300)}/{rng.randrange(1, 90)} Moo {rng.randrange(1, 12)}, {rng.choice(TH_PLACES)}"
    if country == "VN":
        return f"Số {rng.randrange(1, 500)} đường {rng.choice(['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng'])}, {rng.choice(VN_PLACES)}"
    if country == "MM":
        return f"No. {rng.randrange(1, 200)}, {rng.randrange(1, 90)}th Street, {rng.choice(['Yangon', 'Mandalay', 'Myawaddy', 'Hpa-an', 'Mawlamyine'])}"
    if country == "LA":
        return f"Ban {rng.choice(['Sisattanak', 'Phonxay', 'Nongduang', 'Dongdok'])}, {rng.choice(['Vientiane', 'Savannakhet', 'Pakse', 'Bokeo'])}"
    return ""


def birth_date(rng: random.Random, young: bool = False) -> str:
    year = rng.randrange(1995, 2007) if young else rng.randrange(1958, 2004)
    return date(year, rng.randrange(1, 13), rng.randrange(1, 29)).isoformat()


# ------------------------------------------------------------------ accounts and the ledger
@dataclass
class Account:
    account_id: str
    holder_name: str
    holder_type: str  # person | company
    country: str
    opened: date
    currency: str
    birth_date: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    kind: str = ""  # the generator's own label (never written): worker, shop, mule, ...
    ts_style: int = 0  # how this account's bank writes timestamps: 0 local offset, 1 UTC "Z", 2 milliseconds

    @property
    def tz(self) -> int:
        return COUNTRIES[self.country][0]

    def row(self) -> dict[str, str]:
        return {
            "account_id": self.account_id,
            "holder_name": self.holder_name,
            "holder_type": self.holder_type,
            "country": self.country,
            "opened": self.opened.isoformat(),
            "birth_date": self.birth_date,
            "id_number": self.id_number,
            "phone": self.phone,
            "address": self.address,
        }


ACCOUNT_COLUMNS = ("account_id", "holder_name", "holder_type", "country", "opened", "birth_date", "id_number",
                   "phone", "address")  # fmt: skip
TX_COLUMNS = ("tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel")
CHANNELS = ("transfer", "mobile", "card", "cash_deposit", "cash_withdrawal", "international_wire",
            "crypto_exchange")  # fmt: skip


@dataclass
class Tx:
    utc: datetime
    from_id: str
    to_id: str
    amount: float
    currency: str
    channel: str
    tz: int  # minutes, for writing
    style: int
    key: int  # generation order, the tie-break


@dataclass
class World:
    seed: int
    rates: Rates
    accounts: dict[str, Account] = field(default_factory=dict)
    txs: list[Tx] = field(default_factory=list)
    truth: list[dict[str, str]] = field(default_factory=list)
    lookalikes: list[dict[str, str]] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)
    counter: int = 0

    # ---- accounts
    def new_id(self, rng: random.Random, country: str) -> str:
        while True:
            if country in ("KH", "TH", "VN", "LA", "MM"):
                # Local banks: 9-13 digits, some with leading zeros (a spreadsheet that reads them as
                # numbers loses the zeros: a trap for readers, not an error in the data).
                n = rng.choice((9, 10, 12, 13))
                acc = (
                    str(rng.randrange(10 ** (n - 1), 10**n))
                    if rng.random() < 0.75
                    else "000" + str(rng.randrange(10 ** (n - 4), 10 ** (n - 3)))
                )
            else:
                acc = f"{country}{rng.randrange(10, 99)}{rng.randrange(10**11, 10**12)}"  # IBAN-like
            if acc not in self.used_ids:
                self.used_ids.add(acc)
                return acc

    def account(self, rng: random.Random, kind: str, holder_type: str, country: str, opened: date,
                currency: str | None = None, young: bool = False, name: str | None = None,
                addr: str | None = None, tel: str | None = None) -> Account:  # fmt: skip
        cur = currency or COUNTRIES[country][1]
        if currency is None and country == "KH" and rng.random() < 0.25:
            cur = "KHR"
        if holder_type == "person":
            nm = name or person_name(country, rng)
            bd = birth_date(rng, young) if rng.random() < 0.8 else ""
        else:
            nm = name or company_name(kind if kind in _COMPANY_KINDS else "office", country, rng)
            bd = ""
        acc = Account(
            account_id=self.new_id(rng, country),
            holder_name=nm,
            holder_type=holder_type,
            country=country,
            opened=opened,
            currency=cur,
            birth_date=bd,
            id_number=id_number(country, holder_type, rng) if rng.random() < 0.85 else "",
            phone=(tel if tel is not None else phone(country, rng)) if rng.random() < 0.9 else "",
            address=(addr if addr is not None else address(country, rng)) if rng.random() < 0.8 else "",
            kind=kind,
            ts_style=rng.choices((0, 1, 2), (70, 18, 12))[0],
        )
        self.accounts[acc.account_id] = acc
        return acc

    # ---- transactions
    def add(self, when_local: datetime, tz: int, src: Account | None, dst: Account | None, amount: float,
            currency: str, channel: str) -> None:  # fmt: skip
        """when_local is the wall time in the zone `tz` (minutes east of UTC)."""
        utc = when_local - timedelta(minutes=tz)
        writer = src if src is not None else dst
        assert writer is not None
        self.counter += 1
        self.txs.append(
            Tx(utc, src.account_id if src else "", dst.account_id if dst else "", round_amount(amount, currency),
               currency, channel, writer.tz, writer.ts_style, self.counter)
        )  # fmt: skip

    def label(self, acc: Account, typology: str, role: str, scheme: str) -> None:
        self.truth.append(
            {"account_id": acc.account_id, "typology": typology, "role": role, "scheme_id": scheme}
        )

    def lookalike(self, acc: Account, kind: str, resembles: str) -> None:
        self.lookalikes.append({"account_id": acc.account_id, "lookalike": kind, "resembles": resembles})


_COMPANY_KINDS = {"garment", "construction", "hotel", "fishing", "plantation", "office", "tech", "trading",
                  "shop", "school", "mfi", "utility", "agent", "exchange", "agency", "developer", "distributor",
                  "dealer"}  # fmt: skip


def at(d: date, hour: float) -> datetime:
    """Local wall time on day d at a fractional hour (seconds kept)."""
    return datetime(d.year, d.month, d.day) + timedelta(seconds=int(hour * 3600))


def hour_of(rng: random.Random, kind: str) -> float:
    """Time of day by habit: card spending at lunch and evening, branch cash in banking hours, mobile
    transfers from morning to late night, compound operations at any hour."""
    if kind == "card":
        return rng.choice(
            (rng.uniform(7, 9), rng.uniform(11, 13.5), rng.uniform(17, 21.5), rng.uniform(9, 22))
        )
    if kind == "branch":
        return rng.uniform(8, 15.8)
    if kind == "atm":
        return rng.uniform(6, 23.5)
    if kind == "mobile":
        return rng.choice((rng.uniform(6.5, 23.9), rng.uniform(18, 23.9), rng.uniform(7, 12)))
    if kind == "any":
        return rng.uniform(0, 23.99)
    if kind == "office":
        return rng.uniform(8.5, 17)
    raise ValueError(kind)


def timestamp_text(tx: Tx) -> str:
    local = tx.utc + timedelta(minutes=tx.tz)
    if tx.style == 1:
        return tx.utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = "+" if tx.tz >= 0 else "-"
    off = f"{sign}{abs(tx.tz) // 60:02d}:{abs(tx.tz) % 60:02d}"
    if tx.style == 2:
        return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tx.key % 1000:03d}" + off
    return local.strftime("%Y-%m-%dT%H:%M:%S") + off
