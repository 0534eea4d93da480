"""Name tables for the second independent evaluation set (issue 13).

Written from general knowledge of South-East Asian naming (no tipnet code read). Each entry is
``(native spelling, romanizations...)``; the first romanization is the one a passport office would
most often print, the others are what clerks, NGOs and the persons themselves also write.
Entries are ordered roughly from common to rare: the generator draws them with Zipf weights, so the
first few produce the namesakes every real register holds.
"""

from __future__ import annotations

Entry = tuple[str, ...]

# --- Cambodia (Khmer): FAMILY GIVEN, family name first in Khmer and on passports -----------------
KH_FAMILY: list[Entry] = [
    ("សុខ", "Sok", "Sokh", "Sauk"),
    ("ចាន់", "Chan", "Chann", "Chanh"),
    ("ហេង", "Heng", "Hieng"),
    ("លី", "Ly", "Lee", "Li"),
    ("គឹម", "Kim", "Kem", "Kheum"),
    ("សេង", "Seng", "Sieng"),
    ("ជា", "Chea", "Chia"),
    ("ម៉ៅ", "Mao", "Mau"),
    ("ពៅ", "Pov", "Pou", "Peou"),
    ("ខៀវ", "Khiev", "Khieu", "Kiev"),
    ("ស៊ុន", "Sun", "Soun", "Sonn"),
    ("ឈឹម", "Chhim", "Chim", "Chheum"),
    ("ទេព", "Tep", "Teb"),
    ("ស៊ិន", "Sin", "Sinn"),
    ("មាស", "Meas", "Mas", "Meah"),
    ("ប៊ុន", "Bun", "Boun", "Bunn"),
    ("យឹម", "Yim", "Yem", "Yoeum"),
    ("អ៊ុក", "Ouk", "Uk", "Ok"),
    ("ព្រំ", "Prum", "Prom", "Phrom"),
    ("នួន", "Nuon", "Nuan", "Noun"),
    ("ហ៊ុន", "Hun", "Houn", "Hunn"),
    ("រស់", "Ros", "Rous", "Ruos"),
    ("វង្ស", "Vong", "Vung", "Wong"),
    ("ញឹក", "Nhek", "Nhoek", "Nhik"),
    ("ឆាយ", "Chhay", "Chay", "Chhai"),
    ("តាំង", "Taing", "Tang", "Taeng"),
    ("ផាន់", "Phan", "Phann", "Pan"),
    ("ស្រេង", "Sreng", "Sreang"),
    ("ឃុត", "Khut", "Khoot", "Kut"),
    ("ម៉ម", "Mom", "Morm"),
]
KH_GIVEN_F: list[Entry] = [
    ("ស្រីមុំ", "Sreymom", "Srey Mom", "Sreimom", "Srey Mum"),
    ("សុភា", "Sophea", "Sopha", "Sophear"),
    ("ស្រីនាង", "Sreyneang", "Srey Neang", "Sreyneang", "Srei Neang"),
    ("ដាវី", "Davy", "Davi", "Dawy"),
    ("ស្រីពៅ", "Sreypov", "Srey Pov", "Sreypeou", "Srei Pou"),
    ("ចាន់ធូ", "Chanthou", "Chan Thou", "Chanthu"),
    ("សុខា", "Sokha", "Sokhar", "Sokhaa"),
    ("បុប្ផា", "Bopha", "Boppha", "Bupha"),
    ("ធារី", "Theary", "Thary", "Teary"),
    ("ចិន្តា", "Chenda", "Chinda", "Chendar"),
    ("ណារី", "Nary", "Nari", "Naree"),
    ("លីដា", "Lida", "Lyda", "Leda"),
    ("ស្រីលក្ខណ៍", "Sreyleak", "Srey Leak", "Sreileak"),
    ("សុជាតា", "Socheata", "Sochiata", "Sucheata"),
    ("កញ្ញា", "Kanha", "Kagna", "Kanya"),
    ("ស្រីនិច", "Sreynich", "Srey Nich", "Sreinich"),
    ("ធីតា", "Thida", "Theda", "Thidar"),
    ("វាសនា", "Veasna", "Veasana", "Vesna"),
    ("សុគន្ធា", "Sokunthea", "Sokhuntha", "Sokunthear"),
    ("រតនា", "Rathana", "Ratana", "Rattana"),
]
KH_GIVEN_M: list[Entry] = [
    ("ដារ៉ា", "Dara", "Darah", "Dorra"),
    ("សុផល", "Sophal", "Sophall", "Sophol"),
    ("វណ្ណា", "Vanna", "Vana", "Wanna"),
    ("សំណាង", "Samnang", "Samnag", "Somnang"),
    ("ពិសិដ្ឋ", "Piseth", "Pisith", "Piset"),
    ("វិចិត្រ", "Vichet", "Vichit", "Wichet"),
    ("សុវណ្ណ", "Sovann", "Sovan", "Sovanna"),
    ("មករា", "Makara", "Makra", "Mekara"),
    ("រតនៈ", "Rathanak", "Ratanak", "Rattanak"),
    ("សុធា", "Sothea", "Sotha", "Sotear"),
    ("វិបុល", "Vibol", "Vibul", "Wibol"),
    ("ចន្ធី", "Chanthy", "Chanthi", "Chanty"),
    ("បូរ៉ា", "Bora", "Borra", "Boraa"),
    ("សុភ័ក្ត្រ", "Sopheak", "Sophak", "Sopheakt"),
    ("វុទ្ធី", "Vuthy", "Vuthi", "Wuthy"),
    ("ពន្លក", "Ponlok", "Ponleuk", "Panlok"),
]
KH_NICK: list[Entry] = [
    ("ពៅ", "Pov", "Pou"),
    ("តូច", "Touch", "Toch"),
    ("ស្រី", "Srey", "Srei"),
    ("អាមុំ", "A Mom", "Amom"),
    ("អាខ្មៅ", "A Khmao", "Akhmao"),
]

