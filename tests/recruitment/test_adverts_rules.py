"""Red-flag rules: each fires on the indicator as the literature describes it, in several languages,
with its explanation, evidence and source; lawful offers with fair pay stay clear."""

from __future__ import annotations

import pytest

from tipnet.recruitment import rules
from tipnet.recruitment.screen import Screener, explain, explanations
from tipnet.recruitment.text import LANGUAGES

# (code, language, text): hand-written, one indicator each.
CASES = [
    ("NO_EXPERIENCE", "en", "Warehouse helper wanted, no experience needed."),
    ("NO_EXPERIENCE", "km", "ត្រូវការបុគ្គលិក មិនត្រូវការបទពិសោធន៍"),
    ("NO_EXPERIENCE", "th", "รับสมัครพนักงาน ไม่ต้องมีประสบการณ์"),
    ("NO_EXPERIENCE", "vi", "Tuyển gấp nhân viên không cần kinh nghiệm"),
    ("NO_EXPERIENCE", "zh", "招聘文员，零基础也可以"),
    ("NO_EXPERIENCE", "id", "Dicari staf gudang tanpa pengalaman"),
    ("TRAVEL_VISA_PAID", "en", "Free air ticket and the company pays the visa."),
    ("TRAVEL_VISA_PAID", "km", "ក្រុមហ៊ុនចេញថ្លៃសំបុត្រយន្តហោះ"),
    ("TRAVEL_VISA_PAID", "zh", "公司报销机票"),
    ("TRAVEL_VISA_PAID", "tl", "Libre ang pamasahe papunta"),
    ("FREE_HOUSING_FOOD", "vi", "Bao ăn ở cho nhân viên"),
    ("FREE_HOUSING_FOOD", "zh", "包吃包住"),
    ("VAGUE_SCAM_ROLE", "en", "We need typists to work from our office abroad."),
    ("VAGUE_SCAM_ROLE", "km", "ត្រូវការអ្នកវាយអក្សរ"),
    ("VAGUE_SCAM_ROLE", "zh", "招聘网络推广人员"),
    ("COMPOUND_HUB", "en", "Work location: Sihanoukville"),
    ("COMPOUND_HUB", "km", "ធ្វើការនៅក្រុងព្រះសីហនុ"),
    ("COMPOUND_HUB", "th", "ทำงานที่เมียวดี"),
    ("COMPOUND_HUB", "zh", "工作地点：妙瓦底"),
    ("COMPOUND_HUB", "my", "မြဝတီတွင် အလုပ်"),
    ("MESSAGING_ONLY_CONTACT", "en", "Interested? Contact us on Telegram only."),
    ("MESSAGING_ONLY_CONTACT", "zh", "有意者加微信"),
    ("MESSAGING_ONLY_CONTACT", "th", "สนใจทักไลน์มาเลย"),
    ("URGENCY", "en", "Urgent hiring, limited slots!"),
    ("URGENCY", "zh", "急招，名额有限"),
    ("URGENCY", "km", "ត្រូវការជាបន្ទាន់"),
    ("AGE_APPEARANCE_LIMIT", "en", "Female staff aged 18-25, good-looking."),
    ("AGE_APPEARANCE_LIMIT", "vi", "Tuổi từ 18 đến 25, ngoại hình ưa nhìn"),
    ("AGE_APPEARANCE_LIMIT", "zh", "年龄18-28岁，形象好"),
    ("PASSPORT_REQUESTED", "en", "Send us a photo of your passport to reserve the job."),
    ("PASSPORT_REQUESTED", "km", "ក្រុមហ៊ុនរក្សាទុកលិខិតឆ្លងដែន"),
    ("PASSPORT_REQUESTED", "zh", "护照由公司保管"),
    ("PASSPORT_REQUESTED", "th", "บริษัทเก็บพาสปอร์ตไว้ให้"),
    ("FEES_DEPOSIT_DEBT", "en", "A processing fee of $300 is required."),
    ("FEES_DEPOSIT_DEBT", "id", "Ada biaya pendaftaran dan uang jaminan"),
    ("FEES_DEPOSIT_DEBT", "zh", "需交押金"),
    ("FEES_DEPOSIT_DEBT", "km", "ត្រូវបង់ប្រាក់កក់"),
    ("TOURIST_VISA_WORK", "en", "You will enter on a tourist visa."),
    ("TOURIST_VISA_WORK", "zh", "办旅游签过去"),
    ("TOURIST_VISA_WORK", "th", "เดินทางด้วยวีซ่าท่องเที่ยว"),
    ("CRYPTO_WAGES", "en", "Salary paid in USDT every month."),
    ("CRYPTO_WAGES", "zh", "工资U结算"),
    ("PAY_FAR_ABOVE_MARKET", "en", "Cleaner wanted in Bangkok. Salary $2,000 per month."),
    ("PAY_FAR_ABOVE_MARKET", "km", "ត្រូវការកម្មកររោងចក្រ ប្រាក់ខែ ១៥០០ ដុល្លារ"),
    ("PAY_FAR_ABOVE_MARKET", "vi", "Tuyển công nhân, lương 60 triệu/tháng"),
    ("PAY_FAR_ABOVE_MARKET", "my", "စက်ရုံ အလုပ်သမား လစာ သိန်း ၃၀"),
    ("NO_COMPANY_IDENTITY", "en", "Good job, good pay, message me."),
    ("SECRECY", "en", "Do not tell your family about this job, details in private."),
    ("SECRECY", "km", "មិនចាំបាច់ប្រាប់គ្រួសារពីការងារនេះទេ"),
    ("SECRECY", "lo", "ບໍ່ຕ້ອງບອກຄອບຄົວ"),
    ("SECRECY", "zh", "详情私聊，不要告诉家人"),
    ("UNCAPPED_COMMISSION", "en", "Base pay plus unlimited commission."),
    ("UNCAPPED_COMMISSION", "lo", "ຄອມມິດຊັນສູງ ບໍ່ມີເພດານ"),
    ("UNCAPPED_COMMISSION", "zh", "底薪加提成，上不封顶"),
    # Khmer and Lao as job seekers read them: no spaces, the hubs' local spellings, "anyone can do it",
    # a car at the border, the tourist visa "changed later", a passport copy sent first, a deposit.
    ("NO_EXPERIENCE", "km", "ការងារនៅបរទេស អ្នកណាក៏ធ្វើបាន"),
    ("NO_EXPERIENCE", "lo", "ຮັບສະໝັກພະນັກງານ ໃຜກໍ່ເຮັດໄດ້"),
    ("COMPOUND_HUB", "km", "ធ្វើការនៅមៀវ៉ាឌី"),
    ("COMPOUND_HUB", "lo", "ບໍລິສັດຢູ່ທ່າຂີ້ເຫຼັກ"),
    ("TRAVEL_VISA_PAID", "lo", "ມີລົດມາຮັບທີ່ຊາຍແດນ"),
    ("TOURIST_VISA_WORK", "km", "ទៅដោយវីសាទេសចរណ៍ ក្រុមហ៊ុនប្តូរជាវីសាការងារឱ្យ"),
    ("TOURIST_VISA_WORK", "lo", "ເຂົ້າໄປແບບນັກທ່ອງທ່ຽວ"),
    ("PASSPORT_REQUESTED", "km", "ផ្ញើរូបថតលិខិតឆ្លងដែនមកដើម្បីដាក់ពាក្យ"),
    ("PASSPORT_REQUESTED", "lo", "ສົ່ງສຳເນົາໜັງສືຜ່ານແດນມາກ່ອນ"),
    ("FEES_DEPOSIT_DEBT", "lo", "ຕ້ອງຈ່າຍເງິນມັດຈຳກ່ອນເດີນທາງ"),
    # A negation of something else just before the fee does not hide it.
    ("FEES_DEPOSIT_DEBT", "th", "ไม่จำกัดวุฒิ ค่าสมัคร 500 บาท"),
    ("FEES_DEPOSIT_DEBT", "lo", "ບໍ່ຈຳກັດວຸດທິ ມັດຈຳ 300$"),
    ("CRYPTO_WAGES", "lo", "ເງິນເດືອນເປັນຄຣິບໂຕ"),
    ("URGENCY", "lo", "ເດີນທາງພາຍໃນ 3 ມື້"),
    ("PAY_FAR_ABOVE_MARKET", "lo", "ກຳມະກອນໂຮງງານ ເງິນເດືອນ 1,500 ຂຶ້ນໄປ ໂດລາ ຕໍ່ເດືອນ"),
    # Generic job fraud (FTC, BBB, IC3 warnings); more cases, with hard negatives, in test_jobfraud_rules.py.
    ("RESHIPPING", "en", "Receive the parcels at your home and reship them to our buyers abroad."),
    ("CHECK_THEN_SEND_MONEY", "en", "Deposit the check we mail you and pay our vendor for your laptop."),
    ("MONEY_TRANSFER_JOB", "en", "Clients will send payments into your personal account for forwarding."),
    ("PAY_TO_START", "en", "Before you start, buy the training kit for $59."),
    ("PERSONAL_DATA_UPFRONT", "en", "Apply with your Social Security number and bank details."),
    ("CHAT_ONLY_INTERVIEW", "en", "The interview is held on Telegram chat with our manager."),
    ("TASK_DEPOSIT", "en", "Recharge your account in USDT to unlock the next task set."),
    ("FREE_MAIL_CONTACT", "en", "Reply to hiring.dept2024@gmail.com for the offer letter."),
    ("EASY_MONEY_LITTLE_WORK", "en", "Earn $45 per hour typing from home, no experience."),
]


