# SPDX-License-Identifier: Apache-2.0
"""Name material per culture, written for this generator from general knowledge of each country's
naming conventions (see README.md for the facts each list rests on). Frequencies are approximate
relative weights, not census figures, except where README.md names a published estimate.

A token is one name word as a person owns it: its native-script form (None for cultures written in
Latin), its romanizations with the usual one first, and, for Han names, the traditional form and the
readings of other romanization systems.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tok:
    native: str | None
    latin: tuple[str, ...]
    trad: str | None = None
    systems: tuple[tuple[str, str], ...] = ()  # (system, latin): wade, canto, hokkien
    thai: str | None = None  # Thai-script transcription (how a Thai clerk writes it)
    alt_native: tuple[str, ...] = ()  # other native spellings in use

    def system(self, name: str) -> str | None:
        for key, value in self.systems:
            if key == name:
                return value
        return None


@dataclass
class Weighted:
    items: list = field(default_factory=list)
    weights: list = field(default_factory=list)

    def add(self, item, weight: float) -> None:
        self.items.append(item)
        self.weights.append(weight)

    def pick(self, rng):
        return rng.choices(self.items, weights=self.weights, k=1)[0]


def _w(rows) -> Weighted:
    table = Weighted()
    for row in rows:
        *tok, weight = row
        table.add(tok, weight)
    return table


# ---------------------------------------------------------------- Khmer (Cambodia)
# Family name first ("Sok Dara"). A few surnames cover much of the population.
KHM_FAMILY = _w(
    [
        ("សុខ", ("Sok", "Sokh", "Sokk"), 90),
        ("ចាន់", ("Chan", "Chann", "Chanh"), 60),
        ("គីម", ("Kim", "Kimm"), 50),
        ("ហេង", ("Heng", "Hieng"), 40),
        ("ជា", ("Chea", "Chear", "Chia"), 40),
        ("លី", ("Ly", "Lee", "Li"), 35),
        ("លឹម", ("Lim", "Leum", "Lum"), 30),
        ("សេង", ("Seng", "Sieng"), 30),
        ("កែវ", ("Keo", "Kaev", "Keu", "Kev"), 30),
        ("ហ៊ុន", ("Hun", "Hunn", "Hoon"), 25),
        ("មាស", ("Meas", "Mias", "Meah"), 25),
        ("សំ", ("Sam", "Samm", "Som"), 20),
        ("ឈុន", ("Chhun", "Chun"), 15),
        ("ស៊ុន", ("Sun", "Soun", "Son"), 15),
        ("ពេជ្រ", ("Pich", "Pech", "Pic"), 15),
        ("ប្រាក់", ("Prak", "Brak", "Prakh"), 15),
        ("ម៉ៅ", ("Mao", "Mau"), 15),
        ("ទូច", ("Touch", "Toch", "Tuch"), 12),
        ("អ៊ុក", ("Ouk", "Uk", "Ok"), 12),
        ("ឆាយ", ("Chhay", "Chay", "Chhai"), 12),
        ("វង្ស", ("Vong", "Vung", "Wong"), 12),
        ("ញឹម", ("Nhem", "Nhim", "Nhoem"), 10),
        ("យឹម", ("Yim", "Yoem", "Yem"), 10),
        ("ផាន់", ("Phan", "Phann", "Pan"), 10),
        ("ឡុង", ("Long", "Loung"), 10),
        ("នួន", ("Nuon", "Noun", "Nun"), 10),
        ("ប៉ែន", ("Pen", "Paen", "Pehn"), 8),
        ("ហែម", ("Hem", "Haem"), 8),
        ("ម៉ែន", ("Men", "Maen"), 8),
        ("ទេព", ("Tep", "Tip", "Teb"), 8),
        ("រស់", ("Ros", "Ruos", "Rous"), 8),
        ("តាន់", ("Tan", "Tann"), 8),
        ("សោម", ("Som", "Saom", "Soam"), 6),
        ("សាយ", ("Say", "Sai"), 6),
        ("ឃុន", ("Khun", "Khon"), 6),
        ("ឯក", ("Ek", "Aek", "Eak"), 6),
        ("អ៊ឹង", ("Ung", "Oeung", "Eung"), 6),
        ("ឈិម", ("Chhim", "Chim"), 6),
        ("ខៀវ", ("Khiev", "Khieu", "Kheav"), 6),
        ("វ៉ាន់", ("Van", "Vann", "Vanh"), 6),
        ("ព្រំ", ("Prom", "Brom", "Phrom"), 5),
        ("សួន", ("Suon", "Soun", "Suan"), 5),
        ("អ៊ុំ", ("Um", "Oum", "Om"), 5),
        ("ចេង", ("Cheng", "Ceng"), 5),
        ("ហួត", ("Huot", "Hout", "Huat"), 4),
        ("ម៉ុក", ("Mok", "Mouk"), 4),
        ("នូ", ("Nou", "Nu"), 4),
        ("ឈឿន", ("Chhoeun", "Choeun", "Chhuon"), 4),
    ]
)
KHM_GIVEN_M = _w(
    [
        ("ដារ៉ា", ("Dara", "Darha", "Dala"), 30),
        ("សុខា", ("Sokha", "Sokhar", "Sokhaa"), 20),
        ("វណ្ណៈ", ("Vannak", "Vanak", "Vannakh"), 15),
        ("ពិសិដ្ឋ", ("Piseth", "Pisith", "Piset"), 15),
        ("រិទ្ធី", ("Rithy", "Rithi", "Ritthy"), 15),
        ("សុភ័ក្រ", ("Sopheak", "Sophiak", "Sopheakh"), 12),
        ("វិសាល", ("Visal", "Visaal", "Wisal"), 12),
        ("វាសនា", ("Veasna", "Vesna", "Veasnar"), 15),
        ("សុវណ្ណ", ("Sovann", "Sovan", "Sowann"), 12),
        ("ចន្ថា", ("Chantha", "Chanta", "Chanthar"), 10),
        ("ប៊ុនធឿន", ("Bunthoeun", "Bunthoeurn", "Bunthon"), 8),
        ("សុផល", ("Sophal", "Sophall", "Sopal"), 12),
        ("សំណាង", ("Samnang", "Somnang", "Samnag"), 15),
        ("វុទ្ធី", ("Vuthy", "Vuthi", "Vutthy"), 12),
        ("កុសល", ("Kosal", "Kossal", "Kusal"), 10),
        ("រតនា", ("Rathana", "Ratana", "Rattana"), 10),
        ("ណារិទ្ធ", ("Narith", "Narit", "Nareth"), 8),
        ("មករា", ("Makara", "Makkara", "Makar"), 8),
        ("ភិរុណ", ("Phirun", "Pirun", "Phirum"), 8),
        ("ធារ៉ា", ("Theara", "Thera", "Theara"), 8),
        ("ចំរើន", ("Chamroeun", "Chamroen", "Chamreun"), 8),
        ("សម្បត្តិ", ("Sambath", "Sambat", "Sombath"), 10),
        ("បញ្ញា", ("Panha", "Pagna", "Banha"), 10),
        ("វីរៈ", ("Vireak", "Virak", "Viriak"), 8),
        ("សារ៉ាត", ("Sarath", "Sarat", "Sarath"), 8),
        ("សុភាព", ("Sopheap", "Sophiep", "Sopeap"), 6),
    ]
)
KHM_GIVEN_F = _w(
    [
        ("ស្រីមុំ", ("Sreymom", "Srey Mom", "Sreimom", "Srey Mum"), 12),
        ("ស្រីនាង", ("Sreyneang", "Srey Neang", "Sreineang"), 10),
        ("ស្រីពៅ", ("Sreypov", "Srey Pov", "Sreypeou"), 10),
        ("ស្រីល័ក្ខ", ("Sreyleak", "Srey Leak", "Sreyliak"), 8),
        ("ស្រីពេជ្រ", ("Sreypich", "Srey Pich", "Sreypech"), 8),
        ("ស្រីអូន", ("Sreyoun", "Srey Oun", "Sreyon"), 6),
        ("សុភា", ("Sophea", "Sophia", "Sopha"), 12),
        ("ចន្ទនារី", ("Channary", "Chanary", "Chantnary"), 8),
        ("បុប្ផា", ("Bopha", "Bupha", "Bophar"), 10),
        ("សុគន្ធា", ("Sokunthea", "Sokunthia", "Sokuntea"), 6),
        ("ចាន់ធី", ("Chanthy", "Chanthi", "Chanty"), 8),
        ("លក្ខិណា", ("Leakhena", "Leakena", "Lakhena"), 8),
        ("គន្ធា", ("Kunthea", "Kanthea", "Kunthia"), 8),
        ("ម្លិះ", ("Malis", "Mlis", "Maly"), 6),
        ("រស្មី", ("Raksmey", "Reaksmey", "Rasmey", "Raksmei"), 10),
        ("សុជាតា", ("Socheata", "Sochiata", "Sochata"), 6),
        ("ដាវី", ("Davy", "Davi", "Dawy"), 8),
        ("ធីតា", ("Thida", "Theda", "Tida"), 10),
        ("សុខលី", ("Sokly", "Sokhly", "Sokhli"), 8),
        ("ណារី", ("Nary", "Nari", "Narie"), 8),
        ("វណ្ណា", ("Vanna", "Vana", "Wanna"), 8),
        ("ចាន់ណា", ("Channa", "Chana", "Chanah"), 6),
        ("សុខា", ("Sokha", "Sokhar", "Sokhaa"), 8),
        ("ពិសី", ("Pisey", "Pisei", "Pisy"), 8),
        ("សុភាព", ("Sopheap", "Sophiep", "Sopeap"), 6),
    ]
)
# Other spellings of the same name in Khmer script that clerks use.
KHM_ALT_NATIVE = {
    "ដារ៉ា": ("ដារា",),
    "សុភ័ក្រ": ("សុភ័ក្ត្រ",),
    "វណ្ណៈ": ("វណ្ណះ",),
    "ពេជ្រ": ("ពេជ",),
    "ចន្ថា": ("ចាន់ថា",),
    "ធីតា": ("ធិតា",),
}
KHM_TITLES = {"M": ("លោក",), "F": ("អ្នកស្រី", "កញ្ញា")}

# ---------------------------------------------------------------- Thai
# Given name first, then a family name. Surnames were registered to be distinct per family (Surname
# Act 1913), so most are long compounds of Pali/Sanskrit morphemes and rare; those of Chinese
# descent often start with "Sae" (แซ่, "clan") plus the clan name.
THA_MORPHEMES = [
    ("ศรี", ("Si", "Sri")),
    ("สุข", ("Suk", "Sook")),
    ("ชัย", ("Chai", "Chay")),
    ("วงศ์", ("Wong", "Vong", "Wongse")),
    ("เจริญ", ("Charoen", "Jaroen", "Jarern")),
    ("ทอง", ("Thong", "Tong")),
    ("แก้ว", ("Kaeo", "Kaew", "Keaw")),
    ("บุญ", ("Bun", "Boon")),
    ("รัตน", ("Rattana", "Ratana")),
    ("สุวรรณ", ("Suwanna", "Suwan", "Suvarna")),
    ("พงษ์", ("Phong", "Pong")),
    ("ศักดิ์", ("Sak", "Sakdi")),
    ("กุล", ("Kun", "Kul")),
    ("ประเสริฐ", ("Prasoet", "Prasert")),
    ("วิริยะ", ("Wiriya", "Viriya")),
    ("มงคล", ("Mongkhon", "Mongkol")),
    ("สมบัติ", ("Sombat", "Sombut")),
    ("ธรรม", ("Tham", "Thamma", "Dham")),
    ("อนันต์", ("Anan", "Anant")),
    ("พันธ์", ("Phan", "Pan")),
    ("เลิศ", ("Loet", "Lert", "Lerd")),
    ("สวัสดิ์", ("Sawat", "Sawasdi", "Sawad")),
    ("มณี", ("Mani", "Manee")),
    ("จันทร์", ("Chan", "Jan")),
    ("ใจ", ("Chai", "Jai")),
    ("ดี", ("Di", "Dee")),
    ("แสง", ("Saeng", "Sang")),
    ("วัฒน", ("Watthana", "Wattana", "Vadhana")),
    ("นิมิต", ("Nimit", "Nimitr")),
    ("ภักดี", ("Phakdi", "Pakdee")),
    ("สิริ", ("Siri", "Sirri")),
    ("วาณิช", ("Wanit", "Vanich")),
    ("ไพศาล", ("Phaisan", "Paisarn", "Phaisal")),
    ("อุดม", ("Udom", "Udomm")),
    ("รุ่งเรือง", ("Rungrueang", "Rungruang")),
    ("เดช", ("Det", "Dech")),
    ("ชาติ", ("Chat", "Chart")),
]
THA_COMMON_FAMILY = _w(
    [
        ("แซ่ตั้ง", ("Saetang", "Sae-tang", "Sae Tang"), 8),
        ("แซ่ลิ้ม", ("Saelim", "Sae-lim", "Sae Lim"), 6),
        ("แซ่ลี้", ("Saeli", "Saelee", "Sae-lee"), 5),
        ("ศรีสุข", ("Sisuk", "Srisuk", "Srisook"), 5),
        ("ทองดี", ("Thongdi", "Thongdee", "Tongdee"), 5),
        ("บุญมา", ("Bunma", "Boonma"), 5),
        ("ใจดี", ("Chaidi", "Jaidee", "Chaidee"), 4),
        ("แสงทอง", ("Saengthong", "Sangthong", "Saengtong"), 4),
        ("สมบูรณ์", ("Sombun", "Somboon", "Somboonn"), 4),
        ("บุญเรือง", ("Bunrueang", "Boonruang", "Boonrueang"), 3),
        ("พรหมมา", ("Phromma", "Promma"), 3),
        ("จันทร์แก้ว", ("Chankaeo", "Jankaew", "Chankaew"), 3),
    ]
)
THA_GIVEN_M = _w(
    [
        ("สมชาย", ("Somchai", "Somchay"), 12),
        ("สมศักดิ์", ("Somsak", "Somsakdi"), 10),
        ("ประยุทธ", ("Prayut", "Prayuth", "Prayoot"), 5),
        ("วิชัย", ("Wichai", "Vichai", "Wichay"), 8),
        ("สุรศักดิ์", ("Surasak", "Surasuk"), 6),
        ("ธนากร", ("Thanakon", "Thanakorn", "Tanakorn"), 8),
        ("อนุชา", ("Anucha", "Anuchar"), 6),
        ("กิตติ", ("Kitti", "Kittee"), 6),
        ("ณัฐพล", ("Natthaphon", "Nattapon", "Nattaphol"), 8),
        ("พงศกร", ("Phongsakon", "Pongsakorn", "Phongsakorn"), 7),
        ("สุนทร", ("Sunthon", "Soonthorn", "Sunthorn"), 5),
        ("ชัยวัฒน์", ("Chaiwat", "Chaiwatt", "Chaiwath"), 6),
        ("ประเสริฐ", ("Prasoet", "Prasert", "Prasertt"), 5),
        ("สมบัติ", ("Sombat", "Sombut"), 5),
        ("อำนาจ", ("Amnat", "Amnart", "Amnaj"), 5),
        ("วีระ", ("Wira", "Weera", "Veera"), 5),
        ("ธีรพงษ์", ("Thiraphong", "Teerapong", "Theerapong"), 5),
        ("ศุภชัย", ("Supphachai", "Supachai", "Suphachai"), 5),
        ("เอกชัย", ("Ekkachai", "Ekachai", "Akkachai"), 5),
        ("ณรงค์", ("Narong", "Narongk"), 5),
        ("บุญชัย", ("Bunchai", "Boonchai"), 4),
        ("สุชาติ", ("Suchat", "Suchart"), 4),
        ("สมพงษ์", ("Somphong", "Sompong"), 5),
    ]
)
THA_GIVEN_F = _w(
    [
        ("สมหญิง", ("Somying", "Somyingg"), 6),
        ("มาลี", ("Mali", "Malee"), 8),
        ("นภา", ("Napha", "Napa"), 6),
        ("สุดา", ("Suda", "Sudaa"), 6),
        ("วันดี", ("Wandi", "Wandee"), 6),
        ("อรุณี", ("Aruni", "Arunee"), 5),
        ("ปราณี", ("Prani", "Pranee"), 6),
        ("กาญจนา", ("Kanchana", "Kanjana"), 8),
        ("พรทิพย์", ("Phonthip", "Porntip", "Pornthip"), 7),
        ("สุภาพร", ("Suphaphon", "Supaporn", "Suphaporn"), 7),
        ("จันทร์เพ็ญ", ("Chanphen", "Janpen", "Chanpen"), 5),
        ("ศิริพร", ("Siriphon", "Siriporn"), 7),
        ("นิภา", ("Nipha", "Nipa"), 5),
        ("รัตนา", ("Rattana", "Ratana"), 6),
        ("อัญชลี", ("Anchali", "Anchalee", "Unchalee"), 5),
        ("ดวงใจ", ("Duangchai", "Duangjai"), 5),
        ("บุษบา", ("Butsaba", "Bussaba", "Budsaba"), 4),
        ("สมศรี", ("Somsi", "Somsri"), 5),
        ("เพ็ญศรี", ("Phensi", "Pensri", "Phensri"), 4),
        ("อำไพ", ("Amphai", "Ampai"), 4),
        ("ปิยะนุช", ("Piyanut", "Piyanuch"), 5),
        ("วิไลวรรณ", ("Wilaiwan", "Vilaiwan", "Wilaiwun"), 5),
    ]
)
THA_NICKNAMES = [
    ("นก", ("Nok",)),
    ("ปู", ("Pu", "Poo")),
    ("แดง", ("Daeng", "Dang")),
    ("หมู", ("Mu", "Moo")),
    ("เล็ก", ("Lek", "Leck")),
    ("น้อย", ("Noi", "Noy")),
    ("แอน", ("Aen", "Ann")),
    ("ต้น", ("Ton", "Tonn")),
    ("เก่ง", ("Keng", "Geng")),
    ("บอย", ("Boi", "Boy")),
    ("กุ้ง", ("Kung", "Goong")),
    ("ปลา", ("Pla", "Plaa")),
    ("มด", ("Mot", "Mod")),
    ("ฝน", ("Fon", "Fonn")),
    ("อ้อม", ("Om", "Aom")),
    ("จอย", ("Choi", "Joy")),
    ("ตุ๊ก", ("Tuk", "Took")),
    ("ก้อย", ("Koi", "Goy")),
    ("แป้ง", ("Paeng", "Pang")),
    ("เบียร์", ("Bia", "Beer")),
]
THA_TITLES = {"M": ("นาย",), "F": ("นาง", "นางสาว", "น.ส.")}

# ---------------------------------------------------------------- Lao
# Given name first, then family name, as in Thai; romanized in the French tradition (ou, x, final h).
# Morphemes: (Lao, Latin).
LAO_M = {
    "phom": ("ພົມ", "Phom"),
    "ma": ("ມະ", "ma"),
    "vong": ("ວົງ", "vong"),
    "si": ("ສີ", "Si"),
    "sou": ("ສຸ", "sou"),
    "vanh": ("ວັນ", "vanh"),
    "na": ("ນະ", "na"),
    "keo": ("ແກ້ວ", "Keo"),
    "kham": ("ຄຳ", "Kham"),
    "chanh": ("ຈັນ", "chanh"),
    "tha": ("ທະ", "tha"),
    "xay": ("ໄຊ", "Xay"),
    "sa": ("ສະ", "sa"),
    "vath": ("ຫວາດ", "vath"),
    "in": ("ອິນ", "In"),
    "douang": ("ດວງ", "Douang"),
    "seng": ("ແສງ", "Seng"),
    "phanh": ("ພັນ", "phanh"),
    "sone": ("ສອນ", "sone"),
    "phou": ("ພູ", "phou"),
    "my": ("ມີ", "my"),
    "boun": ("ບຸນ", "Boun"),
    "souk": ("ສຸກ", "Souk"),
    "phay": ("ໄພ", "phay"),
    "thong": ("ທອງ", "thong"),
    "la": ("ລາ", "la"),
    "savanh": ("ສະຫວັນ", "savanh"),
    "phone": ("ພອນ", "phone"),
    "ny": ("ນີ", "ny"),
    "da": ("ດາ", "da"),
    "ya": ("ຍະ", "ya"),
    "phim": ("ພິມ", "Phim"),
    "som": ("ສົມ", "Som"),
    "vi": ("ວິ", "Vi"),
    "lay": ("ໄລ", "lay"),
    "phet": ("ເພັດ", "Phet"),
    "mone": ("ໝອນ", "mone"),
    "vieng": ("ວຽງ", "Vieng"),
    "don": ("ດອນ", "done"),
    "thavy": ("ທະວີ", "thavy"),
    "phonh": ("ໂພນ", "Phone"),
    "noy": ("ນ້ອຍ", "Noy"),
    "aloun": ("ອາລຸນ", "Aloun"),
    "dy": ("ດີ", "dy"),
}
LAO_FAMILY = [
    (("phom", "ma", "chanh"), 8),
    (("si", "sou", "vanh"), 6),
    (("keo", "ma", "ny"), 6),
    (("si", "sa", "vath"), 6),
    (("phom", "ma", "vong"), 6),
    (("in", "tha", "vong"), 6),
    (("kham", "phou", "my"), 5),
    (("seng", "da", "la"), 4),
    (("xay", "ya", "vong"), 6),
    (("douang", "chanh"), 4),
    (("sou", "vanh", "na", "vong"), 4),
    (("vong", "sa"), 4),
    (("chanh", "tha", "vong"), 5),
    (("phim", "ma", "sone"), 4),
    (("boun", "my"), 3),
    (("si", "phanh", "don"), 4),
    (("kham", "seng"), 3),
    (("xay", "ya", "sone"), 4),
    (("thong", "savanh"), 3),
    (("keo", "boun", "phanh"), 3),
]
LAO_GIVEN_M = [
    (("souk", "savanh"), 6),
    (("kham", "phone"), 6),
    (("boun", "my"), 5),
    (("som", "phone"), 6),
    (("vi", "lay"), 4),
    (("phonh", "savanh"), 5),
    (("noy",), 3),
    (("keo",), 3),
    (("thong", "dy"), 3),
    (("xay", "ya"), 2),
    (("aloun",), 3),
]
LAO_GIVEN_F = [
    (("ma", "ny", "vone"), 6),
    (("kham", "la"), 5),
    (("phet", "sa", "mone"), 5),
    (("chanh", "tha", "la"), 5),
    (("sou", "pha", "phone"), 5),
    (("vieng", "kham"), 5),
    (("boun", "thavy"), 4),
    (("som", "sy"), 4),
    (("si", "da"), 3),
    (("na", "ly"), 3),
    (("noy",), 3),
    (("aloun",), 2),
]
LAO_M.update(
    {
        "vone": ("ວອນ", "vone"),
        "pha": ("ພາ", "pha"),
        "sy": ("ສີ", "sy"),
        "ly": ("ລີ", "ly"),
    }
)
LAO_TITLES = {"M": ("ທ້າວ",), "F": ("ນາງ",)}

# Lao letters to Thai letters: a Thai clerk writing a Lao name spells it with the matching Thai letter.
LAO_TO_THAI = {
    "ກ": "ก", "ຂ": "ข", "ຄ": "ค", "ງ": "ง", "ຈ": "จ", "ຊ": "ซ", "ຍ": "ย", "ດ": "ด", "ຕ": "ต",
    "ຖ": "ถ", "ທ": "ท", "ນ": "น", "ບ": "บ", "ປ": "ป", "ຜ": "ผ", "ຝ": "ฝ", "ພ": "พ", "ຟ": "ฟ",
    "ມ": "ม", "ຢ": "ย", "ຣ": "ร", "ລ": "ล", "ວ": "ว", "ສ": "ส", "ຫ": "ห", "ອ": "อ", "ຮ": "ฮ",
    "ະ": "ะ", "ັ": "ั", "າ": "า", "ຳ": "ำ", "ິ": "ิ", "ີ": "ี", "ຶ": "ึ", "ື": "ื", "ຸ": "ุ",
    "ູ": "ู", "ົ": "", "ຼ": "ล", "ເ": "เ", "ແ": "แ", "ໂ": "โ", "ໃ": "ใ", "ໄ": "ไ", "່": "่",
    "້": "้", "໊": "๊", "໋": "๋", "ໍ": "", "ໝ": "หม", "ໜ": "หน",
}  # fmt: skip


def lao_to_thai(text: str) -> str:
    """Spell a Lao-script name with Thai letters (ຽ, the semivowel ia, becomes เ–ีย)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if i + 1 < len(text) and text[i + 1] == "ຽ":  # consonant + ຽ: เ C ีย
            out.append("เ" + LAO_TO_THAI.get(ch, ch) + "ีย")
            i += 2
            continue
        out.append(LAO_TO_THAI.get(ch, ch))
        i += 1
    return "".join(out)


