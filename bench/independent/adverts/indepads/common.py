# SPDX-License-Identifier: Apache-2.0
"""What every language shares: the red-flag and genuine-marker vocabulary, destinations and their fair
wages, contact handles, digits in the region's scripts, emojis. Standard library only."""

from __future__ import annotations

import random
import string

# ------------------------------------------------------------------ the patterns an advert can carry
# Red flags (deceptive adverts), each from the indicator literature (README.md names the source of each).
RED_FLAGS = (
    "high_pay",  # pay far above the market for the job and the experience asked
    "no_experience",  # no experience, skills, degree or documents needed
    "paid_travel",  # flights, visa, food and housing paid by the employer
    "vague_role",  # customer service, typist, online marketing, game operator...
    "compound_hub",  # Sihanoukville, Bavet, Poipet, Myawaddy, Golden Triangle SEZ...
    "messaging_only",  # contact only by Telegram, WhatsApp, WeChat, Line, Facebook; no address
    "urgency",  # leave this week, few places left
    "age_appearance",  # age limits and looks
    "passport_early",  # passport photo to apply, or kept by the company
    "fees_deposit",  # a fee, deposit or loan for the ticket, deducted from pay
    "tourist_visa",  # enter on a tourist visa, "the company arranges the work visa later"
    "crypto_wage",  # wages in USDT or another crypto-asset
    "secrecy",  # do not tell others, do not post, details only in private
    "commission_bonus",  # commission, bonuses with no ceiling
    "language_only",  # only need to type / speak a little Chinese or English
)
# Markers of a genuine offer (fair recruitment: ILO general principles; official programmes).
GENUINE_MARKERS = (
    "g_official_programme",  # EPS, Technical Intern / Specified Skilled Worker, MOU, DMW/BP2MI registered
    "g_licensed_agency",  # a licence number from the labour ministry
    "g_company_address",  # a real address, registration, office hours
    "g_contract_permit",  # written contract, work permit, social security
    "g_no_fee",  # no fee to the worker (employer pays) or a capped legal fee
    "g_specific_duties",  # what the work is, hours, shifts
    "g_interview_training",  # interview, exam, medical check, pre-departure training
    "g_fair_pay",  # pay in the market range for the job and place
)
# What hard genuine adverts share with deceptive ones.
HARD_SHARED = (
    "hard_messaging_contact",
    "hard_no_experience",
    "hard_paid_travel_housing",
    "hard_urgency",
    "hard_age_limit",
    "hard_customer_service",
    "hard_hub_destination",
    "hard_high_pay_legit",
    "hard_emoji_chat",
)
STYLES = ("chat", "post", "mixed", "formal")

# Destinations: key -> (fair monthly USD range for ordinary work there, is it a compound hub?)
DESTINATIONS = {
    "sihanoukville": ((280, 500), True),
    "bavet": ((250, 400), True),
    "poipet": ((250, 400), True),
    "phnom_penh": ((280, 600), False),
    "siem_reap": ((250, 450), False),
    "myawaddy": ((150, 300), True),
    "shwe_kokko": ((150, 300), True),
    "golden_triangle": ((150, 300), True),
    "tachileik": ((150, 300), True),
    "manila_pogo": ((350, 600), True),
    "dubai_scam": ((500, 900), True),
    "bangkok": ((380, 750), False),
    "mae_sot": ((300, 450), True),
    "chonburi": ((350, 550), False),
    "samut_sakhon": ((350, 500), False),
    "kuala_lumpur": ((400, 650), False),
    "penang": ((400, 600), False),
    "korea": ((1500, 1950), False),
    "japan": ((1200, 1650), False),
    "taiwan": ((900, 1150), False),
    "hong_kong": ((630, 700), False),
    "singapore": ((500, 750), False),
    "dubai": ((450, 900), False),
    "ho_chi_minh": ((300, 600), False),
    "hanoi": ((300, 600), False),
    "vientiane": ((150, 350), False),
    "yangon": ((100, 250), False),
    "jakarta": ((300, 500), False),
    "manila": ((320, 600), False),
    "shenzhen": ((700, 1100), False),
}
HUBS = [k for k, (_, hub) in DESTINATIONS.items() if hub]
GENUINE_ABROAD = ["korea", "japan", "taiwan", "hong_kong", "singapore", "dubai", "kuala_lumpur", "penang",
                  "bangkok", "chonburi", "samut_sakhon", "shenzhen"]  # fmt: skip

# ------------------------------------------------------------------ digits and numbers
DIGITS = {"km": 0x17E0, "th": 0x0E50, "lo": 0x0ED0, "my": 0x1040}


def native_digits(text: str, lang: str) -> str:
    base = DIGITS.get(lang)
    if base is None:
        return text
    return "".join(chr(base + int(c)) if c.isdigit() and c.isascii() else c for c in text)


def group(n: int, sep: str = ",") -> str:
    return f"{n:,}".replace(",", sep)


def round_nice(x: float) -> int:
    """Two significant figures, as people write pay (35,000; 2,300,000; 1,300; 650)."""
    if x < 100:
        return max(10, int(round(x / 10) * 10))
    step = 10 ** (len(str(int(x))) - 2)
    return int(round(x / step) * step)


# Units per USD (approximate 2025 levels), for writing a USD salary in another currency.
PER_USD = {"USD": 1, "THB": 34, "VND": 25500, "CNY": 7.2, "KHR": 4050, "MMK": 4200, "LAK": 21700, "IDR": 16300,
           "PHP": 57, "MYR": 4.4, "KRW": 1380, "JPY": 150, "TWD": 31, "HKD": 7.8, "SGD": 1.33, "AED": 3.67}  # fmt: skip