# --- Thailand: GIVEN SURNAME; surnames are nearly unique, nicknames are used everywhere -----------
TH_GIVEN_F: list[Entry] = [
    ("สุดา", "Suda", "Sudar"),
    ("มาลี", "Mali", "Malee", "Maree"),
    ("ปราณี", "Prani", "Pranee", "Pranie"),
    ("วันเพ็ญ", "Wanphen", "Wanpen", "Vanpen"),
    ("สมพร", "Somphon", "Somporn", "Somphorn"),
    ("กาญจนา", "Kanchana", "Karnjana", "Kanjana"),
    ("ศิริพร", "Siriphon", "Siriporn", "Sirporn"),
    ("อัญชลี", "Anchali", "Anchalee", "Unchalee"),
    ("นภา", "Napha", "Napa", "Nabha"),
    ("จันทร์เพ็ญ", "Chanphen", "Janpen", "Chanpen"),
    ("ธนพร", "Thanaphon", "Thanaporn", "Tanaporn"),
    ("พิมพ์ใจ", "Phimchai", "Pimjai", "Phimjai"),
    ("เกศินี", "Ketsini", "Kesinee", "Katesinee"),
    ("สายสุนีย์", "Saisuni", "Saisunee", "Saysunee"),
]
TH_GIVEN_M: list[Entry] = [
    ("สมชาย", "Somchai", "Somchay", "Somshai"),
    ("สมศักดิ์", "Somsak", "Somsakdi", "Somsuk"),
    ("ประเสริฐ", "Prasoet", "Prasert", "Prasirt"),
    ("วิชัย", "Wichai", "Vichai", "Wichay"),
    ("สุนทร", "Sunthon", "Soonthorn", "Sunthorn"),
    ("อรุณ", "Arun", "Aroon", "Arune"),
    ("บุญมี", "Bunmi", "Boonmee", "Bunmee"),
    ("สุรศักดิ์", "Surasak", "Surasakdi", "Surasuk"),
    ("ณัฐพล", "Natthaphon", "Nattapon", "Nuttapol"),
    ("ชัยวัฒน์", "Chaiwat", "Chaiwatt", "Chaiwath"),
    ("ธีรพงษ์", "Thiraphong", "Teerapong", "Thirapong"),
    ("อนุชา", "Anucha", "Anuchar", "Anuja"),
]
TH_SURNAME: list[Entry] = [
    ("ใจดี", "Chaidi", "Jaidee", "Chaidee"),
    ("ศรีสุข", "Sisuk", "Srisuk", "Srisook"),
    ("สุขสวัสดิ์", "Suksawat", "Sooksawat", "Suksawad"),
    ("แสงทอง", "Saengthong", "Sangthong", "Saengtong"),
    ("บุญมา", "Bunma", "Boonma", "Bunmar"),
    ("ทองดี", "Thongdi", "Thongdee", "Tongdee"),
    ("วงศ์สวัสดิ์", "Wongsawat", "Vongsawat", "Wongsawad"),
    ("พรหมมา", "Phromma", "Promma", "Phrommar"),
    ("ศรีวงศ์", "Siwong", "Sriwong", "Srivong"),
    ("ชัยมงคล", "Chaimongkhon", "Chaimongkol", "Chaimongkon"),
    ("กิตติศักดิ์", "Kittisak", "Kittisakdi", "Kittisuk"),
    ("รัตนพันธ์", "Rattanaphan", "Rattanapan", "Ratanapan"),
    ("สมบูรณ์", "Sombun", "Somboon", "Somboun"),
    ("เพชรรัตน์", "Phetcharat", "Petcharat", "Phetrat"),
    ("อินทร์แก้ว", "Inkaeo", "Inkaew", "Inkeaw"),
    ("คำแก้ว", "Khamkaeo", "Kumkaew", "Khamkaew"),
    ("มีสุข", "Misuk", "Meesuk", "Meesook"),
    ("ปัญญาดี", "Panyadi", "Panyadee", "Punyadee"),
    ("ศรีประเสริฐ", "Sriprasoet", "Sriprasert", "Siprasert"),
    ("บุญเรือง", "Bunrueang", "Boonruang", "Boonrueang"),
    ("จันทร์หอม", "Chanhom", "Janhom", "Chanhorm"),
    ("ทองคำ", "Thongkham", "Tongkham", "Thongkum"),
]
TH_NICK: list[Entry] = [
    ("น้อย", "Noi", "Noy"),
    ("เล็ก", "Lek", "Lekk"),
    ("นก", "Nok", "Nog"),
    ("ส้ม", "Som", "Sohm"),
    ("แดง", "Daeng", "Dang"),
    ("ปู", "Pu", "Poo"),
    ("ฝน", "Fon", "Fhon"),
    ("อ้อย", "Oi", "Oy"),
    ("แป้ง", "Paeng", "Pang"),
    ("จอย", "Joy", "Choi"),
    ("ต้น", "Ton", "Tonn"),
    ("มด", "Mot", "Mod"),
]
TH_TITLE_F = ("นางสาว", "นาง")
TH_TITLE_M = ("นาย",)