# ---------------------------------------------------------------- Burmese (Myanmar)
# No family name: a name is one to four syllables chosen for the person (often by the day of birth),
# with honorifics (U, Daw, Ko, Ma, Maung) used in address and often written into records.
# (Burmese, Latin variants, Thai transcription, gender lean M/F/U)
MMR_SYLLABLES = [
    ("အောင်", ("Aung",), "อ่อง", "M", 14),
    ("ကျော်", ("Kyaw", "Kyawe", "Chaw"), "จ่อ", "M", 12),
    ("မင်း", ("Min", "Minn"), "มิน", "M", 12),
    ("ဝင်း", ("Win", "Winn"), "วิน", "U", 12),
    ("စိုး", ("Soe", "So", "Soh"), "โซ", "M", 8),
    ("မြင့်", ("Myint", "Myin", "Mying"), "มยินต์", "U", 7),
    ("သိန်း", ("Thein", "Thien", "Thane"), "เต็ง", "M", 6),
    ("နိုင်", ("Naing", "Nai", "Naig"), "หน่าย", "M", 8),
    ("ဇော်", ("Zaw", "Zau"), "ซอ", "M", 8),
    ("လှိုင်", ("Hlaing", "Laing", "Hlaine"), "หล่าย", "U", 6),
    ("ထွန်း", ("Htun", "Tun", "Htoon"), "ตุน", "M", 8),
    ("ဦး", ("Oo", "U", "Oou"), "อู", "M", 5),
    ("မိုး", ("Moe", "Mo", "Moh"), "โม", "U", 5),
    ("သန့်", ("Thant", "Than", "Thandt"), "ถั่น", "M", 4),
    ("ခင်", ("Khin", "Khing", "Kin"), "ขิ่น", "F", 12),
    ("အေး", ("Aye", "Ei", "Aey"), "เอ", "U", 12),
    ("မြ", ("Mya", "Myar"), "เมียะ", "F", 8),
    ("စု", ("Su", "Soo", "Suu"), "ซู", "F", 8),
    ("နွယ်", ("Nwe", "Nway", "Nwae"), "นเว", "F", 6),
    ("စန်း", ("San", "Sann"), "ซาน", "F", 6),
    ("သန္တာ", ("Thandar", "Thanda", "Thandaa"), "ตันดา", "F", 5),
    ("နှင်း", ("Hnin", "Nin", "Hnine"), "หนิ่น", "F", 7),
    ("ဝေ", ("Wai", "Way", "We"), "เว", "U", 6),
    ("ဖြူ", ("Phyu", "Pyu", "Phyuu"), "พยู", "F", 5),
    ("အိ", ("Ei", "Ae", "Eii"), "เอ", "F", 5),
    ("သူ", ("Thu", "Tu", "Thuu"), "ตู", "U", 5),
    ("ထက်", ("Htet", "Htat", "Het"), "เทต", "M", 6),
    ("ပိုင်", ("Paing", "Paine", "Pai"), "ไป่", "M", 4),
    ("ငြိမ်း", ("Nyein", "Nyien", "Nyane"), "เญ็ง", "F", 4),
    ("လွင်", ("Lwin", "Lwinn", "Lwyn"), "ลวิน", "U", 5),
    ("ကြည်", ("Kyi", "Kyee", "Chi"), "จี", "U", 5),
    ("သန်း", ("Than", "Thann", "Tan"), "ตาน", "U", 6),
    ("လင်း", ("Lin", "Linn"), "ลิน", "U", 6),
    ("ကို", ("Ko", "Koe"), "โก", "M", 5),
    ("လှ", ("Hla", "Hlar", "La"), "หล่า", "U", 5),
    ("တင်", ("Tin", "Tinn"), "ติน", "U", 6),
    ("မျိုး", ("Myo", "Myoe", "Mio"), "เมียว", "M", 6),
    ("နေ", ("Nay", "Nei", "Ne"), "เน", "M", 5),
    ("ရဲ", ("Ye", "Yei", "Yell"), "เย", "M", 5),
    ("ပြည့်", ("Pyae", "Pyay", "Pye"), "เปีย", "U", 5),
    ("ဖြိုး", ("Phyo", "Pyo", "Phyoe"), "โพ่", "M", 5),
    ("စန္ဒာ", ("Sandar", "Sanda", "Sandaa"), "ซานดา", "F", 4),
    ("ရတနာ", ("Yadanar", "Yadana", "Yatanar"), "ยาดานา", "F", 3),
    ("မေ", ("May", "Mei", "Me"), "เม", "F", 6),
    ("ဇင်", ("Zin", "Zinn"), "ซิน", "U", 5),
    ("မာ", ("Mar", "Ma", "Marr"), "มา", "F", 6),
    ("ချို", ("Cho", "Chou", "Choe"), "โช", "F", 4),
    ("သီရိ", ("Thiri", "Thiree", "Tiri"), "ตีรี", "F", 3),
    ("ယု", ("Yu", "Yuu"), "ยุ", "F", 3),
    ("ရွှေ", ("Shwe", "Shway"), "ฉ่วย", "U", 4),
    ("နီလာ", ("Nilar", "Nila", "Nilaa"), "นีลา", "F", 3),
    ("ဌေး", ("Htay", "Htei", "Tay"), "เท", "U", 4),
    ("စိန်", ("Sein", "Sane", "Sain"), "เส่ง", "U", 4),
    ("မြတ်", ("Myat", "Myatt"), "เมียต", "U", 4),
    ("ခိုင်", ("Khaing", "Khine", "Kaing"), "ข่าย", "F", 4),
    ("ချစ်", ("Chit", "Chitt"), "ชิด", "U", 3),
    ("လေး", ("Lay", "Lei", "Le"), "เล", "U", 3),
    ("ယဉ်", ("Yin", "Yinn"), "ยิน", "F", 3),
    ("ဆွေ", ("Swe", "Sway"), "ส่วย", "U", 3),
    ("တင့်", ("Tint", "Tin"), "ติ่น", "U", 3),
]
# honorific -> (Burmese, Latin forms, gender, adult?)
MMR_HONORIFICS = {
    "U": ("ဦး", ("U",), "M", True),
    "Daw": ("ဒေါ်", ("Daw",), "F", True),
    "Ko": ("ကို", ("Ko",), "M", False),
    "Ma": ("မ", ("Ma",), "F", False),
    "Maung": ("မောင်", ("Maung", "Mg"), "M", False),
}
# Ethnic name prefixes that are part of the name (Karen, Shan).
MMR_ETHNIC = {
    "karen": {"M": ("စော", ("Saw",), "ซอ"), "F": ("နော်", ("Naw",), "นอ")},
    "shan": {"M": ("စိုင်း", ("Sai",), "ไซ"), "F": ("နန်း", ("Nang",), "นาง")},
}

