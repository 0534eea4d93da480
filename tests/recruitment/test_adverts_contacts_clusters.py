"""Contacts found in adverts and the recruiter clusters they and near-duplicate templates make."""

from __future__ import annotations

from tipnet.recruitment.clusters import Item, cluster, shingles
from tipnet.recruitment.contacts import company_email, extract
from tipnet.recruitment.segment import words


def kinds(text: str, region: str = "KH") -> set[tuple[str, str]]:
    return {(c.kind, c.value) for c in extract(text, region)}


def test_phones_handles_mail_links_and_companies_are_normalized() -> None:
    found = kinds(
        "Contact Telegram: @HR_Vip123 or WhatsApp ០១២ ៣៤៥ ៦៧៨, see https://t.me/jobasia, "
        "mail jobs@Golden-Star.com, Jinbei Technology Co., Ltd."
    )
    assert ("telegram", "hr_vip123") in found
    assert ("whatsapp", "+85512345678") in found and ("phone", "+85512345678") in found
    assert ("telegram", "jobasia") in found
    assert ("email", "jobs@golden-star.com") in found
    assert any(k == "company" and "Jinbei Technology" in v for k, v in found)


def test_thai_digits_and_line_ids_use_the_adverts_country() -> None:
    found = kinds("สนใจติดต่อ Line ID: jobthai99 โทร ๐๘๑-๒๓๔-๕๖๗๘", "TH")
    assert ("line", "jobthai99") in found and ("phone", "+66812345678") in found


def test_app_names_inside_words_are_not_contacts() -> None:
    assert kinds("Ipadala ang aplikasyon, whatsapp me now") == set()


def test_free_mail_is_no_company_identity() -> None:
    assert not company_email(extract("write to recruiter.asia@gmail.com"))
    assert company_email(extract("write to hr@siampack.co.th"))


def test_segmenters_split_scripts_without_spaces() -> None:
    assert words("招聘仓库管理员，待遇面议", "zh") == ["招聘", "仓库", "管理员", "待遇", "面议"]
    assert words("รับสมัครพนักงาน เงินเดือนดี", "th") == ["รับสมัคร", "พนักงาน", "เงินเดือน", "ดี"]
    assert "បុគ្គលិក" in words("ជ្រើសរើសបុគ្គលិកផ្នែកលក់", "km")
    assert "ພະນັກງານ" in words("ຮັບສະໝັກພະນັກງານຂາຍ", "lo")
    assert "ရောင်း" in words("အရောင်းဝန်ထမ်း", "my")


def test_shingles_ignore_the_numbers_a_template_changes() -> None:
    a = shingles("Salary 1500 USD, call 012345678, free visa and flights", "en")
    b = shingles("Salary 2300 USD, call 098765432, free visa and flights", "en")
    assert a == b


TEMPLATE = (
    "Hiring online customer service for our team in {place}. Salary {pay} USD a month, no experience, "
    "free flight ticket and visa, free food and housing, age 18-30, contact {contact} now"
)


def test_templates_and_shared_contacts_make_recruiter_clusters() -> None:
    items = []
    for i, (place, pay) in enumerate([("Bavet", 1800), ("Poipet", 2000), ("Sihanoukville", 2500)]):
        t = TEMPLATE.format(place=place, pay=pay, contact=f"Telegram @recruit_{i}x")
        items.append(Item(f"en{i}", t, "en", extract(t), True, "Facebook"))
    # The same recruiter's handle in a Khmer post: linked across languages by the contact only.
    km = "ត្រូវការបុគ្គលិក ប្រាក់ខែខ្ពស់ ទាក់ទង Telegram @recruit_0x"
    items.append(Item("km1", km, "km", extract(km), True, "Telegram"))
    genuine = "Tonle Logistics Co., Ltd. hiring a warehouse clerk, 2 years experience, apply hr@tonlelogistics.com.kh"
    items.append(Item("g1", genuine, "en", extract(genuine), False, "AsiaJobsNet"))
    other = "Bakery in Battambang needs a baker, call 012 888 999, salary 250 USD"
    items.append(Item("g2", other, "en", extract(other), False, "Facebook"))
    clusters = cluster(items)
    assert len(clusters) == 1
    c = clusters[0]
    assert sorted(c.members) == ["en0", "en1", "en2", "km1"]
    assert c.deceptive == 4 and c.languages == {"en": 3, "km": 1}
    assert ("telegram", "recruit_0x") in c.contacts
    assert c.to_json()["adverts"] == 4


def test_one_recruiter_however_the_advert_writes_the_handle() -> None:
    """wa.me/855..., "WhatsApp: 012 ..." and a bare "call 012 ..." are one phone node; "@Name" and
    t.me/name one Telegram account; a WeChat id after 加微信 and a LINE id are found in CJK and Thai text.
    Adverts in different languages with nothing else in common join one cluster through them."""
    from tipnet.recruitment.contacts import node_key

    def keys(text: str, region: str = "KH") -> set[tuple[str, str]]:
        return {k for c in extract(text, region) if (k := node_key(c))}

    assert keys("WhatsApp wa.me/85512345678") == keys("សូមទូរស័ព្ទ 012 345 678") == {("phone", "+85512345678")}
    assert keys("Telegram: @Recruit_KH") == keys("t.me/recruit_kh") == {("telegram", "recruit_kh")}
    assert keys("有意者加微信：abc12345") == {("wechat", "abc12345")}
    assert keys("สนใจทักไลน์: job.th88", "TH") == {("line", "job.th88")}
    items = [
        Item("a", "Typist in Bavet, $2,000, WhatsApp wa.me/85512345678", "en", extract("wa.me/85512345678")),
        Item("b", "ត្រូវការអ្នកវាយអក្សរ ទូរស័ព្ទ 012 345 678", "km", extract("012 345 678")),
        Item("c", "招聘客服 飞机 @Recruit_KH", "zh", extract("飞机 @Recruit_KH")),
        Item("d", "ຮັບສະໝັກ t.me/recruit_kh", "lo", extract("t.me/recruit_kh")),
        Item("e", "Hotel cleaner in Siem Reap, apply at the front desk", "en", []),
    ]
    found = cluster(items)
    assert sorted(sorted(c.members) for c in found) == [["a", "b"], ["c", "d"]]
    assert ("phone", "+85512345678") in found[0].contacts or ("phone", "+85512345678") in found[1].contacts