# --- Laos: GIVEN FAMILY, French-influenced romanization (-ph, -ou, -anh, -one, x) ------------------
LA_GIVEN_F: list[Entry] = [
    ("ວັນນີ", "Vanny", "Vanni", "Wanny"),
    ("ນາລີ", "Naly", "Nali", "Nalee"),
    ("ສຸລິຍາ", "Souliya", "Suliya", "Souliyah"),
    ("ບົວພັນ", "Bouaphanh", "Bouaphan", "Buaphan"),
    ("ແສງເດືອນ", "Sengdeuane", "Saengduean", "Sengduan"),
    ("ມະນີວອນ", "Manivone", "Maniwon", "Manyvone"),
    ("ດາລາ", "Dala", "Dalla", "Darla"),
    ("ຄຳພອນ", "Khamphone", "Khamphon", "Kampon"),
    ("ພອນສະຫວັນ", "Phonesavanh", "Phonsavan", "Ponsavan"),
]
LA_GIVEN_M: list[Entry] = [
    ("ສົມພອນ", "Somphone", "Somphon", "Sompon"),
    ("ບຸນມີ", "Bounmy", "Bunmi", "Bounmi"),
    ("ສີສະຫວາດ", "Sisavath", "Sisavat", "Sysavath"),
    ("ທອງສີ", "Thongsy", "Thongsi", "Tongsy"),
    ("ຈັນທະວົງ", "Chanthavong", "Jantavong", "Chanthavongs"),
    ("ແກ້ວ", "Keo", "Kaew", "Keow"),
    ("ບຸນທະວີ", "Bounthavy", "Bunthavi", "Bounthavi"),
    ("ສົມສັກ", "Somsack", "Somsak", "Somsak"),
]
LA_FAMILY: list[Entry] = [
    ("ພົມມະຈັນ", "Phommachanh", "Phommachan", "Pommachan"),
    ("ສີຫາລາດ", "Sihalath", "Sihalat", "Syhalath"),
    ("ວົງສະຫວັນ", "Vongsavanh", "Vongsavan", "Wongsavan"),
    ("ແກ້ວມະນີ", "Keomany", "Keomani", "Kaewmani"),
    ("ສຸວັນນະວົງ", "Souvannavong", "Suvannavong", "Souvanavong"),
    ("ໄຊຍະສານ", "Xaiyasan", "Saiyasan", "Xayasane"),
    ("ພິລາວົງ", "Philavong", "Pilavong", "Phylavong"),
    ("ອິນທະວົງ", "Inthavong", "Intavong", "Inthavongs"),
    ("ສີສຸລາດ", "Sisoulath", "Sisulat", "Sysoulath"),
    ("ດວງມາລາ", "Douangmala", "Duangmala", "Duongmala"),
    ("ຄຳມະນີ", "Khammany", "Khamani", "Khammani"),
    ("ຈັນທະລາ", "Chanthala", "Jantala", "Chanthalah"),
    ("ສຸລິວົງ", "Soulivong", "Sulivong", "Soulivongs"),
    ("ພັນທະວົງ", "Phanthavong", "Panthavong", "Phanthavongs"),
]
LA_TITLE_F = ("ນາງ",)
LA_TITLE_M = ("ທ້າວ",)