# ---------------------------------------------------------------- Vietnamese
# Family name first, a middle name (Văn for men, Thị for women, often others), a given name. Shares
# of family names: estimates quoted from Lê Trung Hoa (2005).
VNM_FAMILY = _w(
    [
        ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 2.6), ("Huỳnh", 2.5),
        ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
        ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.4), ("Trương", 0.4), ("Lâm", 0.3),
        ("Mai", 0.3), ("Trịnh", 0.3), ("Đào", 0.3), ("Cao", 0.3), ("Tạ", 0.2), ("Hà", 0.2),
        ("Lưu", 0.2), ("Châu", 0.2), ("Tô", 0.2), ("Lương", 0.2), ("Quách", 0.1),
    ]
)  # fmt: skip
VNM_MIDDLE_M = _w([("Văn", 50), ("Đức", 8), ("Minh", 8), ("Hữu", 6), ("Quang", 6), ("Thanh", 5), ("Công", 5), ("Xuân", 3), ("Hoàng", 3), ("", 6)])  # fmt: skip
VNM_MIDDLE_F = _w([("Thị", 60), ("Ngọc", 8), ("Thu", 6), ("Thanh", 5), ("Kim", 5), ("Minh", 4), ("Hồng", 4), ("Mỹ", 3), ("", 5)])  # fmt: skip
VNM_GIVEN_M = _w(
    [(g, 1) for g in ("Anh", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Hải", "Sơn", "Thắng", "Cường",
                      "Hiếu", "Huy", "Phong", "Quân", "Tùng", "Bình", "Đức", "Trung", "Khoa", "Lâm", "Tâm",
                      "Hoàng", "Phúc", "Vinh", "Thành", "Tài", "Hòa", "Toàn", "Khánh")]
)  # fmt: skip
VNM_GIVEN_F = _w(
    [(g, 1) for g in ("Lan", "Hương", "Linh", "Mai", "Hoa", "Thảo", "Hà", "Trang", "Ngọc", "Phương", "Hằng",
                      "Nhung", "Thủy", "Loan", "Yến", "Vy", "Ánh", "Hạnh", "Huyền", "Nga", "Dung", "Oanh",
                      "Trinh", "Hiền", "Thúy", "Tuyết", "Nhi", "Vân", "Liên", "Thùy")]
)  # fmt: skip

