"""Is the pay plausible? The offered monthly salary against the typical wage for the occupation in
the country of work, from a table of ILOSTAT-style figures shipped as data (data/wages.csv, each row
with its source and year, and `verified`: `no` where no citable source was found, the figure then an
estimate the flag's evidence calls unverified rather than passing it off as a statistic).

The country is the destination the advert names (a compound hub or a city), else the country of the
advert's language. The occupation is found from job words in the text; unknown jobs use the
all-occupation figure. Scam compounds promise two to ten times the local wage for unskilled work
(OHCHR 2023); a factor of 2.5 over the typical wage for the occupation is the flag's threshold.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LANGUAGE_COUNTRY = {
    "km": "KH",
    "th": "TH",
    "vi": "VN",
    "zh": "CN",
    "lo": "LA",
    "my": "MM",
    "id": "ID",
    "tl": "PH",
}


def language_region(language: str | None) -> str:
    """The country whose phone numbering an advert in `language` most likely uses (English: Cambodia's,
    the committee's own)."""
    return LANGUAGE_COUNTRY.get(language or "", "KH")


# English adverts are written for every country: without a named place of work, the wage they are
# judged against is the highest typical wage of the region for the occupation (benefit of the doubt).
# Places an advert may name as the place of work, by country.
PLACES: dict[str, tuple[str, ...]] = {
    "KH": (
        "សីហនុវិល",
        "ភ្នំពេញ",
        "ສີຫະນຸ",
        "ພະນົມເປັນ",
        "ບາເວດ",
        "ປອຍເປດ",
        "ប៉ោយប៉ែត",
        "phnom penh",
        "sihanouk",
        "bavet",
        "poipet",
        "siem reap",
        "koh kong",
        "cambodia",
        "ភ្នំពេញ",
        "ព្រះសីហនុ",
        "បាវិត",
        "ប៉ោយប៉ែត",
        "កម្ពុជា",
        "西港",
        "金边",
        "柬埔寨",
        "กัมพูชา",
        "campuchia",
        "kamboja",
        "ກຳປູເຈຍ",
    ),
    "MM": (
        "មៀវ៉ាឌី",
        "មីយ៉ាន់ម៉ា",
        "ស្វេកុកកូ",
        "តាឈីឡេក",
        "ມຽນມາ",
        "ມຽວະດີ",
        "ທ່າຂີ້ເຫຼັກ",
        "ພະມ້າ",
        "ရွှေကုက္ကို",
        "တာချီလိတ်",
        "ท่าขี้เหล็ก",
        "ชเวโก๊กโก่",
        "kk park",
        "myawaddy",
        "shwe kokko",
        "tachileik",
        "laukkai",
        "myanmar",
        "yangon",
        "မြဝတီ",
        "မြန်မာ",
        "妙瓦底",
        "缅甸",
        "缅北",
        "เมียวดี",
        "พม่า",
    ),
    "LA": (
        "ត្រីកោណមាស",
        "ឡាវ",
        "ສາມຫຼ່ຽມຄຳ",
        "လာအို",
        "golden triangle",
        "ton pheung",
        "vientiane",
        "laos",
        "ລາວ",
        "ວຽງຈັນ",
        "金三角",
        "老挝",
        "ลาว",
        "สามเหลี่ยมทองคำ",
    ),
    "TH": (
        "ម៉ែសត",
        "សាមុតសាខន",
        "បាងកក",
        "ບາງກອກ",
        "ແມ່ສອດ",
        "ไทย",
        "แม่สอด",
        "မဲဆောက်",
        "bangkok",
        "thailand",
        "chonburi",
        "mae sot",
        "ประเทศไทย",
        "กรุงเทพ",
        "泰国",
        "曼谷",
        "thái lan",
        "ថៃ",
        "ໄທ",
        "ထိုင်း",
    ),
    "PH": (
        "ហ្វីលីពីន",
        "ម៉ានីល",
        "ຟີລິບປິນ",
        "ມະນີລາ",
        "ฟิลิปปินส์",
        "ဖိလစ်ပိုင်",
        "philippin",
        "manila",
        "philippines",
        "bamban",
        "porac",
        "pampanga",
        "菲律宾",
        "pilipinas",
    ),
    "MY": (
        "ກົວລາລຳເປີ",
        "ມາເລເຊຍ",
        "ប៉េណាំង",
        "penang",
        "ปีนัง",
        "မလေးရှား",
        "ម៉ាឡេស៊ី",
        "mã lai",
        "malaysia",
        "kuala lumpur",
        "马来西亚",
        "มาเลเซีย",
        "ម៉ាឡេស៊ី",
    ),
    "VN": ("vietnam", "viet nam", "việt nam", "hà nội", "hồ chí minh", "越南", "เวียดนาม", "វៀតណាម"),
    "CN": (
        "china",
        "shenzhen",
        "guangzhou",
        "kunming",
        "中国",
        "深圳",
        "广州",
        "昆明",
        "จีน",
        "ចិន",
        "trung quốc",
    ),
    "ID": ("indonesia", "jakarta", "surabaya", "bandung", "印尼"),
    # Destinations abroad with legal labour-migration channels (and high but fair wages).
    "KR": ("korea", "한국", "韩国", "เกาหลี", "កូរ៉េ", "ເກົາຫຼີ", "ကိုရီးယား", "hàn quốc", "korea selatan"),
    "JP": ("japan", "日本", "ญี่ปุ่น", "ជប៉ុន", "ຍີ່ປຸ່ນ", "ဂျပန်", "nhật bản", "jepang", "hapon"),
    "TW": ("taiwan", "台湾", "臺灣", "ไต้หวัน", "តៃវ៉ាន់", "ໄຕ້ຫວັນ", "ထိုင်ဝမ်", "đài loan"),
    "HK": ("hong kong", "香港", "ฮ่องกง", "ហុងកុង", "ຮົງກົງ", "ဟောင်ကောင်", "hồng kông"),
    "SG": ("singapore", "新加坡", "สิงคโปร์", "សិង្ហបុរី", "ສິງກະໂປ", "စင်္ကာပူ", "singapura"),
    "AE": ("dubai", "uae", "迪拜", "ดูไบ", "ឌូបៃ", "ດູໄບ", "ဒူဘိုင်း", "abu dhabi"),
}
# "Chinese speakers preferred" names a language, not a place of work: ភាសាចិន, ພາສາຈີນ, ภาษาจีน...
_LANGUAGE_NAME = re.compile(r"(?:ភាសា|ជនជាតិ|ພາສາ|ຊາວ|ภาษา|ชาว|ဘာသာ(?:စကား)?|tiếng|bahasa|người)\s?\S{0,3}")
OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "professional": (
        "it support",
        "programmer",
        "developer",
        "engineer",
        "accountant",
        "kỹ sư",
        "lập trình",
        "kế toán",
        "程序员",
        "工程师",
        "会计",
        "วิศวกร",
        "โปรแกรมเมอร์",
        "นักบัญชี",
        "akuntan",
        "programmer",
        "គណនេយ្យករ",
        "វិស្វករ",
        "ນັກບັນຊີ",
        "စာရင်းကိုင်",
        "အင်ဂျင်နီယာ",
        "accountant",
        "inhinyero",
    ),
    "clerical": (
        "customer service",
        "typist",
        "data entry",
        "admin",
        "clerk",
        "secretary",
        "translator",
        "telemarketing",
        "chăm sóc khách hàng",
        "nhập liệu",
        "đánh máy",
        "phiên dịch",
        "客服",
        "打字",
        "录入",
        "翻译",
        "文员",
        "พนักงานบริการลูกค้า",
        "พิมพ์งาน",
        "แอดมิน",
        "ล่าม",
        "layanan pelanggan",
        "pengetik",
        "penerjemah",
        "បម្រើអតិថិជន",
        "វាយអក្សរ",
        "អ្នកបកប្រែ",
        "ບໍລິການລູກຄ້າ",
        "ພິມ",
        "ນາຍແປ",
        "ဖောက်သည်",
        "စာရိုက်",
        "ဘာသာပြန်",
        "encoder",
        "marketing",
        "tiếp thị",
        "营销",
        "推广",
        "การตลาด",
        "pemasaran",
        "ទីផ្សារ",
        "ການຕະຫຼາດ",
    ),
    "service": (
        "waiter",
        "waitress",
        "receptionist",
        "hotel",
        "sales",
        "cook",
        "chef",
        "massage",
        "dealer",
        "casino",
        "model",
        "driver",
        "security guard",
        "phục vụ",
        "lễ tân",
        "bán hàng",
        "đầu bếp",
        "tài xế",
        "bảo vệ",
        "服务员",
        "前台",
        "销售",
        "厨师",
        "按摩",
        "荷官",
        "司机",
        "保安",
        "พนักงานเสิร์ฟ",
        "ต้อนรับ",
        "ขาย",
        "พ่อครัว",
        "นวด",
        "คนขับรถ",
        "รปภ",
        "pelayan",
        "resepsionis",
        "koki",
        "sopir",
        "satpam",
        "អ្នករត់តុ",
        "អ្នកទទួលភ្ញៀវ",
        "អ្នកលក់",
        "ចុងភៅ",
        "ម៉ាស្សា",
        "អ្នកបើកបរ",
        "សន្តិសុខ",
        "ພະນັກງານເສີບ",
        "ຕ້ອນຮັບ",
        "ຂາຍ",
        "ພໍ່ຄົວ",
        "ນວດ",
        "ຄົນຂັບລົດ",
        "စားပွဲထိုး",
        "ဧည့်ကြို",
        "အရောင်း",
        "စားဖိုမှူး",
        "နှိပ်နယ်",
        "ယာဉ်မောင်း",
        "လုံခြုံရေး",
        "kusinero",
        "tindera",
        "weyter",
    ),
    "elementary": (
        "factory",
        "worker",
        "construction",
        "fishing",
        "fisherman",
        "domestic",
        "helper",
        "housemaid",
        "cleaner",
        "công nhân",
        "xây dựng",
        "đánh cá",
        "giúp việc",
        "工人",
        "普工",
        "建筑",
        "渔",
        "保姆",
        "家政",
        "清洁",
        "โรงงาน",
        "ก่อสร้าง",
        "ประมง",
        "แม่บ้าน",
        "buruh",
        "pabrik",
        "konstruksi",
        "nelayan",
        "pembantu",
        "រោងចក្រ",
        "កម្មករ",
        "សំណង់",
        "នេសាទ",
        "អ្នកបម្រើ",
        "ໂຮງງານ",
        "ກໍ່ສ້າງ",
        "ປະມົງ",
        "ແມ່ບ້ານ",
        "စက်ရုံ",
        "ဆောက်လုပ်ရေး",
        "ငါးဖမ်း",
        "အိမ်အကူ",
        "pabrika",
        "mangingisda",
        "kasambahay",
        "construction worker",
    ),
}
THRESHOLD = 2.5