# --- Myanmar: no family name; 1-4 syllables, each written as a word in Latin, joined in Burmese ---
MM_SYLL: list[Entry] = [
    ("အောင်", "Aung", "Aungg", "Ong"),
    ("ကျော်", "Kyaw", "Kyawe", "Kyaw"),
    ("မင်း", "Min", "Minn", "Mhin"),
    ("ဝင်း", "Win", "Winn", "Wyn"),
    ("စိုး", "Soe", "So", "Soh"),
    ("ခင်", "Khin", "Kin", "Khinn"),
    ("မြင့်", "Myint", "Myin", "Mying"),
    ("သိန်း", "Thein", "Thane", "Thain"),
    ("ထွန်း", "Htun", "Tun", "Htoon"),
    ("နွယ်", "Nwe", "Nway", "Nwai"),
    ("ဇော်", "Zaw", "Zo", "Zaww"),
    ("နိုင်", "Naing", "Nai", "Naingg"),
    ("မိုး", "Moe", "Mo", "Moh"),
    ("ထက်", "Htet", "Het", "Htett"),
    ("သူ", "Thu", "Thuu", "Thoo"),
    ("အေး", "Aye", "Ei", "Eh"),
    ("လှိုင်", "Hlaing", "Laing", "Hlyaing"),
    ("စု", "Su", "Soo", "Suu"),
    ("မြ", "Mya", "Myar", "Mya"),
    ("ဖြူ", "Phyu", "Pyu", "Phyuu"),
    ("နှင်း", "Hnin", "Nhin", "Hnin"),
    ("ဝေ", "Wai", "Way", "Wei"),
    ("လွင်", "Lwin", "Lwinn", "Lwin"),
    ("လှ", "Hla", "La", "Hlah"),
    ("ဖြိုး", "Phyo", "Pyo", "Phyoe"),
    ("ညွန့်", "Nyunt", "Nyount", "Nyun"),
    ("ဌေး", "Htay", "Htey", "Htae"),
    ("ချို", "Cho", "Chyo", "Choe"),
    ("မာ", "Mar", "Ma", "Marr"),
    ("ဆု", "Hsu", "Su", "Shu"),
    ("ပိုင်", "Paing", "Paingg", "Pine"),
    ("သန့်", "Thant", "Than", "Thandt"),
    ("ဇင်", "Zin", "Zinn", "Zinn"),
    ("ငြိမ်း", "Nyein", "Nyane", "Nyein"),
    ("ရွှေ", "Shwe", "Shway", "Shwe"),
    ("လင်း", "Lin", "Linn", "Lynn"),
    ("ရဲ", "Ye", "Yei", "Yea"),
    ("ဦး", "Oo", "U", "Oo"),
]
MM_WORD: list[Entry] = [  # two-syllable words written as one Latin word
    ("ရတနာ", "Yadanar", "Yadana", "Yatana"),
    ("စန္ဒာ", "Sandar", "Sanda", "Sandhar"),
    ("နီလာ", "Nilar", "Nila", "Neelar"),
    ("သီတာ", "Thidar", "Thida", "Theidar"),
]
MM_PREFIX_F = (("မ", "Ma"), ("ဒေါ်", "Daw"))
MM_PREFIX_M = (("မောင်", "Maung", "Mg"), ("ကို", "Ko"), ("ဦး", "U"))
MM_F_SYLL = {
    "Khin",
    "Nwe",
    "Aye",
    "Su",
    "Mya",
    "Phyu",
    "Hnin",
    "Wai",
    "Hla",
    "Cho",
    "Mar",
    "Hsu",
    "Nyein",
    "Shwe",
    "Thu",
    "Moe",
    "Thant",
    "Zin",
}
MM_M_SYLL = {
    "Aung",
    "Kyaw",
    "Min",
    "Win",
    "Soe",
    "Myint",
    "Thein",
    "Htun",
    "Zaw",
    "Naing",
    "Htet",
    "Hlaing",
    "Lwin",
    "Phyo",
    "Nyunt",
    "Htay",
    "Paing",
    "Lin",
    "Ye",
    "Oo",
    "Thu",
    "Moe",
}