# Old ("hòa") and new ("hoà") tone-mark placement on oa/oe/uy.
VNM_TONE_SWAP = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip


def strip_diacritics(text: str) -> str:
    """Vietnamese and other Latin letters without marks (Đ/đ is a letter of its own: D/d)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def vnm_tok(word: str) -> Tok:
    return Tok(native=word, latin=(strip_diacritics(word),))


# ---------------------------------------------------------------- Chinese
# Family name first, one character (rarely two); given name of one or two characters. Shares of the
# commonest family names follow published household-registration figures (Wang and Li about 7 % each).
# (simplified, traditional, pinyin, Wade-Giles, Cantonese (Hong Kong), Hokkien/Teochew, weight)
CHN_FAMILY = [
    ("王", "王", "Wang", "Wang", "Wong", "Ong", 7.1),
    ("李", "李", "Li", "Li", "Lee", "Lee", 7.4),
    ("张", "張", "Zhang", "Chang", "Cheung", "Teo", 6.8),
    ("刘", "劉", "Liu", "Liu", "Lau", "Lau", 5.4),
    ("陈", "陳", "Chen", "Chen", "Chan", "Tan", 4.5),
    ("杨", "楊", "Yang", "Yang", "Yeung", "Yeo", 3.1),
    ("黄", "黃", "Huang", "Huang", "Wong", "Ng", 2.2),
    ("赵", "趙", "Zhao", "Chao", "Chiu", "Teo", 2.0),
    ("吴", "吳", "Wu", "Wu", "Ng", "Goh", 1.8),
    ("周", "周", "Zhou", "Chou", "Chau", "Chew", 1.7),
    ("徐", "徐", "Xu", "Hsu", "Tsui", "Chee", 1.3),
    ("孙", "孫", "Sun", "Sun", "Suen", "Sng", 1.2),
    ("马", "馬", "Ma", "Ma", "Ma", "Beh", 1.0),
    ("朱", "朱", "Zhu", "Chu", "Chu", "Choo", 1.1),
    ("胡", "胡", "Hu", "Hu", "Wu", "Oh", 1.1),
    ("郭", "郭", "Guo", "Kuo", "Kwok", "Kwek", 1.0),
    ("何", "何", "He", "Ho", "Ho", "Ho", 1.0),
    ("高", "高", "Gao", "Kao", "Ko", "Ko", 1.1),
    ("林", "林", "Lin", "Lin", "Lam", "Lim", 1.0),
    ("罗", "羅", "Luo", "Lo", "Law", "Lo", 0.9),
    ("郑", "鄭", "Zheng", "Cheng", "Cheng", "Tay", 0.8),
    ("梁", "梁", "Liang", "Liang", "Leung", "Nio", 0.7),
    ("谢", "謝", "Xie", "Hsieh", "Tse", "Chia", 0.6),
    ("宋", "宋", "Song", "Sung", "Sung", "Song", 0.5),
    ("唐", "唐", "Tang", "Tang", "Tong", "Tng", 0.5),
    ("许", "許", "Xu", "Hsu", "Hui", "Koh", 0.5),
    ("韩", "韓", "Han", "Han", "Hon", "Han", 0.5),
    ("冯", "馮", "Feng", "Feng", "Fung", "Pang", 0.5),
    ("邓", "鄧", "Deng", "Teng", "Tang", "Teng", 0.5),
    ("曹", "曹", "Cao", "Tsao", "Tso", "Chor", 0.5),
    ("彭", "彭", "Peng", "Peng", "Pang", "Phee", 0.5),
    ("曾", "曾", "Zeng", "Tseng", "Tsang", "Chan", 0.4),
    ("肖", "蕭", "Xiao", "Hsiao", "Siu", "Siow", 0.4),
    ("田", "田", "Tian", "Tien", "Tin", "Tian", 0.4),
    ("董", "董", "Dong", "Tung", "Tung", "Tang", 0.4),
    ("潘", "潘", "Pan", "Pan", "Poon", "Phua", 0.4),
    ("袁", "袁", "Yuan", "Yuan", "Yuen", "Wan", 0.4),
    ("蔡", "蔡", "Cai", "Tsai", "Choi", "Chua", 0.4),
    ("蒋", "蔣", "Jiang", "Chiang", "Cheung", "Chiang", 0.4),
    ("余", "余", "Yu", "Yu", "Yu", "Ee", 0.4),
    ("叶", "葉", "Ye", "Yeh", "Yip", "Yap", 0.3),
    ("吕", "呂", "Lyu", "Lu", "Lui", "Lu", 0.3),
    ("苏", "蘇", "Su", "Su", "So", "Soh", 0.3),
    ("卢", "盧", "Lu", "Lu", "Lo", "Lou", 0.3),
    ("丁", "丁", "Ding", "Ting", "Ting", "Teng", 0.3),
]
# Passport spellings of 吕 (ü): LYU since the 2000s, LU and LV before.
CHN_LU_VARIANTS = ("Lyu", "Lu", "Lv", "Lü", "Lue")
# (simplified, traditional, pinyin, Wade-Giles, Cantonese, gender lean)
CHN_GIVEN_CHARS = [
    ("伟", "偉", "wei", "wei", "wai", "M"), ("芳", "芳", "fang", "fang", "fong", "F"),
    ("娜", "娜", "na", "na", "na", "F"), ("敏", "敏", "min", "min", "man", "U"),
    ("静", "靜", "jing", "ching", "ching", "F"), ("丽", "麗", "li", "li", "lai", "F"),
    ("强", "強", "qiang", "chiang", "keung", "M"), ("磊", "磊", "lei", "lei", "lui", "M"),
    ("军", "軍", "jun", "chun", "kwan", "M"), ("洋", "洋", "yang", "yang", "yeung", "M"),
    ("勇", "勇", "yong", "yung", "yung", "M"), ("艳", "艷", "yan", "yen", "yim", "F"),
    ("杰", "傑", "jie", "chieh", "kit", "M"), ("娟", "娟", "juan", "chuan", "kuen", "F"),
    ("涛", "濤", "tao", "tao", "to", "M"), ("明", "明", "ming", "ming", "ming", "U"),
    ("超", "超", "chao", "chao", "chiu", "M"), ("秀", "秀", "xiu", "hsiu", "sau", "F"),
    ("英", "英", "ying", "ying", "ying", "F"), ("霞", "霞", "xia", "hsia", "ha", "F"),
    ("平", "平", "ping", "ping", "ping", "U"), ("刚", "剛", "gang", "kang", "kong", "M"),
    ("桂", "桂", "gui", "kuei", "kwai", "F"), ("华", "華", "hua", "hua", "wah", "U"),
    ("建", "建", "jian", "chien", "kin", "M"), ("国", "國", "guo", "kuo", "kwok", "M"),
    ("志", "志", "zhi", "chih", "chi", "M"), ("海", "海", "hai", "hai", "hoi", "U"),
    ("燕", "燕", "yan", "yen", "yin", "F"), ("红", "紅", "hong", "hung", "hung", "F"),
    ("梅", "梅", "mei", "mei", "mui", "F"), ("晓", "曉", "xiao", "hsiao", "hiu", "U"),
    ("文", "文", "wen", "wen", "man", "U"), ("玉", "玉", "yu", "yu", "yuk", "F"),
    ("兰", "蘭", "lan", "lan", "lan", "F"), ("春", "春", "chun", "chun", "chun", "U"),
    ("小", "小", "xiao", "hsiao", "siu", "U"), ("宇", "宇", "yu", "yu", "yu", "M"),
    ("浩", "浩", "hao", "hao", "ho", "M"), ("婷", "婷", "ting", "ting", "ting", "F"),
    ("慧", "慧", "hui", "hui", "wai", "F"), ("佳", "佳", "jia", "chia", "kai", "U"),
    ("欣", "欣", "xin", "hsin", "yan", "F"), ("俊", "俊", "jun", "chun", "chun", "M"),
    ("凯", "凱", "kai", "kai", "hoi", "M"), ("健", "健", "jian", "chien", "kin", "M"),
    ("波", "波", "bo", "po", "po", "M"), ("玲", "玲", "ling", "ling", "ling", "F"),
    ("鹏", "鵬", "peng", "peng", "pang", "M"), ("辉", "輝", "hui", "hui", "fai", "M"),
    ("斌", "斌", "bin", "pin", "pan", "M"), ("鑫", "鑫", "xin", "hsin", "yam", "U"),
    ("雪", "雪", "xue", "hsueh", "suet", "F"), ("琳", "琳", "lin", "lin", "lam", "F"),
    ("子", "子", "zi", "tzu", "tsz", "U"), ("涵", "涵", "han", "han", "ham", "U"),
]  # fmt: skip
# Given names far commoner than a random pair of characters.
CHN_COMMON_GIVEN = {"M": ("伟", "强", "磊", "军", "勇", "杰", "涛", "建华", "建国", "志强", "国强", "晓明", "俊杰", "浩宇"),
                    "F": ("芳", "娜", "静", "丽", "艳", "秀英", "桂英", "海燕", "小红", "红梅", "玉兰", "春梅", "子涵", "丽娟")}  # fmt: skip

# ---------------------------------------------------------------- Indonesian
# Many Javanese have one name only; others have two or three given names and no family name, except
# Batak clans (Siregar, Nasution...) and Chinese-Indonesian adopted surnames. Old spelling (before
# 1972): oe for u, dj for j, tj for c, j for y, sj for sy, ch for kh.
IDN_MONONYMS = _w(
    [(n, 1) for n in ("Sutrisno", "Suparman", "Sumarni", "Suwarni", "Slamet", "Mulyadi", "Sugiarto", "Rusmini",
                      "Wagiman", "Parjo", "Sukarni", "Tukiyem", "Sarinah", "Paijo", "Poniman", "Suyatno",
                      "Sumiati", "Karsiyah", "Darmi", "Sunarti", "Juariah", "Yusuf", "Wahyuni", "Jumadi")]
)  # fmt: skip
IDN_MONO_GENDER = {"Sumarni": "F", "Suwarni": "F", "Rusmini": "F", "Sukarni": "F", "Tukiyem": "F", "Sarinah": "F",
                   "Sumiati": "F", "Karsiyah": "F", "Darmi": "F", "Sunarti": "F", "Juariah": "F", "Wahyuni": "F"}  # fmt: skip
IDN_FIRST_M = _w(
    [(n, w) for n, w in (("Agus", 8), ("Budi", 8), ("Eko", 6), ("Adi", 5), ("Muhammad", 10), ("Ahmad", 6),
                         ("Rizki", 4), ("Dedi", 4), ("Hadi", 4), ("Joko", 4), ("Bambang", 4), ("Andi", 5),
                         ("Abdul", 5), ("Yusuf", 3), ("Hendra", 3), ("Irwan", 3), ("Fajar", 3), ("Dian", 2))]
)  # fmt: skip
IDN_FIRST_F = _w(
    [(n, w) for n, w in (("Siti", 12), ("Sri", 10), ("Dewi", 8), ("Nur", 6), ("Putri", 5), ("Rina", 4),
                         ("Yanti", 3), ("Ani", 3), ("Indah", 4), ("Ayu", 3), ("Dian", 3), ("Fitri", 4),
                         ("Nurul", 4), ("Wulan", 2), ("Lina", 2), ("Ratna", 3))]
)  # fmt: skip
IDN_SECOND_M = _w(
    [(n, 1) for n in ("Setiawan", "Santoso", "Prasetyo", "Nugroho", "Kurniawan", "Hidayat", "Saputra", "Wijaya",
                      "Susanto", "Pratama", "Purnomo", "Hartono", "Gunawan", "Rahman", "Syahputra", "Firmansyah",
                      "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Situmorang", "Halim", "Tanoto")]
)  # fmt: skip
IDN_SECOND_F = _w(
    [(n, 1) for n in ("Rahmawati", "Handayani", "Lestari", "Wahyuni", "Kusuma", "Sari", "Puspitasari",
                      "Anggraini", "Susanti", "Rahayu", "Aminah", "Fatimah", "Nurhaliza", "Maharani",
                      "Siregar", "Nasution", "Lubis", "Wijaya", "Halim", "Permatasari")]
)  # fmt: skip
IDN_CLANS = {
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Situmorang",
    "Halim",
    "Tanoto",
    "Wijaya",
}
IDN_MUHAMMAD = ("Muhammad", "Mohammad", "Muhamad", "Mochammad", "Moh.", "M.")
IDN_OLD_SPELLING = (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("sy", "sj"), ("kh", "ch"))

# ---------------------------------------------------------------- Filipino
# Western order; the middle name is the mother's maiden surname (often an initial); married women take
# the husband's surname and keep their maiden surname as middle name. Many Spanish-derived surnames.
PHL_FAMILY = _w(
    [(n, w) for n, w in (("Dela Cruz", 10), ("Santos", 10), ("Reyes", 9), ("Garcia", 8), ("Mendoza", 7),
                         ("Cruz", 7), ("Bautista", 6), ("Ocampo", 4), ("Torres", 5), ("Tomas", 3),
                         ("Andrada", 2), ("Castillo", 4), ("Flores", 5), ("Villanueva", 5), ("Ramos", 6),
                         ("Castro", 4), ("Rivera", 4), ("Aquino", 4), ("Navarro", 3), ("Salazar", 3),
                         ("Mercado", 3), ("De Leon", 4), ("Dela Rosa", 3), ("Fernandez", 4), ("Gonzales", 5),
                         ("Lopez", 5), ("Perez", 4), ("Dizon", 3), ("Manalo", 3), ("Pascual", 3), ("Soriano", 3),
                         ("Valdez", 3), ("Lim", 3), ("Tan", 3), ("Sy", 2), ("Go", 2), ("Domingo", 3),
                         ("Gutierrez", 3), ("Peña", 2), ("Nuñez", 2), ("Macaraeg", 1), ("Dimaculangan", 1))]
)  # fmt: skip
PHL_GIVEN_M = _w(
    [(n, w) for n, w in (("Jose", 6), ("Juan", 5), ("Mark", 6), ("John Paul", 5), ("Jerome", 3), ("Christian", 5),
                         ("Rodel", 3), ("Ronaldo", 3), ("Michael", 5), ("Jayson", 3), ("Romeo", 3),
                         ("Ariel", 3), ("Renato", 3), ("Joel", 4), ("Juan Carlo", 2), ("Rogelio", 2))]
)  # fmt: skip
PHL_GIVEN_F = _w(
    [(n, w) for n, w in (("Maria", 8), ("Maria Cristina", 4), ("Mary Grace", 4), ("Angelica", 4), ("Jennifer", 5),
                         ("Michelle", 4), ("Kimberly", 3), ("Rosalie", 3), ("Jocelyn", 4), ("Lorna", 3),
                         ("Maricel", 4), ("Marites", 3), ("Rowena", 3), ("Analyn", 3), ("Lovely", 2),
                         ("Joy", 3), ("Ma. Theresa", 2), ("Rosario", 2))]
)  # fmt: skip
PHL_NICKNAMES = {"M": ("Jun", "Bong", "Boy", "Jojo", "Jun-jun", "Totoy"),
                 "F": ("Inday", "Neneng", "Weng", "Joy", "Tess", "Cris", "Len", "Baby")}  # fmt: skip


# ---------------------------------------------------------------- places (for the address column)
PLACES = {
    "KHM": ("Phnom Penh", "Battambang", "Siem Reap", "Banteay Meanchey", "Prey Veng", "Kampong Cham", "Takeo",
            "Svay Rieng", "Kampot", "Kandal", "Poipet", "Sihanoukville"),
    "THA": ("Bangkok", "Chiang Mai", "Chiang Rai", "Udon Thani", "Khon Kaen", "Nakhon Ratchasima",
            "Ubon Ratchathani", "Songkhla", "Tak", "Sa Kaeo", "Samut Sakhon", "Ranong"),
    "LAO": ("Vientiane", "Savannakhet", "Champasak", "Luang Prabang", "Bokeo", "Khammouane", "Oudomxay"),
    "MMR": ("Yangon", "Mandalay", "Bago", "Mawlamyine", "Myawaddy", "Tachileik", "Pathein", "Magway", "Dawei"),
    "VNM": ("Hanoi", "Ho Chi Minh City", "An Giang", "Dong Thap", "Nghe An", "Thanh Hoa", "Ha Tinh", "Lao Cai",
            "Quang Ninh", "Can Tho"),
    "CHN": ("Kunming", "Nanning", "Guangzhou", "Fuzhou", "Zhengzhou", "Chengdu", "Xishuangbanna", "Shenzhen"),
    "IDN": ("Jakarta", "Bandung", "Semarang", "Surabaya", "Medan", "Mataram", "Kupang", "Indramayu", "Cirebon"),
    "PHL": ("Manila", "Quezon City", "Cebu City", "Davao City", "San Fernando", "Iloilo City", "Zamboanga City",
            "Tacloban"),
}  # fmt: skip
SETTLEMENT = {
    "KHM": ("Phum {n}", "Phum Thmei", "Phum Chas", "Phum Kandal", "Sangkat {n}"),
    "THA": ("Moo {n}", "Ban Nong Bua", "Ban Non Sung", "Ban Don", "Soi {n}"),
    "LAO": ("Ban Phonxay", "Ban Nongbone", "Ban Sisattanak", "Ban Thongkhankham", "Ban {n}"),
    "MMR": ("Ward {n}", "Hlaing Tharyar", "Thanlyin", "Insein", "Quarter {n}"),
    "VNM": ("Thon {n}", "Xom {n}", "Phuong {n}", "Ap {n}"),
    "CHN": ("Cun {n}", "Zu {n}", "Lu {n} Hao"),
    "IDN": ("RT {n}", "Desa Sukamaju", "Kampung Baru", "Desa Mekarsari", "Dusun {n}"),
    "PHL": ("Purok {n}", "Barangay San Jose", "Barangay Poblacion", "Sitio {n}"),
}  # fmt: skip