@dataclass(frozen=True, slots=True)
class Plausibility:
    offered_usd: float
    typical_usd: float
    country: str
    occupation: str
    ratio: float
    source: str
    verified: bool = True

    def evidence(self) -> str:
        """The wage compared with, and where it comes from (or that nothing verified it)."""
        if self.verified:
            return self.source
        return f"typical wage unverified, an estimate: {self.source}"


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], tuple[float, str, bool]]:
    """(country, occupation) -> (typical monthly USD, source with year, verified)."""
    text = resources.files("tipnet.recruitment").joinpath("data/wages.csv").read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines()):
        out[(row["country"], row["occupation"])] = (
            float(row["monthly_usd"]),
            f"{row['source']} ({row['year']})",
            row["verified"].strip().lower() == "yes",
        )
    return out


@lru_cache(maxsize=1)
def _finders() -> tuple[list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]]]:
    # Matched on folded (lower-case) text.
    places = [(c, re.compile("|".join(re.escape(w.lower()) for w in ws))) for c, ws in PLACES.items()]
    occs = [(o, re.compile("|".join(re.escape(w.lower()) for w in ws))) for o, ws in OCCUPATIONS.items()]
    return places, occs


def country_of_work(text: str, language: str | None) -> str | None:
    """The country the advert names first (in folded text), else its language's country."""
    places, _ = _finders()
    text = _LANGUAGE_NAME.sub(lambda m: " " * len(m.group(0)), text)
    best: tuple[int, str] | None = None
    for country, rx in places:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), country)
    return best[1] if best else LANGUAGE_COUNTRY.get(language or "")


def occupation(text: str) -> str:
    _, occs = _finders()
    for occ, rx in occs:
        if rx.search(text):
            return occ
    return "all"


def plausibility(offered_usd: float, text: str, language: str | None) -> Plausibility:
    country = country_of_work(text, language)
    occ = occupation(text)
    tab = table()
    if country is None or (country, "all") not in tab:
        country, typical, source, verified = max(
            ((c, *v) for (c, o), v in tab.items() if o == occ), key=lambda r: r[1]
        )
        country = f"the region (highest: {country})"
    else:
        typical, source, verified = tab.get((country, occ)) or tab[(country, "all")]
    return Plausibility(offered_usd, typical, country, occ, round(offered_usd / typical, 2), source, verified)