# --- Vietnam: FAMILY MIDDLE GIVEN, Latin script with diacritics (native) -------------------------
VN_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
VN_MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Minh", "Thu"]
VN_MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quốc", "Thanh"]
VN_GIVEN_F = [
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Linh",
    "Trang",
    "Thảo",
    "Hằng",
    "Ngọc",
    "Phương",
    "Anh",
    "Thủy",
    "Nhung",
    "Yến",
    "Vy",
    "Tâm",
    "Nga",
    "Hạnh",
]
VN_GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Hải",
    "Nam",
    "Long",
    "Sơn",
    "Bình",
    "Minh",
    "Anh",
    "Thắng",
    "Cường",
    "Quang",
    "Phúc",
    "Hiếu",
    "Đạt",
]
VN_NICK = ["Bé", "Út", "Tí", "Bi", "Hai", "Ba"]

# --- China: FAMILY GIVEN in characters; pinyin, Wade-Giles, Cantonese and Hokkien spellings -------
# (simplified, traditional, pinyin, other spellings...)
CN_FAMILY: list[Entry] = [
    ("王", "王", "Wang", "Wong", "Ong"),
    ("李", "李", "Li", "Lee", "Lei"),
    ("张", "張", "Zhang", "Chang", "Cheung", "Teo"),
    ("刘", "劉", "Liu", "Lau", "Lao"),
    ("陈", "陳", "Chen", "Chan", "Tan", "Chern"),
    ("杨", "楊", "Yang", "Yeung", "Yeo"),
    ("黄", "黃", "Huang", "Wong", "Ng", "Hwang"),
    ("赵", "趙", "Zhao", "Chiu", "Chao"),
    ("吴", "吳", "Wu", "Ng", "Goh"),
    ("周", "周", "Zhou", "Chou", "Chow", "Chew"),
    ("林", "林", "Lin", "Lam", "Lim"),
    ("郑", "鄭", "Zheng", "Cheng", "Tay", "Chng"),
]
CN_GIVEN_CHAR: list[Entry] = [
    ("伟", "偉", "Wei", "Wai", "Wee"),
    ("芳", "芳", "Fang", "Fong", "Hong"),
    ("娜", "娜", "Na", "Nah"),
    ("敏", "敏", "Min", "Man", "Meng"),
    ("静", "靜", "Jing", "Ching", "Cheng"),
    ("丽", "麗", "Li", "Lai", "Lee"),
    ("强", "強", "Qiang", "Chiang", "Keung"),
    ("磊", "磊", "Lei", "Lui", "Lay"),
    ("军", "軍", "Jun", "Chun", "Kwan"),
    ("洋", "洋", "Yang", "Yeung", "Yeo"),
    ("勇", "勇", "Yong", "Yung", "Yeong"),
    ("艳", "艷", "Yan", "Yim", "Yen"),
    ("杰", "傑", "Jie", "Chieh", "Kit"),
    ("涛", "濤", "Tao", "To", "Thao"),
    ("明", "明", "Ming", "Ming", "Beng"),
    ("秀", "秀", "Xiu", "Hsiu", "Sau"),
    ("英", "英", "Ying", "Ying", "Eng"),
    ("华", "華", "Hua", "Wah", "Hwa"),
    ("红", "紅", "Hong", "Hung", "Ang"),
    ("玲", "玲", "Ling", "Ling", "Leng"),
    ("建", "建", "Jian", "Chien", "Kin"),
    ("国", "國", "Guo", "Kuo", "Kwok"),
]

