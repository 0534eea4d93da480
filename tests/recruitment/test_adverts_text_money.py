"""Text handling: languages, Zawgyi, the region's digits and salaries to monthly USD."""

from __future__ import annotations

import pytest

from tipnet.recruitment import money, text


@pytest.mark.parametrize(
    ("sample", "lang"),
    [
        ("We are hiring warehouse staff in Penang, experience preferred, apply by e-mail", "en"),
        ("Tuyển nhân viên chăm sóc khách hàng, lương cao, làm việc tại Đà Nẵng", "vi"),
        ("Lowongan kerja admin gudang, gaji sesuai UMR, kirim lamaran ke kantor kami", "id"),
        ("Kailangan ng tindera sa aming tindahan sa Quezon City, may sahod at benepisyo", "tl"),
        ("ជ្រើសរើសបុគ្គលិកផ្នែកលក់ ប្រាក់ខែសមរម្យ", "km"),
        ("รับสมัครพนักงานขายหน้าร้าน เงินเดือนตามตกลง", "th"),
        ("ຮັບສະໝັກພະນັກງານຂາຍ ເງິນເດືອນຕາມຕົກລົງ", "lo"),
        ("အရောင်းဝန်ထမ်း ခေါ်ယူမည် လစာ ညှိနှိုင်း", "my"),
        ("招聘仓库管理员，待遇面议，欢迎投递简历", "zh"),
    ],
)
def test_language_of_each_script_and_latin_language(sample: str, lang: str) -> None:
    assert text.detect_language(sample) == lang


def test_zawgyi_is_converted_to_unicode_before_anything_reads_it() -> None:
    zawgyi = "အလုပ္အကိုင္ အခြင့္အလမ္း လစာ ေကာင္းသည္"
    unicode = "အလုပ်အကိုင် အခွင့်အလမ်း လစာ ကောင်းသည်"
    assert text.is_zawgyi(zawgyi)
    assert not text.is_zawgyi(unicode)
    assert text.normalize(zawgyi) == unicode
    assert text.normalize(unicode) == unicode


@pytest.mark.parametrize(
    ("sample", "lang", "currency", "usd"),
    [
        ("Salary $1,500 per month", "en", "USD", 1500),
        ("USD 1500/month", "en", "USD", 1500),
        ("เงินเดือน 45,000 บาท", "th", "THB", 45000 / 33),
        ("เงินเดือน ๔๕,๐๐๐ บาท", "th", "THB", 45000 / 33),
        ("月薪3万", "zh", "CNY", 30000 / 7.1),
        ("底薪8000元", "zh", "CNY", 8000 / 7.1),
        ("lương 15 triệu/tháng", "vi", "VND", 15e6 / 26000),
        ("Lương 15.000.000 đ", "vi", "VND", 15e6 / 26000),
        ("Gaji Rp 5 juta", "id", "IDR", 5e6 / 16300),
        ("Gaji Rp 4.500.000", "id", "IDR", 4.5e6 / 16300),
        ("Sahod ₱30,000", "tl", "PHP", 30000 / 58),
        ("ប្រាក់ខែ ១៥០០ ដុល្លារ", "km", "USD", 1500),
        ("ប្រាក់ខែ ៛2,000,000", "km", "KHR", 500),
        ("လစာ သိန်း ၃၀", "my", "MMK", 3e6 / 2100),
        ("ເງິນເດືອນ 5 ລ້ານກີບ", "lo", "LAK", 5e6 / 21500),
        ("salary 30K", "en", "USD", 30000),
        ("500 USDT per week", "en", "USDT", 500 * 4.33),
        ("ค่าจ้าง 300 บาท/วัน", "th", "THB", 300 * 26 / 33),
    ],
)
def test_salary_in_any_script_to_monthly_usd(sample: str, lang: str, currency: str, usd: float) -> None:
    found = money.offered_monthly_usd(sample, lang)
    assert found is not None
    assert found.currency == currency
    assert found.monthly_usd == pytest.approx(usd, rel=0.01)
    assert sample[found.start : found.end].strip()  # the evidence span points into the text


@pytest.mark.parametrize("sample", ["Call 012 345 678", "Founded in 2016", "hr123 team", "Room 12, floor 3"])
def test_numbers_that_are_not_pay_are_ignored(sample: str) -> None:
    assert money.salaries(sample, "en") == []


def test_the_top_of_a_range_is_the_offer() -> None:
    found = money.offered_monthly_usd("Salary $1,200 - $3,000 monthly", "en")
    assert found is not None and found.monthly_usd == 3000
