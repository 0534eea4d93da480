"""Transactions: ordinary payments, and the money flows of trafficking (the truth's typologies).

Typologies (truth/transactions.csv `typology`):
- none: wages from employers, remittances and gifts between ordinary people, shop payments, and a
  few innocent cash deposits just under a reporting threshold (the false positives a detector meets);
- recruitment_fee: a victim's family paying the recruiter;
- debt_repayment: a family paying a "debt" or ransom to free a victim, into a money-mule account;
- victim_wage, victim_remittance: the little a victim is paid, and sends home;
- scam_proceeds: the fan-in of money from people defrauded by the scam compound, into mule accounts;
- pass_through: a mule forwarding what it received within hours (layering);
- structuring: cash deposits just below the reporting threshold;
- fan_out: a mule paying many network accounts (wages of recruiters, transporters);
- crypto_conversion: mules buying USDT into the operators' wallets.

Reporting thresholds (cash transaction reports): Cambodia USD 10,000 or KHR 40 million; Thailand THB 2
million; Viet Nam VND 400 million; China CNY 50,000 (the FIUs' published thresholds). Exchange rates
are fixed SCENARIO values.
"""

from __future__ import annotations

import random
from datetime import datetime

from tipnet.sim.context import Ctx, stamp
from tipnet.sim.people import Account

USD_RATE = {"USD": 1.0, "USDT": 1.0, "KHR": 4100.0, "THB": 36.0, "VND": 25_000.0, "CNY": 7.2}
THRESHOLD = {
    "USD": 10_000,
    "USDT": 10_000,
    "KHR": 40_000_000,
    "THB": 2_000_000,
    "VND": 400_000_000,
    "CNY": 50_000,
}
CASH = "CASH"

REFERENCES: dict[str, dict[str, str]] = {
    "recruitment_fee": {
        "km": "ថ្លៃសេវាការងារ",
        "th": "ค่าหัวคิว",
        "vi": "phí môi giới",
        "zh": "中介费",
        "lo": "ຄ່າບໍລິການ",
        "my": "အကျိုးဆောင်ခ",
        "id": "biaya agen",
        "tl": "placement fee",
        "en": "job fee",
    },
    "debt_repayment": {
        "km": "សងបំណុល",
        "th": "ใช้หนี้",
        "vi": "trả nợ",
        "zh": "还款",
        "lo": "ຈ່າຍໜີ້",
        "my": "အကြွေးဆပ်",
        "id": "bayar utang",
        "tl": "bayad utang",
        "en": "loan repayment",
    },
    "victim_wage": {
        "km": "ប្រាក់ខែ",
        "th": "เงินเดือน",
        "vi": "lương",
        "zh": "工资",
        "lo": "ເງິນເດືອນ",
        "my": "လစာ",
        "id": "gaji",
        "tl": "sahod",
        "en": "salary",
    },
    "victim_remittance": {
        "km": "ផ្ញើឱ្យម៉ែ",
        "th": "ส่งให้แม่",
        "vi": "gửi mẹ",
        "zh": "给妈妈",
        "lo": "ສົ່ງໃຫ້ແມ່",
        "my": "အမေ့ဆီပို့",
        "id": "kiriman untuk ibu",
        "tl": "padala kay nanay",
        "en": "for mum",
    },
}
ORDINARY_REFERENCES = (
    "salary",
    "rent",
    "school fees",
    "gift",
    "goods",
    "loan",
    "family support",
    "invoice",
    "",
)
SCAM_REFERENCES = (
    "investment deposit",
    "USDT top-up",
    "trading account",
    "tax clearance fee",
    "withdrawal fee",
    "",
)


def amount_text(usd: float, currency: str) -> str:
    value = usd * USD_RATE[currency]
    if currency in ("KHR", "VND"):
        return f"{max(round(value, -2), 100):.0f}"
    return f"{max(value, 0.01):.2f}"


def just_under_threshold(rng: random.Random, currency: str) -> float:
    """An amount in USD that is 85-99.5% of the currency's cash-reporting threshold."""
    return THRESHOLD[currency] * rng.uniform(0.85, 0.995) / USD_RATE[currency]


def transfer(
    ctx: Ctx,
    rng: random.Random,
    src: Account | str,
    dst: Account | str,
    usd: float,
    when: datetime,
    *,
    typology: str = "none",
    network_id: str = "",
    channel: str = "Transfer",
    reference: str = "",
    currency: str | None = None,
) -> bool:
    """Write one transaction (booked by the sender's bank; a cash deposit by the receiving bank).

    A transfer dated before either account was opened, or after the scenario's end, is not written
    (returns False).
    """
    day = when.date()
    if (
        day > ctx.as_of
        or (isinstance(src, Account) and src.opened > day)
        or (isinstance(dst, Account) and dst.opened > day)
    ):
        return False
    if isinstance(src, Account):
        org = src.bank
        currency = currency or src.currency
        from_number = src.number
    else:
        assert isinstance(dst, Account)
        org = dst.bank
        currency = currency or dst.currency
        from_number = src
    to_number = dst.number if isinstance(dst, Account) else dst
    if currency == "USDT":
        channel = "Crypto"
    rid = ctx.issuer.record_id("*", "TX")
    ctx.out.write(
        "transactions",
        (
            rid,
            org,
            stamp(when),
            from_number,
            to_number,
            amount_text(usd, currency),
            currency,
            channel,
            reference,
        ),
    )
    ctx.out.write("truth:transactions", (rid, typology, network_id))
    return True


def reference(rng: random.Random, typology: str, language: str) -> str:
    table = REFERENCES.get(typology)
    if table is None or rng.random() < 0.3:
        return ""
    return table.get(language, table["en"])