# --- Indonesia: often one name; old (Dutch) and new spellings -------------------------------------
ID_NAMES_F = [
    "Siti Aminah",
    "Sri Wahyuni",
    "Dewi Lestari",
    "Nur Hidayah",
    "Suharti",
    "Yuliana",
    "Rina Susanti",
    "Wulan",
    "Siti Nurhaliza",
    "Ani Suryani",
    "Puji Astuti",
]
ID_NAMES_M = [
    "Sutrisno",
    "Budi Santoso",
    "Agus Setiawan",
    "Eko Prasetyo",
    "Joko Susilo",
    "Suparman",
    "Yusuf Hidayat",
    "Wahyu Nugroho",
    "Bambang",
    "Cahyo",
    "Slamet Riyadi",
]
ID_OLD = [("u", "oe"), ("j", "dj"), ("y", "j"), ("c", "tj")]

# --- Philippines: GIVEN MIDDLE(mother's surname) FAMILY --------------------------------------------
PH_GIVEN_F = [
    "Maria Cristina",
    "Jennifer",
    "Rowena",
    "Marites",
    "Ana Liza",
    "Maricel",
    "Lorna",
    "Maria Luisa",
    "Rosalie",
    "Jocelyn",
]
PH_GIVEN_M = ["Jose", "Juan", "Mark Anthony", "Rodel", "Jerome", "Ronaldo", "Michael", "John Paul"]
PH_FAMILY = [
    "Santos",
    "Reyes",
    "Cruz",
    "Dela Cruz",
    "Bautista",
    "Ocampo",
    "Garcia",
    "Mendoza",
    "Torres",
    "Villanueva",
    "Ramos",
    "Aquino",
    "De Leon",
    "Castillo",
]

# --- Malaysia (Malay): GIVEN bin/binti FATHER ----------------------------------------------------
MY_GIVEN_F = ["Nur Aisyah", "Siti Hajar", "Nurul Izzah", "Fatimah", "Aminah", "Noraini", "Zainab"]
MY_GIVEN_M = [
    "Muhammad Faizal",
    "Ahmad Zaki",
    "Mohd Azlan",
    "Ismail",
    "Hafiz",
    "Ahmad Faris",
    "Muhammad Amir",
]
MY_FATHER = ["Abdullah", "Ismail", "Ibrahim", "Hassan", "Yusof", "Osman", "Rahman", "Ali", "Omar"]
MY_MUHAMMAD = ["Muhammad", "Mohd", "Mohamad", "Mohammad", "Muhd"]

