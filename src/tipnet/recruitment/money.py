"""Salaries as adverts write them, in any of the region's scripts, to a monthly amount in US dollars.

"$1,500", "USD 1500/month", "45,000 บาท", "30K", "月薪3万", "3万元", "15 triệu/tháng", "Rp 5 juta",
"₱30,000", "៛2,000,000", "ប្រាក់ខែ ១៥០០ ដុល្លារ", "သိန်း ၃၀" (lakh of kyat), "ເງິນເດືອນ 5 ລ້ານກີບ",
"500 USDT": a number (Khmer, Thai, Lao, Burmese or full-width digits folded to ASCII), an optional
multiplier word (K, 万, 千, triệu, juta, ribu, ล้าน, หมื่น, พัน, សែន, ម៉ឺន, ពាន់, သိန်း, ລ້ານ, ພັນ, lakh,
million), a currency (sign, code or word) and a period (per day, week, year; monthly by default).
A bare number counts only next to a salary word, in the currency of the advert's language.

Exchange rates are indicative mid-market rates of late 2025 (USD per unit); they only need to be
right to a few per cent, since a salary is judged against the local wage by a factor of two or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipnet.recruitment.text import DIGITS

# Units of currency per US dollar (indicative, late 2025). USDT is a dollar stablecoin.
PER_USD: dict[str, float] = {
    "USD": 1.0,
    "USDT": 1.0,
    "THB": 33.0,
    "VND": 26_000.0,
    "CNY": 7.1,
    "KHR": 4_000.0,
    "MMK": 2_100.0,
    "LAK": 21_500.0,
    "IDR": 16_300.0,
    "PHP": 58.0,
    "MYR": 4.2,
    "SGD": 1.3,
    "JPY": 150.0,
    "KRW": 1_400.0,
    "TWD": 32.0,
    "HKD": 7.8,
    "AED": 3.67,
}
CRYPTO = frozenset({"USDT"})
LANGUAGE_CURRENCY = {
    "km": "USD",  # Cambodian adverts quote dollars
    "th": "THB",
    "vi": "VND",
    "zh": "CNY",
    "lo": "LAK",
    "my": "MMK",
    "id": "IDR",
    "tl": "PHP",
    "en": "USD",
}

# Currency words in the region's scripts: a Khmer advert for Thailand says បាត, a Lao one for Malaysia
# ຣິງກິດ. Order matters where one word is a prefix of another (HK$ and NT$ before $).
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"usdt|tether", "USDT"),
    (r"hk\$|hkd|港币|港元|ดอลลาร์ฮ่องกง|ដុល្លារហុងកុង|ໂດລາຮົງກົງ", "HKD"),
    (r"nt\$|ntd|twd|新台币|台币|ดอลลาร์ไต้หวัน|ដុល្លារតៃវ៉ាន់|ໂດລາໄຕ້ຫວັນ", "TWD"),
    (r"s\$|sgd|新币|ดอลลาร์สิงคโปร์|ដុល្លារសិង្ហបុរី|ໂດລາສິງກະໂປ", "SGD"),
    (
        r"us\$|usd|\$|dollars?|ដុល្លារ?|ដុល្លា|ดอลลาร์|ดอลล่าร์|đô(?: la)?|美元|美金|刀|ဒေါ်လာ|ໂດລາ(?:ສະຫະລັດ)?|dolar",
        "USD",
    ),
    (r"฿|บาท|baht|thb|泰铢|បាត|ບາດ|ဘတ်", "THB"),
    (r"₫|vnđ|vnd|đồng|đ|ដុង|ດົ່ງ", "VND"),
    (r"円|yen|jpy|日元|เยน|យ៉េន|ເຢນ|ယန်း", "JPY"),
    (r"rmb|cny|人民币|元|块|¥|yuan|หยวน|យន់|យ័ន|ຢວນ|ယွမ်", "CNY"),
    (r"₩|krw|won|韩元|วอน|វ៉ុន|ວອນ|ဝမ်", "KRW"),
    (r"aed|dirhams?|迪拉姆|ดีร์แฮม|ឌៀរហាំ|ເດີແຮມ", "AED"),
    (r"៛|រៀល|riels?|khr", "KHR"),
    (r"ကျပ်|kyats?|mmk|ks\.?", "MMK"),
    (r"₭|ກີບ|kip|lak|กีบ|គីប", "LAK"),
    (r"rp\.?|rupiah|idr", "IDR"),
    (r"₱|php|pesos?|piso", "PHP"),
    (r"rm|ringgit|myr|令吉|ริงกิต|រីងហ្គីត|ຣິງກິດ|ရင်းဂစ်", "MYR"),
)
# "1,500 and above USD": words between the number and its currency.
_AND_ABOVE = r"(?:ឡើង(?:ទៅ)?|ຂຶ້ນໄປ|ขึ้นไป|以上|trở lên|ke atas|pataas|and above|\+)"
# Multiplier words; those that imply a currency (lakh of kyat) say so.
_MULTIPLIERS: tuple[tuple[str, float, str | None], ...] = (
    (r"k\b|nghìn|ngàn|ribu|rb\b|thousand|千|พัน|ពាន់|ພັນ|ထောင်", 1e3, None),
    (r"万|萬|หมื่น|ម៉ឺន|သောင်း|ໝື່ນ", 1e4, None),
    (r"แสน|សែន|ແສນ", 1e5, None),
    (r"သိန်း|lakhs?(?: of)?", 1e5, "MMK"),
    (r"triệu|tr\b|juta|jt\b|million|mil\b|m\b|ล้าน|លាន|ລ້ານ|百万|သန်း", 1e6, None),
    (r"tỷ|tỉ|milyar|billion|亿", 1e9, None),
)
_PERIODS: tuple[tuple[str, float], ...] = (
    (r"/\s*(?:h|hr|hour|giờ|jam|小时|ชม)|per hour|an hour|mỗi giờ|ต่อชั่วโมง|ชั่วโมงละ|时薪|ក្នុងមួយម៉ោង", 8 * 26),
    (
        r"/\s*(?:day|ngày|hari|天|日|วัน|ថ្ងៃ|ວັນ|ရက်)|per day|a day|daily|mỗi ngày|sehari|per hari|日薪|ต่อวัน|วันละ|ក្នុងមួយថ្ងៃ|ມື້ລະ|တစ်ရက်",
        26.0,
    ),
    (r"/\s*(?:week|tuần|minggu|周|週|สัปดาห์)|per week|a week|weekly|mỗi tuần|ต่อสัปดาห์|周薪", 4.33),
    (r"/\s*(?:year|năm|tahun|年|ปี)|per year|a year|annual|yearly|mỗi năm|年薪|ต่อปี", 1 / 12),
)
_SALARY_WORDS = (
    r"salary|wage|pay|income|earn|lương|thu nhập|薪|工资|底薪|收入|待遇|เงินเดือน|รายได้|ค่าจ้าง|"
    r"ប្រាក់ខែ|ប្រាក់ចំណូល|ប្រាក់ឈ្នួល|gaji|upah|penghasilan|sahod|sweldo|kita|suweldo|"
    r"လစာ|ဝင်ငွေ|ເງິນເດືອນ|ລາຍໄດ້|ຄ່າຈ້າງ"
)

_NUM = r"\d{1,3}(?:[ ,.'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_CUR = "|".join(f"(?:{p})" for p, _ in _CURRENCY_WORDS)
_MUL = "|".join(f"(?:{p})" for p, _, _ in _MULTIPLIERS)
# Anchored on the number (fast): what precedes it is matched backwards on a short window.
_NUM_RE = re.compile(_NUM)
_BEFORE = re.compile(rf"(?:(?P<pre>{_CUR})\s?)?(?:(?P<premul>သိန်း|lakhs? of)\s?)?$", re.IGNORECASE)
_AFTER = re.compile(rf"\s?(?P<mul>{_MUL})?\s?(?:{_AND_ABOVE}\s?)?(?P<post>{_CUR})?", re.IGNORECASE)
_CUR_RES = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), code) for p, code in _CURRENCY_WORDS]
_MUL_RES = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), f, c) for p, f, c in _MULTIPLIERS]
_PERIOD_RES = [(re.compile(p, re.IGNORECASE), f) for p, f in _PERIODS]
_SALARY_RE = re.compile(_SALARY_WORDS, re.IGNORECASE)
_RANGE_TAIL = re.compile(r"\s?(?:-|–|—|to|~)\s?[^\d\n]{0,4}\d[\d,.']*")
_THOUSANDS_CURRENCIES = frozenset({"VND", "IDR", "KHR", "MMK", "LAK", "KRW", "JPY"})


@dataclass(frozen=True, slots=True)
class Money:
    amount: float  # in `currency`, per `period_factor`-th of a month
    currency: str
    monthly_usd: float
    start: int  # span in the advert text
    end: int


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    t = token.strip()
    for rx, code in _CUR_RES:
        if rx.match(t):
            return code
    return None


def _number(raw: str, currency: str | None) -> float | None:
    s = raw.replace(" ", "").replace("'", "").replace("’", "")
    groups = re.split(r"[.,]", s)
    if len(groups) == 1:
        return float(s)
    if len(groups) > 2 or all(len(g) == 3 for g in groups[1:]):
        if len(groups) == 2 and currency not in _THOUSANDS_CURRENCIES and "," not in s and s.startswith("0"):
            return float(s)
        # 1,500 / 1.500 / 15.000.000 / 1,234,567.89
        last = groups[-1]
        if len(groups) > 2 and len(last) in (1, 2):
            return float("".join(groups[:-1]) + "." + last)
        return float("".join(groups))
    # one separator followed by 1-2 digits (or 4+): a decimal point
    return float(groups[0] + "." + groups[1])


def _period_factor(after: str) -> float:
    for rx, factor in _PERIOD_RES:
        if rx.search(after):
            return factor
    return 1.0


def salaries(text: str, language: str | None = None) -> list[Money]:
    """Every salary-like amount in `text` with its monthly value in USD (in text order)."""
    folded = text.translate(DIGITS)
    out: list[Money] = []
    default = LANGUAGE_CURRENCY.get(language or "", "USD")
    for m in _NUM_RE.finditer(folded):
        num = m.group(0)
        b = _BEFORE.search(folded, max(0, m.start() - 12), m.start())
        a = _AFTER.match(folded, m.end())
        pre = b.group("pre") if b else None
        prev = folded[m.start() - 1] if m.start() else " "
        if prev.isascii() and prev.isalpha() and not pre:
            continue  # part of a code or handle (hr123, TRC20)
        post = a.group("post") if a else None
        mul = (a.group("mul") if a else None) or (b.group("premul") if b else None)
        start = b.start() if b and (pre or b.group("premul")) else m.start()
        end = a.end() if a and (post or a.group("mul")) else m.end()
        currency = _currency(pre) or _currency(post)
        factor = 1.0
        if mul:
            for rx, f, implied in _MUL_RES:
                if rx.match(mul.strip()):
                    factor = f
                    currency = currency or implied
                    break
        before = folded[max(0, start - 25) : start]
        if currency is None:
            if not (mul or _SALARY_RE.search(before) or _SALARY_RE.search(folded[end : end + 6])):
                continue
            currency = default
        value = _number(num, currency)
        if value is None:
            continue
        amount = value * factor
        if currency == "CNY" and amount >= 60_000 and "¥" in folded[start:end]:
            currency = "JPY"  # ¥ is also the yen sign; no monthly wage in yuan is that high
        if amount < 1:
            continue
        # A bare small number next to a salary word is more likely "salary 2 times" than money.
        if not (pre or post or mul) and amount < 50:
            continue
        period = _period_factor(folded[end : end + 14])
        if period == 1.0:
            # The low end of a range takes the period written after the high end ("$58,000-$69,000 per year").
            tail = _RANGE_TAIL.match(folded, end)
            if tail:
                period = _period_factor(folded[tail.end() : tail.end() + 14])
        if period == 1.0:
            period = _period_factor(before[-12:])
        usd = amount * period / PER_USD[currency]
        # Ignore what cannot be a wage (a phone number, a year, a licence number).
        if usd < 20 or usd > 100_000:
            continue
        while start < end and folded[start].isspace():
            start += 1
        while end > start and folded[end - 1].isspace():
            end -= 1
        out.append(Money(amount, currency, round(usd, 2), start, end))
    return out


def offered_monthly_usd(text: str, language: str | None = None) -> Money | None:
    """The highest salary the advert promises (the top of a range is what draws applicants)."""
    found = [m for m in salaries(text, language) if m.currency not in CRYPTO or m.monthly_usd > 0]
    return max(found, key=lambda m: m.monthly_usd, default=None)