@pytest.fixture(scope="module")
def rules_only() -> Screener:
    return Screener(use_model=False)


@pytest.mark.parametrize(("code", "lang", "sample"), CASES)
def test_each_red_flag_fires_with_evidence_and_source(
    rules_only: Screener, code: str, lang: str, sample: str
) -> None:
    verdict = rules_only.screen(sample, lang)
    flag = next((f for f in verdict.flags if f.code == code), None)
    assert flag is not None, [f.code for f in verdict.flags]
    assert flag.source in rules.SOURCES.values()
    assert flag.text == explain(code, lang)
    if code != "NO_COMPANY_IDENTITY":
        assert flag.evidence and sample[flag.start : flag.end] == flag.evidence


def test_every_code_is_tested() -> None:
    # NO_EMPLOYER_DETAILS comes from a posting's fields, not its text: tests/recruitment/test_postings.py.
    assert set(rules.all_codes()) == {c for c, _, _ in CASES} | {rules.NO_EMPLOYER_DETAILS[0]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_flag_is_explained_in_every_supported_language(lang: str) -> None:
    """A job seeker reading Burmese, Lao or Tagalog gets every red flag in their own language, not an
    English fallback: each code (and the text model's) has its own, non-empty text that is not the
    English one."""
    ex = explanations()
    codes = {*rules.all_codes(), "TEXT_MODEL"}
    assert set(ex[lang]) == codes
    for code in codes:
        assert ex[lang][code].strip(), code
        if lang != "en":
            assert ex[lang][code] != ex["en"][code], code


def test_explanations_follow_the_reader_and_fall_back_to_english(rules_only: Screener) -> None:
    sample = "Work in Sihanoukville, no experience needed, contact Telegram"
    for lang in ("km", "my", "lo", "tl"):
        read = rules_only.screen(sample, "en", explain_lang=lang)
        assert read.flags and all(f.text == explanations()[lang][f.code] for f in read.flags)
    other = rules_only.screen(sample, "en", explain_lang="fr")
    assert all(f.text == explanations()["en"][f.code] for f in other.flags)


@pytest.mark.parametrize(
    ("code", "lang", "sample"),
    [
        ("FEES_DEPOSIT_DEBT", "en", "No placement fee: the employer pays all recruitment costs."),
        ("FEES_DEPOSIT_DEBT", "km", "មិនគិតថ្លៃសេវាពីពលករ និយោជកជាអ្នកចេញ"),
        ("FEES_DEPOSIT_DEBT", "lo", "ບໍ່ເກັບຄ່າບໍລິການຈາກແຮງງານ ນາຍຈ້າງເປັນຜູ້ຈ່າຍ"),
        ("FEES_DEPOSIT_DEBT", "lo", "ເກັບສະເພາະຄ່າທຳນຽມຕາມກົດໝາຍ"),
        ("FEES_DEPOSIT_DEBT", "th", "ไม่เก็บค่าบริการจากแรงงาน"),
        ("FEES_DEPOSIT_DEBT", "zh", "不收取任何押金"),
        ("VAGUE_SCAM_ROLE", "km", "ឆាតមកផេករបស់ក្រុមហ៊ុន"),
        ("COMPOUND_HUB", "lo", "ສະໝັກດ້ວຍຕົນເອງທີ່ ເຂດເສດຖະກິດພິເສດ ວຽງຈັນ-ໂນນທອງ"),
    ],
)
def test_negated_or_lawful_mentions_are_not_red_flags(
    rules_only: Screener, code: str, lang: str, sample: str
) -> None:
    """Fair-recruitment adverts say "no fee to the worker" or "only the legal fee"; chatting to a
    company's page is a contact, not a job; an ordinary special economic zone is no compound hub."""
    verdict = rules_only.screen(sample, lang)
    assert code not in {f.code for f in verdict.flags}


def test_a_language_named_is_not_the_place_of_work() -> None:
    from tipnet.recruitment import wages

    # "Chinese speakers preferred" in Khmer, a cook in Myanmar: judged against Myanmar's wages.
    assert wages.country_of_work("ចុងភៅ នៅមីយ៉ាន់ម៉ា ចេះភាសាចិនជាអាទិភាព", "km") == "MM"
    assert wages.country_of_work("ចេះភាសាចិនជាអាទិភាព", "km") == "KH"
    assert wages.country_of_work("ສັນຍາເປັນພາສາລາວ ເຮັດວຽກຢູ່ບາງກອກ", "lo") == "TH"


def test_pay_detail_names_the_wage_it_was_compared_with(rules_only: Screener) -> None:
    v = rules_only.screen("Factory worker in Bangkok, salary 60,000 baht", "en")
    flag = next(f for f in v.flags if f.code == "PAY_FAR_ABOVE_MARKET")
    assert "TH" in flag.detail and "ILOSTAT" in flag.detail and flag.evidence == "60,000 baht"


def test_every_wage_row_has_a_source_or_says_it_has_none() -> None:
    """No row is left "to verify": each either cites where its figure comes from, or is marked
    unverified and says what was searched."""
    import csv
    from importlib import resources

    text = resources.files("tipnet.recruitment").joinpath("data/wages.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and all(r["verified"] in ("yes", "no") for r in rows)
    for r in rows:
        assert "verify" not in r["source"].lower().replace("unverified", ""), r
        assert float(r["monthly_usd"]) > 0 and r["year"].isdigit()
        assert r["source"].startswith("UNVERIFIED: ") == (r["verified"] == "no"), r
    assert {(r["country"], r["occupation"]) for r in rows if r["verified"] == "no"} >= {("AE", "all")}


def test_pay_detail_says_when_the_typical_wage_is_unverified(rules_only: Screener) -> None:
    # The UAE's all-occupation figure has no source: the evidence says so instead of citing one.
    v = rules_only.screen("Job in Dubai, UAE, salary USD 6,000 per month, no experience needed", "en")
    flag = next(f for f in v.flags if f.code == "PAY_FAR_ABOVE_MARKET")
    assert "typical wage unverified" in flag.detail and "AE" in flag.detail
    # Hong Kong's all-occupation figure is the C&SD survey's median: cited, not called unverified.
    v = rules_only.screen("Job in Hong Kong, salary USD 9,000 per month, no experience needed", "en")
    flag = next(f for f in v.flags if f.code == "PAY_FAR_ABOVE_MARKET")
    assert "Annual Earnings and Hours Survey" in flag.detail and "unverified" not in flag.detail


# Lawful offers abroad with fair pay and legal channels (hard negatives): hand-written.
GENUINE = [
    (
        "en",
        "Straits Components Sdn Bhd, Penang, Malaysia, is recruiting production operators through licensed agency "
        "(licence no. JTK-1234/2026). Salary MYR 1,700 a month plus overtime paid. Employment contract, social "
        "security, paid leave. Apply at recruit@straitscomponents.com.my or visit our office.",
    ),
    (
        "km",
        "ក្រុមហ៊ុន អង្គរ ម៉ូតូ ជ្រើសរើសជាងជួសជុល ប្រាក់ខែ ៣០០ ដុល្លារ មានកិច្ចសន្យាការងារ និង ប.ស.ស "
        "ម៉ោងធ្វើការ ៨ម៉ោង អាសយដ្ឋាន ផ្លូវលេខ ២៧១ ភ្នំពេញ",
    ),
    (
        "th",
        "บริษัท สยามแพ็คเกจจิ้ง จำกัด รับสมัครพนักงานฝ่ายผลิต เงินเดือน 12,000 บาท มีประกันสังคม สัญญาจ้าง "
        "เวลาทำงาน 08.00-17.00 ติดต่อ hr@siampack.co.th",
    ),
    (
        "vi",
        "Công ty TNHH May Mặc Phú Thịnh tuyển công nhân may, lương 8 triệu/tháng, hợp đồng lao động, bảo hiểm "
        "xã hội. Địa chỉ: KCN Tân Bình, TP.HCM. Email: tuyendung@phuthinh.vn",
    ),
    (
        "zh",
        "昆明宏远物流有限公司招聘仓库管理员，月薪5500元，签订劳动合同，缴纳五险一金，工作时间8小时。"
        "地址：昆明市官渡区。邮箱 hr@hongyuan-wl.cn",
    ),
    (
        "id",
        "PT Maju Bersama Logistik membuka lowongan staf gudang. Gaji Rp 4.800.000, kontrak kerja, BPJS, "
        "jam kerja 8 jam. Kirim lamaran ke hrd@majubersama.co.id",
    ),
    (
        "tl",
        "Hiring hotel housekeeper in Dubai through a DMW-licensed agency. Salary AED 1,500 plus free "
        "accommodation per contract. Kontrata, SSS. Apply at our office in Ermita, Manila.",
    ),
    (
        "en",
        "Hotel front desk agent, Siem Reap. 2 years experience, English required. Salary USD 380. Written contract "
        "and NSSF. Send CV to jobs@angkorpalace-hotel.com",
    ),
]


@pytest.mark.parametrize(("lang", "sample"), GENUINE)
def test_lawful_offers_with_fair_pay_stay_clear(lang: str, sample: str) -> None:
    verdict = Screener().screen(sample, lang)
    assert not verdict.deceptive, ([(f.code, f.evidence) for f in verdict.flags], verdict.score)
    assert verdict.score < 0.3


def test_translations_cover_every_code_they_have() -> None:
    ex = explanations()
    for lang, texts in ex.items():
        assert set(texts) == set(ex["en"]), lang
    assert {"en", "km", "th", "vi", "zh", "id"} <= set(ex)


def test_a_zawgyi_advert_raises_the_same_flags_as_its_unicode_text(rules_only: Screener) -> None:
    # The same offer typed in Zawgyi (written here by hand from the Unicode text, as ICU encodes it).
    unicode = "မြဝတီတွင် အလုပ် အတွေ့အကြုံမလို လစာ သိန်း ၃၀"
    zawgyi = "ျမဝတီတြင္ အလုပ္ အေတြ့အႀကံဳမလို လစာ သိန္း ၃၀"
    u, z = rules_only.screen(unicode), rules_only.screen(zawgyi)
    assert z.language == u.language == "my"
    assert [f.code for f in z.flags] == [f.code for f in u.flags]
    assert {"COMPOUND_HUB", "NO_EXPERIENCE", "PAY_FAR_ABOVE_MARKET"} <= {f.code for f in z.flags}


def test_leading_groups_are_expanded_without_changing_what_matches() -> None:
    """Rules are written with leading groups for readability; the finder expands them so that `re`
    can skip ahead (several times faster on Khmer and Lao), and the expansion means the same."""
    import re

    from tipnet.recruitment.rules import expand_leading

    cases = {
        r"(?:មាន)?ឡាន(?:មក)?(?:ទទួល|ជូន)": ["មានឡានមកទទួល", "ឡានជូន", "ឡានមកជូន"],
        r"(?:បុគ្គលិក|អ្នក)ឆាត": ["បុគ្គលិកឆាត", "អ្នកឆាត"],
        r"(?:(?:a|b)c|d)e": ["ace", "bce", "de"],
        r"(?:x)+y": ["xxy"],
    }
    for pattern, samples in cases.items():
        expanded = re.compile("|".join(expand_leading(pattern)))
        whole = re.compile(pattern)
        for text in [*samples, "ឆាតមកផេក", "ce", "y"]:
            a, b = expanded.search(text), whole.search(text)
            assert (a and a.span()) == (b and b.span()), (pattern, text)
    assert expand_leading(r"(?:unlimited|uncapped) income") == ["unlimited income", "uncapped income"]
    # Every rule's phrases still compile and each language's finder starts on literal characters.
    rules.compiled()