# --- places (home provinces/towns, several spellings) -------------------------------------------
PLACES: dict[str, list[tuple[str, ...]]] = {
    "KH": [
        ("Battambang", "Battambong", "BTB"),
        ("Banteay Meanchey", "B. Meanchey", "Banteay Mean Chey"),
        ("Prey Veng", "Prey Veang"),
        ("Svay Rieng", "Svay Rieng Province"),
        ("Kampong Cham", "Kompong Cham", "K. Cham"),
        ("Siem Reap", "Siemreap", "Siem Riep"),
        ("Phnom Penh", "PP", "Phnom Penh City"),
        ("Takeo", "Takeo Province"),
    ],
    "TH": [
        ("Bangkok", "BKK", "Krung Thep"),
        ("Chiang Rai", "Chiangrai"),
        ("Udon Thani", "Udonthani"),
        ("Nong Khai", "Nongkhai"),
        ("Sa Kaeo", "Sakaeo", "Sa Kaew"),
    ],
    "LA": [
        ("Vientiane", "Viangchan", "VTE"),
        ("Savannakhet", "Savanakhet"),
        ("Champasak", "Champassak"),
        ("Bokeo", "Bo Keo"),
        ("Luang Prabang", "Louangphabang"),
    ],
    "MM": [
        ("Yangon", "Rangoon", "YGN"),
        ("Mandalay", "MDY"),
        ("Mawlamyine", "Moulmein"),
        ("Myawaddy", "Myawadi"),
        ("Dawei", "Tavoy"),
        ("Kawthaung", "Kawthoung"),
    ],
    "VN": [
        ("An Giang", "An-Giang"),
        ("Hà Nội", "Ha Noi", "Hanoi"),
        ("Nghệ An", "Nghe An"),
        ("Thanh Hóa", "Thanh Hoa"),
        ("Cần Thơ", "Can Tho"),
    ],
    "CN": [("Yunnan", "Yun Nan"), ("Guangxi", "Kwangsi"), ("Fujian", "Fukien"), ("Guangdong", "Canton")],
    "ID": [("Jawa Timur", "East Java", "Jatim"), ("Nusa Tenggara Barat", "NTB"), ("Jakarta", "DKI Jakarta")],
    "PH": [("Manila", "Metro Manila", "NCR"), ("Cebu", "Cebu City"), ("Mindanao", "Davao")],
    "MY": [("Kuala Lumpur", "KL"), ("Johor Bahru", "JB", "Johor"), ("Sabah", "Kota Kinabalu")],
}
WORKPLACES = [
    ("Sihanoukville", "Preah Sihanouk", "Kampong Som"),
    ("Mae Sot", "Maesot"),
    ("Poipet", "Poi Pet"),
    ("Shwe Kokko", "KK Park"),
    ("Bavet", "Bavet City"),
    ("Golden Triangle SEZ", "Kings Romans", "Tonpheung"),
    ("Samut Sakhon", "Mahachai"),
    ("Ranong", "Ranong Province"),
]

# --- nationality as clerks write it --------------------------------------------------------------
NATIONALITY_FORMS: dict[str, tuple[str, ...]] = {
    "KH": ("KH", "KHM", "Cambodian", "Khmer", "CAMBODIA", "kh"),
    "TH": ("TH", "THA", "Thai", "THAILAND"),
    "LA": ("LA", "LAO", "Lao", "Laotian", "Laos"),
    "MM": ("MM", "MMR", "Myanmar", "Burmese", "BUR", "Burma"),
    "VN": ("VN", "VNM", "Vietnamese", "Viet Nam"),
    "CN": ("CN", "CHN", "Chinese", "PRC", "China"),
    "ID": ("ID", "IDN", "Indonesian", "Indonesia"),
    "PH": ("PH", "PHL", "Filipino", "Filipina", "Philippines"),
    "MY": ("MY", "MYS", "Malaysian", "Malaysia"),
}
