"""Countries, border posts, routes between them, and the places people live and are exploited in.

The scenario is the Mekong region and its neighbours: Cambodia, Thailand, Viet Nam, Lao PDR, Myanmar,
China, Malaysia, the Philippines and Indonesia, plus nationalities from further away that are recruited
into the region's scam compounds (India, Nepal, Bangladesh, Pakistan, Uganda, Kenya). Border posts and
airports are real crossing points; which of them a journey uses is a SCENARIO assumption.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tipnet.sim.rng import Weighted

# Nationalities with a name table (src/tipnet/sim/data/names_<code>.csv).
NATIONALITIES = (
    "KHM",
    "THA",
    "VNM",
    "CHN",
    "LAO",
    "MMR",
    "IDN",
    "PHL",
    "IND",
    "NPL",
    "BGD",
    "PAK",
    "UGA",
    "KEN",
)
REGIONAL = ("KHM", "THA", "VNM", "CHN", "LAO", "MMR", "IDN", "PHL")
# Names written in a script of their own (the NGO's prs_NameNative, the police's name_native).
NATIVE_SCRIPT = {"KHM", "THA", "VNM", "CHN", "LAO", "MMR"}

# SCENARIO: the nationality mix of ordinary travellers and bank customers (a Cambodian-centred data set).
ORDINARY_NATIONALITIES = Weighted.of(
    {
        "KHM": 0.30,
        "THA": 0.18,
        "VNM": 0.15,
        "CHN": 0.12,
        "LAO": 0.05,
        "MMR": 0.06,
        "IDN": 0.04,
        "PHL": 0.04,
        "IND": 0.015,
        "NPL": 0.008,
        "BGD": 0.01,
        "PAK": 0.007,
        "UGA": 0.005,
        "KEN": 0.005,
    }
)

LANGUAGE = {
    "KHM": "km",
    "THA": "th",
    "VNM": "vi",
    "CHN": "zh",
    "LAO": "lo",
    "MMR": "my",
    "IDN": "id",
    "PHL": "tl",
    "IND": "hi",
    "NPL": "ne",
    "BGD": "bn",
    "PAK": "ur",
    "UGA": "en",
    "KEN": "en",
    "MYS": "ms",
}
# Languages the adverts and hotline narratives are written in (templates exist for these).
TEXT_LANGUAGES = ("km", "th", "vi", "zh", "lo", "my", "id", "tl", "en")


def text_language(nationality: str) -> str:
    lang = LANGUAGE.get(nationality, "en")
    return lang if lang in TEXT_LANGUAGES else "en"


ALPHA2 = {
    "KHM": "KH",
    "THA": "TH",
    "VNM": "VN",
    "CHN": "CN",
    "LAO": "LA",
    "MMR": "MM",
    "IDN": "ID",
    "PHL": "PH",
    "MYS": "MY",
    "IND": "IN",
    "NPL": "NP",
    "BGD": "BD",
    "PAK": "PK",
    "UGA": "UG",
    "KEN": "KE",
}


@dataclass(frozen=True, slots=True)
class Post:
    """A border crossing point: an airport or a land checkpoint, in `country`."""

    name: str
    country: str
    air: bool


def _air(country: str, *names: str) -> tuple[Post, ...]:
    return tuple(Post(n, country, True) for n in names)


AIRPORTS: dict[str, tuple[Post, ...]] = {
    "KHM": _air("KHM", "Phnom Penh International Airport", "Siem Reap-Angkor International Airport"),
    "THA": _air("THA", "Suvarnabhumi Airport", "Don Mueang International Airport"),
    "VNM": _air("VNM", "Tan Son Nhat International Airport", "Noi Bai International Airport"),
    "LAO": _air("LAO", "Wattay International Airport"),
    "MMR": _air("MMR", "Yangon International Airport"),
    "CHN": _air("CHN", "Kunming Changshui International Airport", "Guangzhou Baiyun International Airport"),
    "PHL": _air("PHL", "Ninoy Aquino International Airport", "Clark International Airport"),
    "IDN": _air("IDN", "Soekarno-Hatta International Airport", "Juanda International Airport"),
    "MYS": _air("MYS", "Kuala Lumpur International Airport"),
}
# Countries whose immigration records are in the data set (each has an `<A2>-IMM` organisation).
RECORDING = frozenset(AIRPORTS)

# Land checkpoints in pairs (one post on each side of the border).
LAND_PAIRS: tuple[tuple[Post, Post], ...] = (
    (
        Post("Poipet International Checkpoint", "KHM", False),
        Post("Ban Khlong Luek (Aranyaprathet)", "THA", False),
    ),
    (Post("Cham Yeam International Checkpoint", "KHM", False), Post("Ban Hat Lek", "THA", False)),
    (Post("O'Smach Checkpoint", "KHM", False), Post("Chong Chom", "THA", False)),
    (
        Post("Bavet International Checkpoint", "KHM", False),
        Post("Moc Bai International Border Gate", "VNM", False),
    ),
    (Post("Trapeang Kriel Checkpoint", "KHM", False), Post("Nong Nok Khiene", "LAO", False)),
    (Post("Mae Sot (Friendship Bridge)", "THA", False), Post("Myawaddy", "MMR", False)),
    (Post("Mae Sai", "THA", False), Post("Tachileik", "MMR", False)),
    (Post("Ranong", "THA", False), Post("Kawthaung", "MMR", False)),
    (Post("Chiang Khong (Fourth Friendship Bridge)", "THA", False), Post("Huay Xai", "LAO", False)),
    (Post("Nong Khai (First Friendship Bridge)", "THA", False), Post("Thanaleng", "LAO", False)),
    (Post("Sadao", "THA", False), Post("Bukit Kayu Hitam", "MYS", False)),
    (Post("Lao Bao International Border Gate", "VNM", False), Post("Dansavanh", "LAO", False)),
    (Post("Lao Cai International Border Gate", "VNM", False), Post("Hekou", "CHN", False)),
    (Post("Mong Cai International Border Gate", "VNM", False), Post("Dongxing", "CHN", False)),
    (Post("Boten", "LAO", False), Post("Mohan", "CHN", False)),
    (Post("Muse", "MMR", False), Post("Ruili", "CHN", False)),
)
_LAND: dict[tuple[str, str], list[tuple[Post, Post]]] = {}
for _a, _b in LAND_PAIRS:
    _LAND.setdefault((_a.country, _b.country), []).append((_a, _b))
    _LAND.setdefault((_b.country, _a.country), []).append((_b, _a))


@dataclass(frozen=True, slots=True)
class Leg:
    """One border crossing: leaving `exit_post` (None if unrecorded) and arriving at `entry_post`."""

    origin: str
    destination: str
    exit_post: Post | None
    entry_post: Post | None
    air: bool


def leg(rng: random.Random, origin: str, destination: str, *, prefer_land: float = 0.6) -> Leg:
    """A crossing from `origin` to `destination`: by land where a checkpoint pair exists, else by air."""
    pairs = _LAND.get((origin, destination))
    if pairs and rng.random() < prefer_land:
        a, b = rng.choice(pairs)
        return Leg(origin, destination, a, b, False)
    out = AIRPORTS.get(origin)
    into = AIRPORTS.get(destination)
    return Leg(
        origin,
        destination,
        rng.choice(out) if out else None,
        rng.choice(into) if into else None,
        True,
    )


def land_leg(origin: str, destination: str, rng: random.Random) -> Leg:
    a, b = rng.choice(_LAND[(origin, destination)])
    return Leg(origin, destination, a, b, False)


def has_land(origin: str, destination: str) -> bool:
    return (origin, destination) in _LAND


# SCENARIO: where ordinary travellers of each nationality go.
TRAVEL_DESTINATIONS: dict[str, Weighted[str]] = {
    "KHM": Weighted.of({"THA": 0.45, "VNM": 0.25, "CHN": 0.1, "MYS": 0.1, "LAO": 0.05, "PHL": 0.05}),
    "THA": Weighted.of({"KHM": 0.3, "LAO": 0.25, "MYS": 0.2, "VNM": 0.1, "CHN": 0.1, "MMR": 0.05}),
    "VNM": Weighted.of({"KHM": 0.35, "THA": 0.25, "CHN": 0.2, "LAO": 0.15, "MYS": 0.05}),
    "CHN": Weighted.of({"THA": 0.3, "KHM": 0.25, "VNM": 0.2, "LAO": 0.1, "MMR": 0.05, "MYS": 0.1}),
    "LAO": Weighted.of({"THA": 0.6, "VNM": 0.2, "CHN": 0.15, "KHM": 0.05}),
    "MMR": Weighted.of({"THA": 0.7, "CHN": 0.15, "MYS": 0.15}),
    "IDN": Weighted.of({"MYS": 0.5, "THA": 0.2, "KHM": 0.1, "PHL": 0.1, "VNM": 0.1}),
    "PHL": Weighted.of({"THA": 0.3, "MYS": 0.2, "KHM": 0.2, "VNM": 0.15, "IDN": 0.15}),
}
FAR_DESTINATIONS = Weighted.of({"THA": 0.45, "MYS": 0.25, "KHM": 0.15, "VNM": 0.1, "PHL": 0.05})


def travel_destination(rng: random.Random, nationality: str) -> str:
    return TRAVEL_DESTINATIONS.get(nationality, FAR_DESTINATIONS).pick(rng)


@dataclass(frozen=True, slots=True)
class Place:
    """A town or province, in Latin letters and in the local script."""

    latin: str
    native: str
    country: str


def _places(country: str, pairs: str) -> tuple[Place, ...]:
    out = []
    for item in pairs.strip().splitlines():
        latin, native = item.split("|")
        out.append(Place(latin.strip(), native.strip(), country))
    return tuple(out)


# Home provinces (addresses).
PROVINCES: dict[str, tuple[Place, ...]] = {
    "KHM": _places(
        "KHM",
        """Prey Veng|ខេត្តព្រៃវែង
        Svay Rieng|ខេត្តស្វាយរៀង
        Kampong Cham|ខេត្តកំពង់ចាម
        Battambang|ខេត្តបាត់ដំបង
        Banteay Meanchey|ខេត្តបន្ទាយមានជ័យ
        Takeo|ខេត្តតាកែវ
        Kandal|ខេត្តកណ្ដាល
        Siem Reap|ខេត្តសៀមរាប
        Phnom Penh|រាជធានីភ្នំពេញ
        Kampong Thom|ខេត្តកំពង់ធំ""",
    ),
    "THA": _places(
        "THA",
        """Udon Thani|จังหวัดอุดรธานี
        Khon Kaen|จังหวัดขอนแก่น
        Nakhon Phanom|จังหวัดนครพนม
        Buriram|จังหวัดบุรีรัมย์
        Surin|จังหวัดสุรินทร์
        Sisaket|จังหวัดศรีสะเกษ
        Chiang Rai|จังหวัดเชียงราย
        Bangkok|กรุงเทพมหานคร
        Nakhon Ratchasima|จังหวัดนครราชสีมา""",
    ),
    "VNM": _places(
        "VNM",
        """Nghe An|Nghệ An
        Ha Tinh|Hà Tĩnh
        Thanh Hoa|Thanh Hóa
        Ha Noi|Hà Nội
        Ho Chi Minh City|TP. Hồ Chí Minh
        An Giang|An Giang
        Quang Binh|Quảng Bình
        Lao Cai|Lào Cai""",
    ),
    "CHN": _places(
        "CHN",
        """Yunnan|云南省
        Guangxi|广西壮族自治区
        Fujian|福建省
        Sichuan|四川省
        Henan|河南省
        Hunan|湖南省
        Guangdong|广东省""",
    ),
    "LAO": _places(
        "LAO",
        """Vientiane Capital|ນະຄອນຫຼວງວຽງຈັນ
        Savannakhet|ແຂວງສະຫວັນນະເຂດ
        Champasak|ແຂວງຈຳປາສັກ
        Bokeo|ແຂວງບໍ່ແກ້ວ
        Luang Prabang|ແຂວງຫຼວງພະບາງ
        Khammouane|ແຂວງຄຳມ່ວນ""",
    ),
    "MMR": _places(
        "MMR",
        """Yangon|ရန်ကုန်တိုင်းဒေသကြီး
        Mandalay|မန္တလေးတိုင်းဒေသကြီး
        Kayin State|ကရင်ပြည်နယ်
        Mon State|မွန်ပြည်နယ်
        Ayeyarwady|ဧရာဝတီတိုင်းဒေသကြီး
        Bago|ပဲခူးတိုင်းဒေသကြီး""",
    ),
    "IDN": _places(
        "IDN",
        """Jawa Timur|Jawa Timur
        Jawa Tengah|Jawa Tengah
        Jawa Barat|Jawa Barat
        Nusa Tenggara Barat|Nusa Tenggara Barat
        Nusa Tenggara Timur|Nusa Tenggara Timur
        Sumatera Utara|Sumatera Utara""",
    ),
    "PHL": _places(
        "PHL",
        """Pampanga|Pampanga
        Cebu|Cebu
        Iloilo|Iloilo
        Metro Manila|Metro Manila
        Davao del Sur|Davao del Sur
        Pangasinan|Pangasinan""",
    ),
    "IND": _places("IND", "Uttar Pradesh|Uttar Pradesh\nBihar|Bihar\nKerala|Kerala\nTamil Nadu|Tamil Nadu"),
    "NPL": _places("NPL", "Bagmati|Bagmati\nKoshi|Koshi\nLumbini|Lumbini"),
    "BGD": _places("BGD", "Dhaka|Dhaka\nChattogram|Chattogram\nSylhet|Sylhet"),
    "PAK": _places("PAK", "Punjab|Punjab\nSindh|Sindh\nKhyber Pakhtunkhwa|Khyber Pakhtunkhwa"),
    "UGA": _places("UGA", "Kampala|Kampala\nWakiso|Wakiso\nMbarara|Mbarara"),
    "KEN": _places("KEN", "Nairobi|Nairobi\nMombasa|Mombasa\nKisumu|Kisumu"),
}

VILLAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "KHM": (
        ("Phum Thmei", "ភូមិថ្មី"),
        ("Phum Chas", "ភូមិចាស់"),
        ("Phum Kandal", "ភូមិកណ្ដាល"),
        ("Phum Tuol", "ភូមិទួល"),
        ("Phum Prek", "ភូមិព្រែក"),
        ("Phum Trapeang", "ភូមិត្រពាំង"),
    ),
    "THA": (
        ("Ban Nong Bua", "บ้านหนองบัว"),
        ("Ban Non Sung", "บ้านโนนสูง"),
        ("Ban Don", "บ้านดอน"),
        ("Ban Na", "บ้านนา"),
        ("Ban Mai", "บ้านใหม่"),
    ),
    "VNM": (
        ("Thon Dong", "Thôn Đông"),
        ("Thon Tay", "Thôn Tây"),
        ("Xom Moi", "Xóm Mới"),
        ("Thon Trung", "Thôn Trung"),
    ),
    "CHN": (("Xincun", "新村"), ("Dongcun", "东村"), ("Daping", "大坪"), ("Shangzhai", "上寨")),
    "LAO": (("Ban Phonxay", "ບ້ານໂພນໄຊ"), ("Ban Nongbone", "ບ້ານໜອງບອນ"), ("Ban Naxay", "ບ້ານນາໄຊ")),
    "MMR": (("Ward 5", "ရပ်ကွက် (၅)"), ("Ward 2", "ရပ်ကွက် (၂)"), ("Ward 8", "ရပ်ကွက် (၈)")),
    "IDN": (
        ("Desa Sukamaju", "Desa Sukamaju"),
        ("Desa Mekarsari", "Desa Mekarsari"),
        ("Desa Sidomulyo", "Desa Sidomulyo"),
    ),
    "PHL": (("Barangay San Jose", "Barangay San Jose"), ("Barangay Poblacion", "Barangay Poblacion")),
}
_DEFAULT_VILLAGES = (("Ward 3", "Ward 3"), ("Ward 7", "Ward 7"), ("Ward 11", "Ward 11"))


@dataclass(frozen=True, slots=True)
class Home:
    """Where someone lives; families share it."""

    country: str
    house: int
    village: tuple[str, str]
    province: Place

    def latin(self) -> str:
        return f"No. {self.house}, {self.village[0]}, {self.province.latin}"

    def native(self) -> str:
        return f"{self.house} {self.village[1]} {self.province.native}"


def draw_home(rng: random.Random, country: str) -> Home:
    return Home(
        country,
        rng.randint(1, 250),
        rng.choice(VILLAGES.get(country, _DEFAULT_VILLAGES)),
        rng.choice(PROVINCES[country]),
    )


# Places of exploitation by destination country.
EXPLOITATION_SITES: dict[str, tuple[Place, ...]] = {
    "scam:KHM": _places(
        "KHM",
        """Sihanoukville|ក្រុងព្រះសីហនុ
        Bavet|ក្រុងបាវិត
        Poipet|ក្រុងប៉ោយប៉ែត
        Phnom Penh|ភ្នំពេញ
        O'Smach|អូរស្មាច់""",
    ),
    "scam:MMR": _places(
        "MMR",
        """Myawaddy (KK Park)|မြဝတီ
        Shwe Kokko|ရွှေကုက္ကို
        Tachileik|တာချီလိတ်
        Laukkai|လောက်ကိုင်""",
    ),
    "scam:LAO": _places(
        "LAO",
        """Golden Triangle SEZ|ເຂດເສດຖະກິດພິເສດສາມຫຼ່ຽມຄຳ
        Ton Pheung, Bokeo|ຕົ້ນເຜິ້ງ ແຂວງບໍ່ແກ້ວ""",
    ),
    "scam:PHL": _places("PHL", "Bamban, Tarlac|Bamban, Tarlac\nPorac, Pampanga|Porac, Pampanga"),
    "fishing:THA": _places("THA", "Samut Sakhon|สมุทรสาคร\nSongkhla|สงขลา\nRanong|ระนอง\nPattani|ปัตตานี"),
    "construction:THA": _places("THA", "Bangkok|กรุงเทพมหานคร\nChonburi|ชลบุรี\nPhuket|ภูเก็ต"),
    "construction:MYS": _places("MYS", "Kuala Lumpur|Kuala Lumpur\nJohor Bahru|Johor Bahru"),
    "domestic_work:MYS": _places(
        "MYS", "Kuala Lumpur|Kuala Lumpur\nPenang|Pulau Pinang\nJohor Bahru|Johor Bahru"
    ),
    "domestic_work:THA": _places("THA", "Bangkok|กรุงเทพมหานคร\nChiang Mai|เชียงใหม่"),
    "sexual_exploitation:THA": _places("THA", "Bangkok|กรุงเทพมหานคร\nPattaya|พัทยา\nHat Yai|หาดใหญ่"),
    "sexual_exploitation:MYS": _places("MYS", "Kuala Lumpur|Kuala Lumpur\nJohor Bahru|Johor Bahru"),
    "sexual_exploitation:KHM": _places("KHM", "Phnom Penh|ភ្នំពេញ\nSiem Reap|សៀមរាប"),
    "forced_marriage:CHN": _places("CHN", "Henan|河南省\nShandong|山东省\nAnhui|安徽省\nJiangsu|江苏省"),
}


def site(rng: random.Random, kind: str, country: str) -> Place:
    return rng.choice(EXPLOITATION_SITES[f"{'scam' if kind == 'scam_compound' else kind}:{country}"])
