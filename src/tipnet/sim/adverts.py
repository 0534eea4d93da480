"""Job adverts, deceptive and genuine, as online monitoring collects them.

A deceptive advert uses several of the recruitment tricks documented by counter-trafficking
organisations for the region's scam compounds and labour trafficking (ILO, IOM and OHCHR guidance on
deceptive recruitment): a salary far above the local wage, no experience needed, free travel, visa and
housing, contact only through a messaging app, a vague employer, urgency, an age limit, the passport
kept by the employer, and a place in a special economic zone or casino town. Some deceptive adverts
name an ordinary city (the victims later find themselves across the border). Genuine adverts state the
employer, requirements, contract and hours; some also offer a dormitory or are urgent, so a detector
cannot rely on one word. Which tricks each advert used is written to truth/adverts.csv.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from tipnet.sim.context import Ctx
from tipnet.sim.geography import Place
from tipnet.sim.texts import JOBS, PHRASES

TRICKS = (
    "high_salary",
    "no_experience",
    "free_travel",
    "free_visa",
    "free_accommodation",
    "messaging_only",
    "vague_employer",
    "urgent",
    "age_restriction",
    "passport_to_employer",
    "typing_only",
    "sez_location",
)
# SCENARIO: how often a deceptive advert uses each trick.
TRICK_RATES = {
    "high_salary": 0.85,
    "no_experience": 0.7,
    "free_travel": 0.6,
    "free_visa": 0.45,
    "free_accommodation": 0.6,
    "messaging_only": 0.55,
    "vague_employer": 0.6,
    "urgent": 0.5,
    "age_restriction": 0.5,
    "passport_to_employer": 0.2,
    "typing_only": 0.4,  # scam compounds only
}
GENUINE_URGENT = 0.15
GENUINE_DORMITORY = 0.3
DECEPTIVE_JOBS = {
    "scam_compound": ("customer_service", "it_support", "casino_dealer", "translator", "data_entry"),
    "fishing": ("fishing_crew", "factory_worker"),
    "construction": ("construction_worker", "factory_worker"),
    "domestic_work": ("domestic_helper",),
    "sexual_exploitation": ("restaurant_waitress", "massage_therapist", "model"),
    "forced_marriage": ("marriage",),
}
GENUINE_JOBS = (
    "factory_worker",
    "sales_assistant",
    "hotel_receptionist",
    "cook",
    "driver",
    "accountant",
    "construction_worker",
    "security_guard",
    "customer_service",
    "it_support",
)
DECEPTIVE_PLATFORMS = {
    "km": ("Facebook", "Telegram", "TikTok"),
    "th": ("Facebook", "Line", "TikTok"),
    "vi": ("Facebook", "Telegram", "TikTok"),
    "zh": ("WeChat", "Telegram", "QQ"),
    "lo": ("Facebook", "WhatsApp", "Line"),
    "my": ("Facebook", "Telegram", "Viber"),
    "id": ("Facebook", "WhatsApp", "Instagram", "TikTok"),
    "tl": ("Facebook", "Telegram", "Viber"),
    "en": ("Telegram", "WhatsApp", "Facebook"),
}
MESSAGING_APPS = {"zh": ("WeChat", "Telegram"), "th": ("Line", "Telegram"), "lo": ("WhatsApp", "Line")}
# Fictional job boards and employers for genuine adverts.
JOB_BOARDS = {
    "km": "MekongJobs",
    "th": "SiamCareers",
    "vi": "ViecLam24",
    "zh": "HaiwaiZhaopin",
    "lo": "LaoWork",
    "my": "MyanmarWorkNet",
    "id": "LokerKita",
    "tl": "TrabahoPH",
    "en": "AsiaJobsNet",
}
EMPLOYERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # (employer as written, e-mail domain, city)
    "km": (
        ("ក្រុមហ៊ុន អង្គរ ហ្គាមេន", "angkorgarment.com.kh", "Phnom Penh"),
        ("Tonle Logistics Co., Ltd.", "tonlelogistics.com.kh", "Phnom Penh"),
        ("សណ្ឋាគារ ស្រះស្រង់", "srahsrang-hotel.com.kh", "Siem Reap"),
    ),
    "th": (
        ("บริษัท สยามฟู้ดส์ จำกัด", "siamfoods.co.th", "Bangkok"),
        ("บริษัท ชลบุรี ออโต้พาร์ท จำกัด", "cbautoparts.co.th", "Chonburi"),
        ("โรงแรม ริมน้ำ เชียงใหม่", "rimnamhotel.co.th", "Chiang Mai"),
    ),
    "vi": (
        ("Công ty TNHH Dệt may Hòa Bình Xanh", "hoabinhxanh.vn", "Ha Noi"),
        ("Công ty CP Thực phẩm Sông Hậu", "songhaufood.vn", "Can Tho"),
        ("Khách sạn Biển Xanh", "bienxanhhotel.vn", "Da Nang"),
    ),
    "zh": (
        ("深圳华达电子有限公司", "huada-sz.cn", "Shenzhen"),
        ("昆明云岭物流有限公司", "yunling-wl.cn", "Kunming"),
        ("广州珠江食品有限公司", "zhujiangfood.cn", "Guangzhou"),
    ),
    "lo": (
        ("ບໍລິສັດ ລາວຟູດ ຈຳກັດ", "laofood.la", "Vientiane"),
        ("ໂຮງແຮມ ແມ່ນ້ຳຂອງ", "mekonghotel.la", "Luang Prabang"),
    ),
    "my": (
        ("ရွှေမြစ် စားသောက်ကုန် ကုမ္ပဏီ", "shwemyit.com.mm", "Yangon"),
        ("ရတနာ အထည်ချုပ်စက်ရုံ", "yadanagarment.com.mm", "Yangon"),
    ),
    "id": (
        ("PT Sinar Jaya Abadi", "sinarjaya.co.id", "Surabaya"),
        ("PT Mitra Karya Nusantara", "mitrakarya.co.id", "Jakarta"),
        ("Hotel Teratai Indah", "terataiindah.co.id", "Bandung"),
    ),
    "tl": (
        ("Bayan Foods Corporation", "bayanfoods.ph", "Manila"),
        ("Visayas Builders Inc.", "visayasbuilders.ph", "Cebu"),
    ),
    "en": (
        ("Mekong Hospitality Group", "mekonghospitality.com", "Phnom Penh"),
        ("Straits Precision Engineering", "straitsprecision.com.my", "Kuala Lumpur"),
    ),
}
SCAM_COMPANIES = (
    "Golden Fortune Group",
    "Jinbei Technology Co.",
    "Huaxin International",
    "Asia Star Entertainment",
    "Victory Digital Co.",
    "Long Bay Resort",
)
# Display rates and realistic monthly wages (USD) of genuine adverts, by language.
GENUINE_WAGE_USD = {
    "km": (200, 450),
    "th": (330, 700),
    "vi": (280, 600),
    "zh": (550, 1100),
    "lo": (150, 300),
    "my": (150, 300),
    "id": (250, 500),
    "tl": (300, 600),
    "en": (400, 1200),
}
DECEPTIVE_WAGE_USD = (1200, 3500)
SEZ_TOWNS = (
    "Sihanoukville",
    "Bavet",
    "Poipet",
    "O'Smach",
    "Myawaddy",
    "Shwe Kokko",
    "Tachileik",
    "Laukkai",
    "Golden Triangle",
    "Ton Pheung",
    "Bamban",
    "Porac",
)


@dataclass(frozen=True, slots=True)
class AdvertRef:
    record_id: str
    language: str
    platform: str


def salary_text(lang: str, usd: float) -> str:
    if lang == "th":
        return f"{round(usd * 36, -3):,.0f} บาท"
    if lang == "vi":
        return f"{round(usd * 25_000, -6):,.0f}".replace(",", ".") + " đ"
    if lang == "zh":
        return f"{round(usd * 7.2, -2):,.0f}元"
    if lang == "id":
        return "Rp " + f"{round(usd * 15_800, -5):,.0f}".replace(",", ".")
    if lang == "tl":
        return f"₱{round(usd * 56, -3):,.0f}"
    if lang == "en":
        return f"USD {round(usd, -1):,.0f}"
    return f"${round(usd, -1):,.0f}"


def _monitor(lang: str) -> str:
    return "KH-NGO-SAFEWORK" if lang in ("km", "vi", "zh", "en") else "TH-NGO-NETWATCH"


def _handle(rng: random.Random) -> str:
    words = ("hr", "job", "work", "asia", "vip", "hiring", "career", "team", "golden", "star")
    return f"@{rng.choice(words)}_{rng.choice(words)}{rng.randint(1, 999)}"


def deceptive(
    ctx: Ctx,
    rng: random.Random,
    *,
    kind: str,
    lang: str,
    site: Place,
    decoy: str | None,
    contact_phone: str,
    posted: date,
) -> AdvertRef:
    """A deceptive advert of a network: `decoy` is an ordinary city named instead of the real site."""
    job_key = rng.choice(DECEPTIVE_JOBS[kind])
    p = PHRASES[lang]
    tricks = [
        t
        for t, rate in TRICK_RATES.items()
        if rng.random() < rate and (t != "typing_only" or kind == "scam_compound")
    ]
    location = decoy or site.latin
    if decoy is None and any(town in site.latin for town in SEZ_TOWNS):
        tricks.append("sez_location")
    while len(tricks) < 2:
        extra = rng.choice(("no_experience", "free_travel", "free_accommodation", "urgent"))
        if extra not in tricks:
            tricks.append(extra)
    tricks = [t for t in TRICKS if t in tricks]
    shown_location = (
        location if decoy or lang == "en" else (site.native if _local(lang, site) else site.latin)
    )
    job = JOBS[lang][job_key]
    title = p["title_deceptive" if rng.random() < 0.6 else "title_deceptive2"].format(
        job=job, location=shown_location
    )
    usd = rng.uniform(*DECEPTIVE_WAGE_USD) if "high_salary" in tricks else rng.uniform(500, 900)
    salary = salary_text(lang, usd)
    lines = [title, p["high_salary" if "high_salary" in tricks else "salary"].format(amount=salary)]
    for trick in (
        "no_experience",
        "typing_only",
        "free_travel",
        "free_visa",
        "free_accommodation",
        "age_restriction",
        "passport_to_employer",
        "urgent",
    ):
        if trick in tricks:
            lines.append(p[trick].format(n=rng.randint(2, 9)))
    messaging = "messaging_only" in tricks
    app = rng.choice(MESSAGING_APPS.get(lang, ("Telegram", "WhatsApp")))
    if messaging:
        lines.append(p["messaging_only"].format(app=app, handle=_handle(rng)))
    employer = p["vague_employer"] if "vague_employer" in tricks else rng.choice(SCAM_COMPANIES)
    phone = "" if messaging and rng.random() < 0.6 else contact_phone
    if phone and not messaging:
        lines.append(f"☎ {phone}")
    rid = ctx.issuer.record_id("*", "AD")
    platform = rng.choice(DECEPTIVE_PLATFORMS[lang])
    org = _monitor(lang)
    ctx.out.write(
        "adverts",
        (
            rid,
            org,
            posted.isoformat(),
            platform,
            lang,
            title,
            "\n".join(lines),
            employer,
            phone,
            salary,
            location,
        ),
    )
    ctx.out.write("truth:adverts", (rid, "true", ";".join(tricks)))
    return AdvertRef(rid, lang, app if messaging else platform)


def _local(lang: str, site: Place) -> bool:
    return {"km": "KHM", "th": "THA", "lo": "LAO", "my": "MMR", "zh": "CHN"}.get(lang) == site.country


def genuine(ctx: Ctx, rng: random.Random, *, lang: str, posted: date, phone: str) -> str:
    """A genuine advert of a real-looking employer."""
    p = PHRASES[lang]
    employer, domain, city = rng.choice(EMPLOYERS[lang])
    job = JOBS[lang][rng.choice(GENUINE_JOBS)]
    salary = salary_text(lang, rng.uniform(*GENUINE_WAGE_USD[lang]))
    lines = [
        p["title_genuine"].format(employer=employer, job=job),
        p["salary"].format(amount=salary),
        p["requirements"].format(years=rng.randint(2, 5)),
        p["contract"],
        p["hours"],
    ]
    if rng.random() < GENUINE_DORMITORY:
        lines.append(p["dormitory"])
    if rng.random() < GENUINE_URGENT:
        lines.append(p["hiring_now"])
    if rng.random() < 0.4:
        lines.append(p["licence"].format(lic=f"{rng.randint(100, 999)}/{posted.year}"))
    lines.append(p["apply"].format(email=f"hr@{domain}", address=city))
    rid = ctx.issuer.record_id("*", "AD")
    platform = JOB_BOARDS[lang] if rng.random() < 0.6 else "Facebook"
    ctx.out.write(
        "adverts",
        (
            rid,
            _monitor(lang),
            posted.isoformat(),
            platform,
            lang,
            lines[0],
            "\n".join(lines),
            employer,
            phone,
            salary,
            city,
        ),
    )
    ctx.out.write("truth:adverts", (rid, "false", ""))
    return rid