DEST_CURRENCY = {"korea": "KRW", "japan": "JPY", "taiwan": "TWD", "hong_kong": "HKD", "singapore": "SGD",
                 "dubai": "AED", "kuala_lumpur": "MYR", "penang": "MYR", "bangkok": "THB", "chonburi": "THB",
                 "samut_sakhon": "THB", "mae_sot": "THB", "shenzhen": "CNY", "ho_chi_minh": "VND", "hanoi": "VND",
                 "jakarta": "IDR", "manila": "PHP", "yangon": "MMK", "vientiane": "LAK"}  # fmt: skip

# ------------------------------------------------------------------ contacts
EMOJI_HOT = [
    "🔥",
    "💰",
    "💵",
    "✈️",
    "🏠",
    "🍚",
    "📢",
    "⚡",
    "✅",
    "💯",
    "🤑",
    "🎉",
    "👉",
    "📲",
    "❗",
    "⭐",
    "💎",
    "🧧",
]
EMOJI_CALM = ["✅", "📌", "📞", "📧", "🏭", "🏨", "👷", "📋", "🗓️", "☎️"]


def handle(rng: random.Random) -> str:
    stem = rng.choice(["hr", "job", "work", "recruit", "tuyendung", "career", "staff", "vip", "kk", "team",
                       "asia", "golden", "lucky", "happy", "boss", "manager", "admin", "cs"])  # fmt: skip
    tail = rng.choice(["", "_", "."]) + "".join(
        rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randrange(2, 6))
    )
    return f"{stem}{tail}{rng.randrange(1, 999) if rng.random() < 0.6 else ''}"


PHONE_PLANS = {"KH": ("+855", ("97", "96", "88", "70", "12", "15", "16", "92", "99"), 6),
               "TH": ("+66", ("81", "86", "89", "91", "95", "96", "98", "62", "63", "64"), 7),
               "VN": ("+84", ("90", "91", "93", "96", "97", "98", "86", "32", "35", "70", "77"), 7),
               "MM": ("+95", ("925", "926", "940", "942", "945", "977", "978", "997"), 7),
               "LA": ("+856", ("2022", "2055", "2058", "2077", "2095", "2096"), 6),
               "ID": ("+62", ("812", "813", "821", "852", "857", "878"), 8),
               "PH": ("+63", ("917", "918", "927", "939", "947", "966", "977", "995"), 7),
               "MY": ("+60", ("12", "13", "16", "17", "19"), 7), "CN": ("+86", ("135", "138", "139", "150", "186", "189"), 8)}  # fmt: skip


def phone(rng: random.Random, country: str) -> str:
    cc, prefixes, n = PHONE_PLANS[country]
    p = rng.choice(prefixes)
    if country == "KH" and p in ("96", "88"):
        n = 7  # nine-digit Cambodian ranges (checked against libphonenumber's metadata)
    d = str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))
    style = rng.random()
    if style < 0.5:
        return f"{cc} {p} {d[:3]} {d[3:]}"
    if style < 0.8:
        return f"{cc}{p}{d}"
    trunk = "" if country == "CN" else "0"
    return f"{trunk}{p}{d}"


def company(rng: random.Random, kind: str) -> str:
    a = rng.choice(["Golden", "Asia Star", "Royal", "Lucky", "Grand", "New World", "Mekong", "Diamond", "Sunrise",
                    "Pacific", "Prime", "Jade", "Apex", "Crown", "Harmony", "Silverline", "Everwin", "Unity"])  # fmt: skip
    if kind == "scam":
        b = rng.choice(["Technology", "Network Technology", "Digital", "Entertainment", "Investment Group",
                        "E-Commerce", "International Group", "Holdings"])  # fmt: skip
        suffix = rng.choice([" Co., Ltd.", " Company", " Group", ""])
        return f"{a} {b}" + ("" if b.endswith(("Group", "Holdings")) and suffix == " Group" else suffix)
    b = rng.choice({"factory": ["Garment", "Electronics", "Footwear", "Food Processing", "Auto Parts", "Packaging"],
                    "hotel": ["Hotel", "Resort & Spa", "Hospitality"],
                    "bpo": ["Contact Centre", "Business Services", "Outsourcing", "Customer Care"],
                    "agency": ["Manpower", "Overseas Employment", "Human Resources", "Workforce"],
                    "care": ["Care Services", "Home Care", "Nursing Home"],
                    "construction": ["Construction", "Engineering"]}[kind])  # fmt: skip
    return f"{a} {b}" + rng.choice([" Co., Ltd.", " Sdn. Bhd.", " Pte. Ltd.", " Inc.", " Ltd."])


def email(rng: random.Random, org: str | None, free: bool) -> str:
    user = rng.choice(["hr", "recruitment", "jobs", "careers", "apply", "hrd", "hiring"])
    if free or not org:
        return f"{user}{rng.randrange(1, 999)}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'])}"
    dom = "".join(ch for ch in org.lower().split(" co")[0].split(" sdn")[0].split(" pte")[0] if ch.isalnum())[
        :16
    ]
    return (
        f"{user}@{dom}.{rng.choice(['com', 'com.kh', 'co.th', 'com.vn', 'com.my', 'com.ph', 'co.id', 'la'])}"
    )


def licence(rng: random.Random, lang: str) -> str:
    if lang == "tl":
        return f"DMW-{rng.randrange(100, 999)}-LB-{rng.randrange(10, 99)}{rng.randrange(1000, 9999)}-PL"
    return rng.choice([f"{rng.randrange(100, 999)}/{rng.randrange(2015, 2026)}", f"No. {rng.randrange(1000, 99999)}",
                       f"L-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}"])  # fmt: skip
