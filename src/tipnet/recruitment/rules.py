"""Red flags of deceptive recruitment as explainable, weighted rules.

Each rule has a stable code (reports, tests and translations refer to it), a weight (log-odds it adds
to the rule score), the published source that names the indicator, and phrases by language that are
its evidence. The phrases were written from the indicator literature (OHCHR 2023, IOM and UNODC
advisories, INTERPOL's 2023 Orange Notice, the ILO forced-labour indicators, FinCEN's 2023 alert),
not from the simulator's templates or from real adverts, which the project holds out for evaluation.
Phrases of the `*` entry are matched in every language (brand names, English loanwords, places).

Two rules are computed rather than matched: pay far above the market (recruitment.wages) and no
company identity (no e-mail at a company domain, no address, registration or licence). Mitigations
(a licence number, a written contract, a company e-mail) lower the score but never hide a flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tipnet.recruitment.text import LANGUAGES

# Raised whenever a rule, weight or phrase changes: stored verdicts of another version are redone.
VERSION = "5"

SOURCES: dict[str, str] = {
    "OHCHR2023": "OHCHR, Online scam operations and trafficking into forced criminality in Southeast Asia (Aug 2023)",
    "IOM": "IOM advisories on deceptive online recruitment into scam operations in South-East Asia (2022-2023)",
    "UNODC": "UNODC, policy briefs on online scam operations and trafficking in South-East Asia (2023)",
    "INTERPOL2023": "INTERPOL Orange Notice on human trafficking-fuelled fraud (June 2023)",
    "ILO2012": "ILO Indicators of Forced Labour (2012): deception, identity documents, debt bondage",
    "FINCEN2023": "FinCEN Alert FIN-2023-Alert005 on 'pig butchering' virtual currency fraud (Sept 2023)",
    "ILOSTAT": "ILOSTAT, mean nominal monthly earnings by occupation (EAR_4MTH_SEX_OCU_CUR_NB)",
    # Generic job fraud (consumer warnings; page titles as published).
    "FTC_JOBS": "FTC Consumer Advice, 'Job Scams' (consumer.ftc.gov/articles/job-scams)",
    "FTC_FAKECHECK": "FTC Consumer Advice, 'How To Spot, Avoid, and Report Fake Check Scams'",
    "FTC_HIRE2020": "FTC Consumer Alert, 'Hire not so delightful' (Dec 2020): never give your personal info up front",
    "FTC_TASKS2024": "FTC Data Spotlight, 'Paying to get paid: gamified job scams drive record losses' (Dec 2024)",
    "BBB2018": "BBB Institute, 'Tech-Savvy Scammers Work to Con More Victims: 2018 BBB Scam Tracker Risk Report'",
    "IC3_2022": "FBI IC3 PSA I-012422-PSA, 'Cyber Criminals Use Fake Job Listings to Target Applicants' "
    "Personally Identifiable Information' (Jan 2022)",
}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    weight: float
    source: str
    phrases: dict[str, tuple[str, ...]]
    # A match right after a negation ("no fee", "មិនគិតថ្លៃសេវា", "ບໍ່ເກັບຄ່າ...") or qualified as
    # lawful ("only the legal fee") is not evidence: fair-recruitment adverts say exactly that.
    negatable: bool = False
    # Generic job-fraud rules: negated anywhere earlier in the same sentence ("we never ask for your bank
    # details"), not only just before the phrase.
    sentence_negation: bool = False
    # Personal data asked *up front* is the sign (FTC 2020): asked after the hire ("once hired, HR collects
    # your Social Security number for the I-9", "new hires set up direct deposit") it is onboarding.
    upfront_only: bool = False


_LATIN = frozenset({"en", "vi", "id", "tl", "*"})

RULES: tuple[Rule, ...] = (
    Rule(
        "NO_EXPERIENCE",
        1.0,
        "OHCHR2023",
        {
            "en": (
                r"anyone can (?:do it|work)",
                r"basic (?:computer|typing) skills? (?:is |are )?(?:enough|ok)",
                r"(?:only|just) need to (?:type|chat|speak|know)",
                r"no qualifications? (?:needed|required)",
                r"no experience",
                r"experience not (?:needed|required)",
                r"no skills? (?:needed|required)",
                r"no (?:degree|diploma|education|documents?) (?:needed|required)",
                r"without experience",
                r"no interview",
                r"anyone can (?:apply|do)",
                r"will train you",
                r"easy (?:job|work)",
            ),
            "vi": (
                r"ai cũng làm được",
                r"chỉ cần biết (?:đánh máy|dùng máy tính|tiếng|chat)",
                r"không cần bằng cấp",
                r"không cần kinh nghiệm",
                r"chưa có kinh nghiệm",
                r"không yêu cầu (?:kinh nghiệm|bằng cấp)",
                r"không cần bằng cấp",
                r"việc nhẹ",
                r"dễ làm",
                r"được đào tạo từ đầu",
            ),
            "id": (
                r"siapa (?:saja|pun) bisa",
                r"cukup bisa (?:mengetik|komputer|bahasa|chat)",
                r"tidak perlu ijazah",
                r"tanpa pengalaman",
                r"tidak perlu pengalaman",
                r"tidak butuh pengalaman",
                r"tanpa ijazah",
                r"pekerjaan mudah",
                r"kerja santai",
                r"dilatih dari nol",
            ),
            "tl": (
                r"kahit sino",
                r"basta marunong",
                r"kahit walang (?:diploma|pinag-aralan)",
                r"walang karanasan",
                r"kahit walang (?:karanasan|experience)",
                r"no experience needed",
                r"madaling trabaho",
            ),
            "km": (
                r"អ្នកណា(?:ក៏)?(?:ធ្វើ|អាចធ្វើ)បាន",
                r"ការងារងាយ(?:ស្រួល)?",
                r"(?:ចេះ|ប្រើ)កុំព្យូទ័រ(?:បន្តិច|មូលដ្ឋាន)",
                r"គ្រាន់តែ(?:ចេះ|ឆាត|វាយ|និយាយ)",
                r"ចេះ(?:ភាសា|វាយអក្សរ)?(?:ចិន|អង់គ្លេស)[^\n|.]{0,20}(?:គឺ|ក៏)បាន",
                r"មិន(?:ទាមទារ|ចាំបាច់មាន)(?:បទពិសោធន៍|សញ្ញាបត្រ)",
                r"មិនត្រូវការបទពិសោធន៍",
                r"គ្មានបទពិសោធន៍",
                r"មិនចាំបាច់មានបទពិសោធន៍",
                r"ការងារស្រួល",
                r"មិនត្រូវការសញ្ញាបត្រ",
                r"ទទួលបណ្ដុះបណ្ដាល",
            ),
            "th": (
                r"ใครก็(?:ทำ|สมัคร)ได้",
                r"ใช้คอมพิวเตอร์(?:พื้นฐาน|เป็น)",
                r"แค่(?:พิมพ์|แชท|คุย)",
                r"ภาษา(?:จีน|อังกฤษ)[^\n|.]{0,15}ก็(?:ได้|พอ)",
                r"ไม่ต้องมีประสบการณ์",
                r"ไม่จำเป็นต้องมีประสบการณ์",
                r"ไม่มีประสบการณ์(?:ก็)?(?:ได้|สมัครได้)",
                r"ไม่จำกัดวุฒิ",
                r"งานสบาย",
                r"งานง่าย",
                r"มีสอนงานให้",
            ),
            "lo": (
                r"ໃຜ(?:ກໍ່|ກໍ)(?:ເຮັດ|ສະໝັກ)ໄດ້",
                r"ວຽກສະບາຍ",
                r"(?:ໃຊ້|ເປັນ)ຄອມ(?:ພິວເຕີ)?\s*(?:ພື້ນຖານ|ໄດ້ນິດໜ່ອຍ)",
                r"(?:ພິມ|ເວົ້າ|ຮູ້)?ພາສາ(?:ຈີນ|ອັງກິດ)[^\n|.]{0,20}(?:ກໍ່|ກໍ)(?:ໄດ້|ພໍ)",
                r"ບໍ່(?:ຕ້ອງການ|ຈຳເປັນຕ້ອງມີ)(?:ວຸດທິ|ປະສົບການ)",
                r"ແຕ່(?:ພິມ|ແຊັດ|ເວົ້າ)",
                r"ບໍ່ຕ້ອງມີປະສົບການ",
                r"ບໍ່ມີປະສົບການ",
                r"ບໍ່ຈຳເປັນຕ້ອງມີປະສົບການ",
                r"ວຽກງ່າຍ",
                r"ບໍ່ຈຳກັດວຸດທິ",
            ),
            "my": (
                r"ဘယ်သူမဆို\s*(?:လုပ်|လျှောက်)",
                r"ကွန်ပျူတာ\s*အခြေခံ",
                r"(?:တရုတ်|အင်္ဂလိပ်)\s*(?:စာ|ဘာသာ)[^\n|။]{0,20}(?:ရရင်|ရလျှင်|ဆိုရင်)\s*(?:ရပြီ|ရ)",
                r"အတွေ့အကြုံ\s*မလို",
                r"အတွေ့အကြုံမရှိ(?:လည်း|သူ)",
                r"ပညာအရည်အချင်း\s*မလို",
                r"အလုပ်လွယ်",
            ),
            "zh": (
                r"会(?:打字|中文|英文|电脑|聊天)(?:就|即)(?:可|行)",
                r"有手就行",
                r"无门槛",
                r"无需经验",
                r"无经验",
                r"不需要经验",
                r"零基础",
                r"不限学历",
                r"无学历要求",
                r"轻松",
                r"包教包会",
                r"小白",
            ),
        },
    ),
    Rule(
        "TRAVEL_VISA_PAID",
        1.0,
        "IOM",
        {
            "en": (
                r"(?:airport|border) pick-?up",
                r"pick(?:ed)? (?:you )?up at the (?:airport|border)",
                r"free (?:flights?|air ?tickets?|tickets?|visa|transport(?:ation)?|travel)",
                r"(?:flights?|air ?tickets?|tickets?|visa|travel)(?: costs?)?(?: and \w+)? (?:are |is )?(?:paid|covered|provided) by",
                r"company (?:pays|covers) (?:the |your )?(?:flights?|tickets?|visa|travel)",
                r"(?:we|company) (?:will )?(?:arrange|process) (?:your )?(?:visa|passport|travel)",
            ),
            "vi": (
                r"đón (?:tận nơi|tại sân bay|ở sân bay|tại cửa khẩu)",
                r"bao vé máy bay",
                r"miễn phí vé máy bay",
                r"(?:công ty|cty) (?:lo|chịu|bao) (?:vé|visa|chi phí đi lại)",
                r"bao visa",
                r"hỗ trợ vé máy bay",
                r"lo thủ tục (?:visa|hộ chiếu)",
                r"bao đi lại",
            ),
            "id": (
                r"dijemput di (?:bandara|perbatasan)",
                r"antar jemput bandara",
                r"tiket pesawat (?:gratis|ditanggung|dibayar)",
                r"gratis tiket",
                r"visa (?:gratis|ditanggung)",
                r"biaya (?:keberangkatan|perjalanan) ditanggung",
                r"diurus(?:kan)? (?:visa|paspor)",
            ),
            "tl": (
                r"susunduin (?:sa|kayo sa) (?:airport|border)",
                r"libreng? (?:pamasahe|ticket|tiket|visa|flight)",
                r"libre ang (?:pamasahe|plane ticket|tiket|ticket|visa|biyahe)",
                r"sagot ng (?:kompanya|company|employer) ang (?:pamasahe|ticket|visa)",
                r"free (?:ticket|visa|pamasahe)",
            ),
            "km": (
                r"(?:មាន)?ឡាន(?:មក)?(?:ទទួល|ជូន)",
                r"ទទួល(?:នៅ|ដល់)(?:ព្រលានយន្តហោះ|ព្រំដែន|ច្រក)",
                r"(?:ចេញ|រ៉ាប់រង)ថ្លៃ(?:ធ្វើដំណើរ|វីសា|សំបុត្រ)",
                r"ចេញថ្លៃ(?:សំបុត្រ|យន្តហោះ|ធ្វើដំណើរ|ទិដ្ឋាការ)",
                r"ឥតគិតថ្លៃ(?:សំបុត្រ|ទិដ្ឋាការ|ធ្វើដំណើរ)",
                r"(?:សំបុត្រយន្តហោះ|ទិដ្ឋាការ|ការធ្វើដំណើរ)\s*ឥតគិតថ្លៃ",
                r"ក្រុមហ៊ុនចេញ(?:ថ្លៃ)?",
                r"រ៉ាប់រង(?:ថ្លៃ)?(?:ធ្វើដំណើរ|សំបុត្រ)",
            ),
            "th": (
                r"มีรถ(?:มา)?รับ",
                r"รับที่(?:สนามบิน|ชายแดน|ด่าน)",
                r"ออกค่า(?:ตั๋ว|เดินทาง|วีซ่า|ตั๋วเครื่องบิน)ให้",
                r"(?:ฟรี|ฟรีค่า)(?:ตั๋ว|ตั๋วเครื่องบิน|วีซ่า|ค่าเดินทาง)",
                r"(?:ตั๋วเครื่องบิน|วีซ่า|ค่าเดินทาง)ฟรี",
                r"บริษัทออกค่า",
                r"บินฟรี",
                r"ทำวีซ่าให้",
                r"ดำเนินการวีซ่าให้",
            ),
            "lo": (
                r"ມີລົດ(?:ມາ)?(?:ຮັບ|ຮັບສົ່ງ)",
                r"ຮັບ(?:ທີ່|ຢູ່)(?:ສະໜາມບິນ|ຊາຍແດນ|ດ່ານ)",
                r"ອອກຄ່າ(?:ປີ້ຍົນ|ວີຊາ|ເດີນທາງ)",
                r"ອອກຄ່າ(?:ປີ້|ເດີນທາງ|ວີຊາ)",
                r"(?:ປີ້ຍົນ|ວີຊາ|ຄ່າເດີນທາງ)\s*ຟຣີ",
                r"ຟຣີ\s*(?:ປີ້|ວີຊາ|ຄ່າເດີນທາງ)",
                r"ບໍລິສັດອອກໃຫ້",
            ),
            "my": (
                r"လေဆိပ်\s*(?:မှာ|တွင်)?\s*(?:လာ)?ကြို",
                r"နယ်စပ်\s*(?:မှာ|တွင်)?\s*(?:လာ)?ကြို",
                r"ကားနဲ့\s*လာကြို",
                r"(?:လေယာဉ်လက်မှတ်|ဗီဇာ|ခရီးစရိတ်)\s*(?:အခမဲ့|ကုမ္ပဏီက\s*ကျခံ|တာဝန်ယူ)",
                r"အခမဲ့\s*(?:လေယာဉ်|ဗီဇာ|ခရီး)",
                r"ကုမ္ပဏီက\s*ကျခံ",
            ),
            "zh": (
                r"(?:机场|边境|口岸)接(?:人|机|送)?",
                r"专车接送",
                r"包机票",
                r"报销机票",
                r"机票(?:全)?报销",
                r"公司(?:承担|负责|报销|包)(?:机票|路费|签证)",
                r"包签证",
                r"免费(?:机票|签证)",
                r"路费(?:全)?报销",
                r"报销路费",
                r"落地报销",
                r"包接机",
            ),
        },
    ),
    Rule(
        "FREE_HOUSING_FOOD",
        0.4,
        "IOM",
        {
            "en": (
                r"free (?:accommodation|housing|room|lodging|food|meals|board)",
                r"(?:accommodation|housing|meals|food) (?:is |are )?(?:free|provided free)",
                r"room and board (?:included|provided|free)",
            ),
            "vi": (r"bao ăn(?: ở)?", r"bao ở", r"miễn phí (?:chỗ ở|ăn ở|ký túc xá)", r"ăn ở miễn phí"),
            "id": (
                r"mess gratis",
                r"tempat tinggal gratis",
                r"makan (?:dan tempat tinggal )?gratis",
                r"gratis (?:makan|mess|tempat tinggal)",
            ),
            "tl": (
                r"libreng? (?:tirahan|pagkain|kain|bahay|accommodation)",
                r"free (?:board and lodging|food and accommodation)",
            ),
            "km": (
                r"ស្នាក់នៅ\s*ឥតគិតថ្លៃ",
                r"ហូបចុក\s*ឥតគិតថ្លៃ",
                r"ឥតគិតថ្លៃ\s*(?:កន្លែងស្នាក់នៅ|ស្នាក់នៅ|អាហារ|ហូបចុក)",
                r"មានកន្លែងស្នាក់នៅ\s*និង\s*អាហារ",
            ),
            "th": (r"ที่พักฟรี", r"อาหารฟรี", r"ฟรีที่พัก", r"ฟรีอาหาร", r"มีที่พักให้ฟรี", r"ฟรีค่าที่พัก"),
            "lo": (r"ທີ່ພັກຟຣີ", r"ອາຫານຟຣີ", r"ຟຣີທີ່ພັກ", r"ຟຣີອາຫານ"),
            "my": (r"နေစရာ\s*(?:အခမဲ့|အဆင်သင့်)", r"စားစရာ\s*အခမဲ့", r"အခမဲ့\s*(?:နေ|စား)"),
            "zh": (r"包吃(?:包)?住", r"包食宿", r"免费住宿", r"提供食宿", r"吃住全包"),
        },
    ),
    Rule(
        "VAGUE_SCAM_ROLE",
        0.8,
        "OHCHR2023",
        {
            "en": (
                r"live ?stream(?:ing)? host",
                r"streamer",
                r"online game",
                r"call cent(?:er|re) agent",
                r"chat(?:ting)? with customers",
                r"typists?",
                r"typing (?:job|work)",
                r"online (?:customer service|marketing|sales|chat)",
                r"data entry",
                r"game (?:operator|promoter|tester)",
                r"chat (?:agent|operator|support)",
                r"telemarketing",
                r"tele-?sales",
                r"crypto(?:currency)? (?:promoter|marketing|sales)",
                r"investment (?:consultant|promoter)",
                r"online (?:job|work) abroad",
                r"social media (?:operator|marketing)",
                r"translator",
            ),
            "vi": (
                r"tư vấn đầu tư",
                r"livestream",
                r"chat với khách hàng",
                r"đánh máy",
                r"nhập liệu",
                r"chăm sóc khách hàng online",
                r"cskh online",
                r"chạy quảng cáo",
                r"tiếp thị online",
                r"trực (?:page|fanpage|game)",
                r"chat với khách",
                r"sale online",
                r"phiên dịch",
            ),
            "id": (
                r"konsultan investasi",
                r"host live",
                r"live streaming",
                r"admin online",
                r"pengetik",
                r"mengetik",
                r"input data",
                r"marketing online",
                r"cs online",
                r"operator game",
                r"customer service online",
                r"chatting",
                r"penerjemah",
            ),
            "tl": (
                r"live selling host",
                r"investment consultant",
                r"typist",
                r"encoder",
                r"online (?:selling|marketing|customer service)",
                r"chat support",
                r"game operator",
                r"tagasalin",
            ),
            "km": (
                r"(?:បុគ្គលិក|អ្នក)ឆាត",
                r"ឆាតជាមួយ(?:អតិថិជន|ភ្ញៀវ)",
                r"(?:អ្នក)?វាយអត្ថបទ",
                r"ទីប្រឹក្សា(?:ការ)?វិនិយោគ",
                r"ផ្សាយផ្ទាល់",
                r"លក់(?:តាម)?អនឡាញ",
                r"វាយអក្សរ",
                r"បញ្ចូលទិន្នន័យ",
                r"ផ្សព្វផ្សាយ\s*អនឡាញ",
                r"ទីផ្សារ\s*អនឡាញ",
                r"បម្រើអតិថិជន\s*អនឡាញ",
                r"អ្នកបកប្រែ",
                r"ហ្គេម",
            ),
            "th": (
                r"(?:พนักงาน)?(?:ตอบ)?แชท(?:กับ)?ลูกค้า",
                r"พนักงาน(?:ตอบ)?แชท",
                r"ที่ปรึกษาการลงทุน",
                r"ไลฟ์สด",
                r"เกมออนไลน์",
                r"พิมพ์งาน",
                r"คีย์ข้อมูล",
                r"แอดมินออนไลน์",
                r"การตลาดออนไลน์",
                r"เทเลเซล",
                r"ล่าม",
                r"พนักงานเกม",
            ),
            "lo": (
                r"(?:ພະນັກງານ)?(?:ຕອບ)?ແຊັດ(?:ກັບ)?ລູກຄ້າ",
                r"ພະນັກງານ(?:ຕອບ)?ແຊັດ",
                r"ທີ່ປຶກສາ(?:ການ)?ລົງທຶນ",
                r"(?:ໄລຟ໌|ໄລຟ|ຖ່າຍທອດ)ສົດ",
                r"ເກມອອນລາຍ",
                r"ຂາຍ(?:ທາງ|ແບບ)?ອອນລາຍ",
                r"ບໍລິການລູກຄ້າອອນລາຍ",
                r"ພິມເອກະສານ",
                r"ພິມຂໍ້ມູນ",
                r"ການຕະຫຼາດອອນລາຍ",
                r"ນາຍແປພາສາ",
                r"ແອັດມິນ",
            ),
            "my": (
                r"တိုက်ရိုက်\s*(?:ထုတ်လွှင့်|လိုက်)",
                r"ရင်းနှီးမြှုပ်နှံ(?:မှု)?\s*အကြံပေး",
                r"စာရိုက်",
                r"ဒေတာ\s*(?:ထည့်|ရိုက်)",
                r"အွန်လိုင်း\s*(?:စျေးကွက်|မားကတ်တင်း|ရောင်း)",
                r"ချတ်",
                r"ဘာသာပြန်",
                r"ဂိမ်း",
            ),
            "zh": (
                r"主播",
                r"直播",
                r"(?:投资|理财)顾问",
                r"打字员",
                r"录入员?",
                r"网络?客服",
                r"在线客服",
                r"网络推广",
                r"网推",
                r"网络营销",
                r"聊天",
                r"电销",
                r"话务",
                r"翻译",
                r"游戏(?:推广|运营)",
                r"盘口",
                r"业务员",
                r"推广员",
            ),
            "*": (r"\btypist\b", r"\bdata entry\b", r"\bcs online\b", r"\badmin online\b"),
        },
    ),
    Rule(
        "COMPOUND_HUB",
        1.3,
        "OHCHR2023",
        {
            "*": (
                r"sihanouk ?ville",
                r"\bbavet\b",
                r"\bpoipet\b",
                r"o'? ?smach",
                r"myawadd?y",
                r"shwe ?kokko",
                r"\bkk ?park\b",
                r"tachileik",
                r"golden triangle",
                r"\blaukk?(?:ai|aing)\b",
                r"kings? romans?",
                r"\bbokor\b",
                r"\bbamban\b",
                r"\bporac\b",
                r"ton pheung",
                r"\bmongla\b",
                r"\bwa state\b",
                r"\bkokang\b",
                r"\bchrey thom\b",
                r"\bkoh kong\b",
                r"\bmesot\b",
                r"\bmae sot\b",
            ),
            "km": (
                r"សីហនុវិល",
                r"មៀវ៉ាឌី",
                r"ម្យាវ៉ាឌី",
                r"មីយ៉ាវ៉ាឌី",
                r"ស្វេកុកកូ",
                r"ស៊្វេកុកកូ",
                r"តាឈីឡេក",
                r"តាជីឡេក",
                r"ត្រីកោណមាស",
                r"ម៉ែសត",
                r"ម៉ែសុត",
                r"ឈ្រៃធំ",
                r"ឡៅកាយ",
                r"ក្រុងព្រះសីហនុ",
                r"ខេត្តព្រះសីហនុ",
                r"ព្រះសីហនុ",
                r"បាវិត",
                r"ប៉ោយប៉ែត",
                r"អូរស្មាច់",
                r"បូកគោ",
                r"កោះកុង",
            ),
            "th": (
                r"ชเวโกโก",
                r"สีหนุวิล",
                r"สีหนุ",
                r"ปอยเปต",
                r"เมียวดี",
                r"ท่าขี้เหล็ก",
                r"สามเหลี่ยมทองคำ",
                r"ชเวโก๊กโก่",
                r"บาเวต",
                r"แม่สอด",
            ),
            "lo": (
                r"ບາເວດ",
                r"ບາເວັດ",
                r"ປອຍເປດ",
                r"ປອຍເປັດ",
                r"ແມ່ສອດ",
                r"ມຽວະດີ",
                r"ມຽວດີ",
                r"ມຽວາດີ",
                r"ທ່າຂີ້ເຫຼັກ",
                r"ຊະເວໂກກໂກ",
                r"ຊເວໂກກໂກ",
                r"ກິງໂຣມັນ",
                r"ສາມຫຼ່ຽມຄຳ",
                r"ຕົ້ນເຜິ້ງ",
                r"ສີຫະນຸ",
            ),
            "my": (
                r"ဘာဗက်",
                r"ပွိုင်ပက်",
                r"မဲဆောက်",
                r"ဆီဟာနု",
                r"ရွှေကုက္ကိုလ်",
                r"မြဝတီ",
                r"ရွှေကုက္ကို",
                r"တာချီလိတ်",
                r"လောက်ကိုင်",
                r"ကေကေပတ်",
                r"ရွှေတြိဂံ",
                r"မိုင်းလား",
            ),
            "zh": (
                r"湄索",
                r"美索",
                r"波比",
                r"西港",
                r"西哈努克",
                r"妙瓦底",
                r"金三角",
                r"果敢",
                r"老街",
                r"大其力",
                r"木姐",
                r"波贝",
                r"巴域",
                r"亚太城",
                r"KK园区",
                r"园区",
                r"缅北",
                r"菲律宾(?:园区|博彩)",
            ),
            "vi": (r"xi-ha-núc", r"tam giác vàng"),
            "id": (r"segitiga emas",),
            "en": (r"golden triangle sez",),
        },
    ),
    Rule(
        "MESSAGING_ONLY_CONTACT",
        1.0,
        "INTERPOL2023",
        {
            "*": (
                r"telegram",
                r"whats ?app",
                r"\bwa\s*[:.]?\s*\+?\d",
                r"wechat",
                r"\bline\s*(?:id|:)",
                r"\bviber\b",
                r"\bsignal\b",
                r"\bt\.me/",
                r"wa\.me/",
                r"\btg\s*[:@]",
                r"\bpm me\b",
                r"\binbox\b",
                r"\bdm (?:me|us)\b",
                r"messenger",
                r"\bqq\s*[:：]?\s*\d",
                r"(?<![\w.])@[a-z][a-z0-9_]{3,}(?![a-z0-9_.-]*\.[a-z])",
            ),
            "zh": (
                r"微信",
                r"飞机号?",
                r"纸飞机",
                r"私信",
                r"私聊",
                r"加[vV微]",
                r"[vV]信",
                r"电报",
                r"蝙蝠",
            ),
            "vi": (r"nhắn tin", r"ib (?:ngay|mình|em)", r"inbox", r"zalo"),
            "id": (r"hubungi (?:via )?(?:wa|whatsapp|telegram)", r"chat (?:wa|admin)", r"dm (?:admin|kami)"),
            "tl": (r"(?:mag-?)?pm (?:lang|po|agad)", r"i-?message"),
            "km": (
                r"វ៉ាត់សាប",
                r"ទាក់ទង(?:តាម)?\s*(?:telegram|whatsapp|line|wechat)",
                r"តេឡេក្រាម",
                r"ផ្ញើសារ",
                r"ឆាតមក",
                r"ហ្វេសប៊ុក",
                r"តេលេក្រាម",
            ),
            "th": (r"ไลน์", r"แอดไลน์", r"ทักแชท", r"ทักไลน์", r"อินบ็อกซ์", r"เทเลแกรม", r"วอทส์แอพ"),
            "lo": (
                r"ທັກແຊັດ",
                r"ຕິດຕໍ່(?:ທາງ|ຜ່ານ)\s*(?:telegram|whatsapp|line|wechat|ເທເລ)",
                r"ວັອດແອັບ",
                r"ເທເລແກຣມ",
                r"ໄລນ໌",
                r"ທັກມາ",
                r"ສົ່ງຂໍ້ຄວາມ",
            ),
            "my": (
                r"ဝက်ချက်",
                r"ဖေ့ဘုတ်\s*(?:စာ|မက်)",
                r"တယ်လီဂရမ်",
                r"မက်ဆေ့",
                r"ဗိုင်ဘာ",
                r"စာပို့",
                r"ဆက်သွယ်ရန်\s*(?:telegram|viber)",
            ),
        },
    ),
    Rule(
        "URGENCY",
        0.5,
        "IOM",
        {
            "en": (
                r"(?:leave|depart|fly) within \d+ days",
                r"first come,? first served",
                r"urgent(?:ly)?",
                r"limited (?:slots?|places|seats|positions)",
                r"start (?:immediately|tomorrow|now)",
                r"depart (?:this|next) week",
                r"(?:only|last) \d+ (?:slots?|places|seats)",
                r"hurry",
                r"apply (?:now|today) before",
            ),
            "vi": (
                r"(?:xuất cảnh|bay|đi) trong (?:vòng )?\d+ ngày",
                r"ai nhanh (?:thì|người) (?:được|đó)",
                r"gấp",
                r"cần ngay",
                r"số lượng có hạn",
                r"đi ngay",
                r"xuất cảnh ngay",
            ),
            "id": (
                r"berangkat dalam \d+ hari",
                r"siapa cepat dia dapat",
                r"dibutuhkan segera",
                r"segera",
                r"kuota terbatas",
                r"berangkat (?:cepat|minggu ini)",
                r"butuh cepat",
            ),
            "tl": (
                r"aalis (?:sa loob ng|within) \d+ araw",
                r"first come first served",
                r"agaran",
                r"kailangan agad",
                r"hiring agad",
                r"limitado",
                r"madaliang alis",
                r"urgent hiring",
            ),
            "km": (
                r"ចេញដំណើរ(?:ក្នុង(?:រយៈពេល)?\s*\d+\s*ថ្ងៃ|សប្តាហ៍នេះ|សប្ដាហ៍នេះ)",
                r"នៅសល់(?:តែ)?\s*\d+\s*(?:កន្លែង|នាក់)",
                r"មកមុនបានមុន",
                r"ចូលធ្វើការ(?:ភ្លាម|ភ្លាមៗ)",
                r"បន្ទាន់",
                r"ចំនួនមានកំណត់",
                r"ចេញដំណើរភ្លាម",
                r"ចាប់ផ្ដើមភ្លាម",
                r"ត្រូវការជាបន្ទាន់",
            ),
            "th": (
                r"เดินทาง(?:ภายใน\s*\d+\s*วัน|สัปดาห์นี้)",
                r"เหลือ(?:เพียง|แค่)?\s*\d+\s*(?:ที่|ตำแหน่ง)",
                r"มาก่อนได้ก่อน",
                r"ด่วน",
                r"จำนวนจำกัด",
                r"เริ่มงานทันที",
                r"บินทันที",
                r"รับจำนวนจำกัด",
            ),
            "lo": (
                r"ເດີນທາງ(?:ພາຍໃນ\s*\d+\s*ມື້|ອາທິດນີ້)",
                r"ເຫຼືອ(?:ພຽງ|ແຕ່)?\s*\d+\s*(?:ບ່ອນ|ຄົນ|ທີ່)",
                r"ມາກ່ອນໄດ້ກ່ອນ",
                r"ຮັບ(?:ສະໝັກ)?ດ່ວນ",
                r"ດ່ວນ",
                r"ຈຳນວນຈຳກັດ",
                r"ເລີ່ມວຽກທັນທີ",
            ),
            "my": (
                r"\d+\s*ရက်\s*(?:အတွင်း|အတွက်)\s*(?:ထွက်|ခရီး)",
                r"နေရာ\s*\d+\s*(?:နေရာ)?\s*သာ\s*ကျန်",
                r"အမြန်",
                r"အရေးပေါ်",
                r"နေရာအကန့်အသတ်",
                r"ချက်ချင်း",
            ),
            "zh": (
                r"(?:\d+|[一二两三四五])天内(?:出发|出境)",
                r"先到先得",
                r"仅剩\d+",
                r"急招",
                r"急聘",
                r"名额有限",
                r"马上(?:出发|上班|入职)",
                r"即刻",
                r"速来",
                r"随时(?:出发|入职)",
            ),
        },
    ),
    Rule(
        "AGE_APPEARANCE_LIMIT",
        0.6,
        "OHCHR2023",
        {
            "en": (
                r"(?:age[sd]?|aged)\s*:?\s*(?:1[6-9]|2\d)\s*(?:-|to|–)\s*(?:2\d|3[0-5])",
                r"good[- ]looking",
                r"pretty",
                r"attractive (?:appearance|girls|women|ladies)",
                r"slim",
                r"height (?:above|over|at least)",
                r"single (?:women|girls|ladies|only)",
                r"young (?:women|girls|ladies)",
            ),
            "vi": (
                r"tuổi\s*(?:từ\s*)?(?:1[6-9]|2\d)\s*(?:-|đến|–)\s*(?:2\d|3[0-5])",
                r"ngoại hình (?:ưa nhìn|đẹp|khá)",
                r"xinh",
                r"chiều cao",
            ),
            "id": (
                r"usia\s*(?:1[6-9]|2\d)\s*(?:-|sampai|s/d|–)\s*(?:2\d|3[0-5])",
                r"berpenampilan menarik",
                r"cantik",
                r"tinggi badan",
                r"belum menikah",
            ),
            "tl": (
                r"edad\s*(?:1[6-9]|2\d)\s*(?:-|hanggang|–)\s*(?:2\d|3[0-5])",
                r"maganda",
                r"may itsura",
                r"dalaga",
            ),
            "km": (
                r"រូបសម្បត្តិល្អ",
                r"សម្រស់ល្អ",
                r"អាយុ\s*(?:ពី\s*)?(?:1[6-9]|2\d)\s*(?:-|ដល់|–)\s*(?:2\d|3[0-5])",
                r"រូបរាងស្អាត",
                r"ស្អាត",
                r"កម្ពស់",
            ),
            "th": (
                r"อายุ\s*(?:1[6-9]|2\d)\s*(?:-|ถึง|–)\s*(?:2\d|3[0-5])",
                r"หน้าตาดี",
                r"บุคลิกดี",
                r"รูปร่างดี",
                r"สวย",
                r"ส่วนสูง",
            ),
            "lo": (
                r"ບຸກຄະລິກດີ",
                r"ສູງ\s*1[4-7]\d",
                r"ອາຍຸ\s*(?:1[6-9]|2\d)\s*(?:-|ຫາ|–)\s*(?:2\d|3[0-5])",
                r"ໜ້າຕາດີ",
                r"ງາມ",
                r"ລວງສູງ",
            ),
            "my": (
                r"ရုပ်ချော",
                r"အသက်\s*(?:1[6-9]|2\d)\s*(?:-|မှ|–)\s*(?:2\d|3[0-5])",
                r"ရုပ်ရည်\s*(?:ချောမော|သန့်ပြန့်)",
                r"အရပ်",
            ),
            "zh": (
                r"(?:年龄|年齡)\s*(?:1[6-9]|2\d)\s*(?:-|至|到|–|~)\s*(?:2\d|3[0-5])",
                r"(?:1[6-9]|2\d)\s*(?:-|至|到|–|~)\s*(?:2\d|3[0-5])\s*岁",
                r"形象(?:好|气质佳)",
                r"颜值",
                r"身高",
                r"未婚",
            ),
        },
    ),
    Rule(
        "PASSPORT_REQUESTED",
        1.5,
        "ILO2012",
        {
            "en": (
                r"(?:photo|copy|scan) of (?:your )?passport (?:first|to apply)",
                r"send (?:us )?(?:a )?(?:photo of |copy of )?(?:your )?passport",
                r"passport (?:will be )?(?:kept|held|retained|keep) by",
                r"(?:hand|give) (?:over )?(?:your )?passport",
                r"company (?:keeps|holds) (?:your )?passport",
                r"keep (?:your )?passport",
            ),
            "vi": (
                r"gửi (?:ảnh )?hộ chiếu",
                r"(?:công ty|cty) giữ hộ chiếu",
                r"nộp hộ chiếu",
                r"giữ hộ chiếu",
            ),
            "id": (
                r"kirim(?:kan)? (?:foto )?paspor",
                r"paspor (?:ditahan|disimpan) (?:oleh )?(?:perusahaan|kantor)",
                r"serahkan paspor",
            ),
            "tl": (
                r"ipadala ang (?:iyong )?(?:passport|pasaporte)",
                r"(?:pasaporte|passport).{0,30}(?:itatago|hahawakan|kukunin) ng (?:kumpanya|kompanya|company|employer|amo)",
                r"(?:itatago|hahawakan) ng (?:kompanya|company|employer) ang passport",
                r"isuko ang passport",
            ),
            "km": (
                r"ផ្ញើ(?:រូប(?:ថត)?|ច្បាប់ចម្លង)\s*លិខិតឆ្លងដែន",
                r"លិខិតឆ្លងដែន[^\n|]{0,25}(?:ផ្ញើ|ប្រគល់)",
                r"(?:ក្រុមហ៊ុន|និយោជក)\s*(?:រក្សា|កាន់|ទុក)(?:ទុក)?\s*លិខិតឆ្លងដែន",
                r"ផ្ញើ(?:រូប)?លិខិតឆ្លងដែន",
                r"ក្រុមហ៊ុន(?:រក្សាទុក|កាន់)\s*លិខិតឆ្លងដែន",
                r"ប្រគល់លិខិតឆ្លងដែន",
                r"លិខិតឆ្លងដែន.{0,20}រក្សាទុក",
            ),
            "th": (
                r"(?:บริษัท|นายจ้าง)(?:จะ)?(?:เก็บ|ยึด|ดูแล)(?:รักษา)?(?:หนังสือเดินทาง|พาสปอร์ต)",
                r"ส่ง(?:รูป)?(?:หนังสือเดินทาง|พาสปอร์ต)",
                r"(?:บริษัท|นายจ้าง)(?:เก็บ|ยึด)(?:หนังสือเดินทาง|พาสปอร์ต)",
                r"ฝาก(?:หนังสือเดินทาง|พาสปอร์ต)",
                r"(?:หนังสือเดินทาง|พาสปอร์ต).{0,15}(?:เก็บไว้|ยึด)",
            ),
            "lo": (
                r"ສົ່ງ(?:ຮູບ|ສຳເນົາ)?\s*(?:ໜັງສືຜ່ານແດນ|ພາສປອດ|ພາສະປອດ)",
                r"(?:ໜັງສືຜ່ານແດນ|ພາສປອດ|ພາສະປອດ)[^\n|]{0,25}(?:ສົ່ງ|ຍຶດ|ຝາກ)",
                r"(?:ບໍລິສັດ|ນາຍຈ້າງ)\s*(?:ເກັບ|ຮັກສາ|ຍຶດ)(?:ຮັກສາ|ໄວ້)?\s*(?:ໜັງສືຜ່ານແດນ|ພາສປອດ)",
                r"ສົ່ງ(?:ຮູບ)?ໜັງສືຜ່ານແດນ",
                r"ບໍລິສັດ(?:ເກັບ|ຮັກສາ)ໜັງສືຜ່ານແດນ",
                r"ໜັງສືຜ່ານແດນ.{0,15}ເກັບໄວ້",
            ),
            "my": (
                r"ပတ်(?:စ်)?ပို့\s*(?:ဓာတ်ပုံ|မိတ္တူ)",
                r"ပတ်စ်ပို့.{0,20}(?:ပို့|အပ်|သိမ်း|ထိန်း)",
                r"နိုင်ငံကူးလက်မှတ်.{0,20}(?:ပို့|အပ်|သိမ်း|ထိန်း)",
            ),
            "zh": (
                r"护照(?:照片|复印件)?(?:先)?发(?:过来|给)",
                r"(?:发|提供)护照(?:照片|复印件)?",
                r"护照(?:由公司|公司)?(?:保管|扣押|代管|上交)",
                r"上交护照",
                r"扣护照",
            ),
        },
        negatable=True,
    ),
    Rule(
        "FEES_DEPOSIT_DEBT",
        1.3,
        "ILO2012",
        {
            "en": (
                r"pay (?:a |an )?(?:us)?\$ ?\d",
                r"pay \d+ ?(?:usd|dollars)",
                r"(?:visa|training|ticket) (?:fee|cost)s? (?:of|is|are)",
                r"(?:recruitment|processing|placement|registration|training|medical|agency) fee",
                r"(?<!direct )(?<!checks to )(?<!check to )deposit(?!\w* (?:[\w'-]+ ){0,2}(?:checks?|cheques?)\b)",
                r"pay (?:back|later|off) (?:from|with|out of) (?:your )?salary",
                r"deducted from (?:your )?salary",
                r"advance payment",
                r"loan (?:for|to cover)",
            ),
            "vi": (
                r"nộp (?:trước )?\d",
                r"phí (?:visa|vé)",
                r"phí (?:tuyển dụng|xử lý hồ sơ|đăng ký|môi giới|đào tạo)",
                r"đặt cọc",
                r"tiền cọc",
                r"trừ (?:vào )?lương",
                r"vay (?:tiền|trước)",
            ),
            "id": (
                r"bayar (?:dulu |di muka )?(?:rp\.? ?|\$ ?)?\d",
                r"biaya (?:visa|tiket)",
                r"biaya (?:pendaftaran|administrasi|proses|pelatihan|penempatan)",
                r"uang (?:jaminan|deposit|muka)",
                r"potong gaji",
                r"dipotong dari gaji",
            ),
            "tl": (
                r"magbayad ng",
                r"bayad (?:sa|para sa) (?:visa|training|ticket)",
                r"placement fee",
                r"processing fee",
                r"(?:babayaran|bayaran) (?:sa|mula sa) sahod",
                r"kaltas sa sahod",
                r"deposito",
            ),
            "km": (
                r"កក់ប្រាក់",
                r"បង់(?:ប្រាក់)?\s*\$?\s*\d",
                r"ថ្លៃ(?:វីសា|បណ្តុះបណ្តាល|បណ្ដុះបណ្ដាល|សំបុត្រ)[^\n|]{0,12}(?:កាត់|បង់)",
                r"កាត់(?:ចេញ)?(?:ពី)?(?:ប្រាក់ខែ|ប្រាក់ឈ្នួល)",
                r"ថ្លៃ(?:សេវា|ចុះឈ្មោះ|ដំណើរការ|ឯកសារ)",
                r"ប្រាក់កក់",
                r"កាត់(?:ពី)?ប្រាក់ខែ",
                r"បំណុល",
                r"ខ្ចីប្រាក់",
            ),
            "th": (
                r"จ่าย(?:เงิน)?(?:ก่อน)?\s*\d",
                r"ค่า(?:วีซ่า|อบรม|เอกสาร|บริการ)",
                r"ค่า(?:สมัคร|ดำเนินการ|นายหน้า|หัวคิว|ธรรมเนียม)",
                r"เงินมัดจำ",
                r"หักจากเงินเดือน",
                r"หักเงินเดือน",
                r"ผ่อนจ่าย",
                r"กู้",
            ),
            "lo": (
                r"ມັດຈຳ",
                r"ຈ່າຍ(?:ເງິນ)?(?:ກ່ອນ)?\s*\$?\s*\d",
                r"ຄ່າ(?:ວີຊາ|ຝຶກອົບຮົມ|ເອກະສານ|ບໍລິການ)",
                r"ຫັກ(?:ຈາກ|ອອກຈາກ)?\s*(?:ເງິນເດືອນ|ຄ່າຈ້າງ)",
                r"ຢືມເງິນ",
                r"ຄ່າ(?:ສະໝັກ|ດຳເນີນການ|ນາຍໜ້າ|ທຳນຽມ)",
                r"ເງິນມັດຈຳ",
                r"ຫັກຈາກເງິນເດືອນ",
                r"ໜີ້",
            ),
            "my": (
                r"ကြိုတင်\s*(?:ငွေ)?\s*ပေး",
                r"ငွေ\s*\$?\d[\d,]*\s*(?:ကျပ်|ဒေါ်လာ)?\s*(?:ပေးရ|သွင်းရ)",
                r"(?:ဝန်ဆောင်ခ|ကြိုတင်ငွေ|စရံငွေ|အာမခံငွေ)",
                r"လစာမှ\s*ဖြတ်",
                r"အကြွေး",
            ),
            "zh": (
                r"(?:先)?(?:交|付)\s*\d+",
                r"(?:签证|培训|机票)费",
                r"(?:中介|报名|手续|培训|押)费",
                r"押金",
                r"保证金",
                r"工资(?:里|中)?扣(?:除)?",
                r"先垫付",
                r"借款",
            ),
        },
        negatable=True,
    ),
    Rule(
        "TOURIST_VISA_WORK",
        1.2,
        "INTERPOL2023",
        {
            "en": (
                r"enter as a tourist",
                r"(?:change|convert)(?:d)? (?:it |your visa )?(?:to|into) a work (?:visa|permit)",
                r"tourist visa",
                r"visit visa",
                r"visa on arrival",
                r"no work permit (?:needed|required)",
                r"without (?:a )?work permit",
            ),
            "vi": (
                r"đổi sang (?:visa|thị thực) lao động",
                r"theo diện du lịch",
                r"visa du lịch",
                r"thị thực du lịch",
                r"không cần giấy phép lao động",
                r"đi du lịch rồi làm",
            ),
            "id": (
                r"(?:diubah|diganti|ganti) (?:ke|jadi|menjadi) visa kerja",
                r"masuk sebagai turis",
                r"visa (?:turis|wisata|kunjungan)",
                r"tanpa izin kerja",
                r"tidak perlu izin kerja",
            ),
            "tl": (
                r"(?:papalitan|ipapalit) ng working visa",
                r"pumasok bilang turista",
                r"tourist visa",
                r"walang working visa",
                r"hindi kailangan ng work permit",
            ),
            "km": (
                r"(?:វីសា|ទិដ្ឋាការ)\s*ទេសចរ",
                r"(?:ចូល|ទៅ)(?:ជា|ដោយ|ក្នុងនាម)ភ្ញៀវទេសចរ",
                r"មិន(?:ចាំបាច់|ត្រូវការ)(?:មាន)?\s*(?:លិខិតអនុញ្ញាត|ប័ណ្ណ)\s*ការងារ",
                r"ប្តូរ(?:ជា|ទៅ)?\s*(?:វីសា|ទិដ្ឋាការ)\s*ការងារ",
                r"ប្ដូរ(?:ជា|ទៅ)?\s*(?:វីសា|ទិដ្ឋាការ)\s*ការងារ",
                r"ទិដ្ឋាការ\s*ទេសចរណ៍",
                r"មិនត្រូវការ\s*(?:លិខិតអនុញ្ញាត|ប័ណ្ណ)\s*ការងារ",
            ),
            "th": (
                r"เปลี่ยนเป็นวีซ่าทำงาน",
                r"เข้า(?:ไป)?แบบนักท่องเที่ยว",
                r"วีซ่าท่องเที่ยว",
                r"ไม่ต้องมีใบอนุญาตทำงาน",
                r"ไม่ต้องทำเวิร์คเพอร์มิต",
            ),
            "lo": (
                r"ເຂົ້າ(?:ໄປ)?(?:ແບບ|ເປັນ)ນັກທ່ອງທ່ຽວ",
                r"ປ່ຽນ(?:ເປັນ)?\s*ວີຊາ\s*(?:ເຮັດ)?ວຽກ",
                r"ບໍ່(?:ຕ້ອງ|ຈຳເປັນຕ້ອງ)ມີ\s*ໃບອະນຸຍາດ\s*(?:ເຮັດ)?ວຽກ",
                r"ວີຊາທ່ອງທ່ຽວ",
                r"ບໍ່ຕ້ອງມີໃບອະນຸຍາດເຮັດວຽກ",
            ),
            "my": (
                r"အလုပ်\s*ဗီဇာ\s*(?:ပြောင်း|ပြောင်းပေး)",
                r"ခရီးသွား\s*(?:အဖြစ်|အနေနဲ့)",
                r"ခရီးသွား\s*ဗီဇာ",
                r"အလုပ်ပါမစ်\s*မလို",
            ),
            "zh": (
                r"(?:到|落地)后(?:再)?(?:办|换)(?:工作)?签",
                r"旅游签证?",
                r"免签入境",
                r"旅游签",
                r"落地签",
                r"商务签(?:入境)?",
                r"不需要工作签",
                r"无需工作签",
                r"走(?:小路|偷渡)",
            ),
        },
        negatable=True,
    ),
    Rule(
        "CRYPTO_WAGES",
        1.2,
        "FINCEN2023",
        {
            "tl": (
                r"sahod sa crypto",
                r"bayad sa crypto",
            ),
            "my": (
                r"ခရစ်ပ?တို",
                r"ဒစ်ဂျစ်တယ်\s*ငွေ",
            ),
            "lo": (
                r"ຄຣິບໂຕ",
                r"ຄຣິປໂຕ",
                r"ເງິນດິຈິຕອນ",
            ),
            "*": (
                r"\busdt\b",
                r"\btether\b",
                r"bitcoin",
                r"\bbtc\b",
                r"crypto(?:currency)? (?:salary|wages?|payment)",
                r"paid in crypto",
                r"\btrc-?20\b",
                r"\bbinance\b",
            ),
            "zh": (r"[Uu]结算", r"[Uu]币", r"泰达币", r"虚拟币", r"币圈"),
            "vi": (r"lương (?:bằng )?(?:usdt|tiền ảo|coin)", r"tiền điện tử"),
            "id": (r"gaji (?:dalam )?(?:usdt|kripto)", r"mata uang kripto"),
            "th": (r"คริปโต", r"เหรียญดิจิทัล"),
            "km": (r"រូបិយប័ណ្ណឌីជីថល", r"គ្រីបតូ"),
        },
    ),
    Rule(
        "SECRECY",
        0.9,
        "ILO2012",
        {
            "en": (
                r"(?:do not|don't|no need to) tell (?:your )?(?:family|parents|anyone)",
                r"keep (?:this|it) (?:secret|confidential|private)",
                r"details (?:only )?(?:in|by|via) (?:private|pm|dm|inbox)",
                r"(?:do not|don't) share (?:this|the details)",
            ),
            "vi": (
                r"không (?:cần|được|nên) (?:nói|báo|kể) (?:cho )?(?:gia đình|người nhà|ai)",
                r"giữ bí mật",
                r"chi tiết (?:ib|inbox|nhắn) riêng",
            ),
            "id": (
                r"jangan (?:beri ?tahu|bilang|kasih tahu) (?:keluarga|orang tua|siapa)",
                r"rahasiakan",
                r"info (?:lengkap )?(?:via |lewat )?japri",
            ),
            "tl": (
                r"huwag (?:sabihin|ipaalam) sa (?:pamilya|magulang|iba)",
                r"sikreto lang",
                r"detalye sa pm",
            ),
            "km": (
                r"(?:មិន(?:ចាំបាច់|ត្រូវ)|កុំ)ប្រាប់(?:គ្រួសារ|ឪពុកម្តាយ|អ្នកដទៃ|នរណា)",
                r"រក្សា(?:ការ)?សម្ងាត់",
                r"ព័ត៌មានលម្អិត[^\n|]{0,10}(?:ឯកជន|ផ្ទាល់ខ្លួន)",
            ),
            "th": (
                r"(?:ไม่ต้อง|ไม่ควร|ห้าม)บอก(?:ครอบครัว|พ่อแม่|ใคร)",
                r"เก็บเป็นความลับ",
                r"รายละเอียด[^\n|]{0,10}(?:แชท|ทัก)ส่วนตัว",
            ),
            "lo": (
                r"(?:ບໍ່(?:ຕ້ອງ|ຈຳເປັນຕ້ອງ)|ຢ່າ)ບອກ(?:ຄອບຄົວ|ພໍ່ແມ່|ໃຜ)",
                r"ເກັບ(?:ເປັນ|ໄວ້ເປັນ)ຄວາມລັບ",
                r"ລາຍລະອຽດ[^\n|]{0,10}(?:ແຊັດ|ທັກ)ສ່ວນຕົວ",
            ),
            "my": (r"မိသားစု(?:ကို)?\s*(?:မပြော|ပြောစရာမလို|အသိမပေး)", r"လျှို့ဝှက်(?:ထား)?"),
            "zh": (r"不要告诉(?:家人|父母|别人|任何人)", r"(?:务必|注意)?保密", r"详情私聊", r"私聊详谈"),
        },
    ),
    Rule(
        "UNCAPPED_COMMISSION",
        0.5,
        "OHCHR2023",
        {
            "en": (
                r"(?:unlimited|uncapped) (?:commissions?|income|earnings)",
                r"commissions? (?:with )?no (?:cap|limit|ceiling)",
                r"no (?:cap|limit|ceiling) on (?:commissions?|earnings|income)",
                r"top (?:staff|performers|agents|sellers) earn",
            ),
            "vi": (r"hoa hồng (?:không giới hạn|cao ngất)", r"thu nhập không giới hạn"),
            "id": (r"komisi (?:tanpa batas|tidak terbatas)", r"penghasilan tanpa batas"),
            "tl": (r"walang limit ang (?:commission|komisyon|kita)", r"unlimited (?:commission|income|kita)"),
            "km": (r"កម្រៃជើងសារ[^\n|]{0,12}(?:គ្មានដែនកំណត់|មិនកំណត់)", r"ចំណូល(?:គ្មានដែនកំណត់|មិនកំណត់)"),
            "th": (r"คอม(?:มิชชั่น|มิชชัน|มิสชั่น)?[^\n|]{0,10}(?:ไม่จำกัด|ไม่มีเพดาน)", r"รายได้ไม่จำกัด"),
            "lo": (r"ຄອມມິດຊັນ[^\n|]{0,12}(?:ບໍ່ມີເພດານ|ບໍ່ຈຳກັດ)", r"ລາຍໄດ້ບໍ່ຈຳກັດ"),
            "my": (r"ကော်မရှင်[^\n|]{0,12}အကန့်အသတ်\s*မရှိ", r"ဝင်ငွေ\s*အကန့်အသတ်\s*မရှိ"),
            "zh": (r"提成(?:无上限|不封顶)", r"上不封顶", r"业绩好月入"),
        },
    ),
    # Generic job fraud (issue 16's "EMSCAD-style" goal): the schemes the consumer warnings on employment
    # scams describe, written from those pages (FTC, BBB, FBI IC3), not from any posting. English phrases
    # (matched in every language, like all English ones); negated in the same sentence ("we never ask for
    # your bank details") they are no evidence.
    Rule(
        "RESHIPPING",
        2.2,
        "FTC_JOBS",
        {
            "en": (
                r"re-?ship\w*",
                r"re-?packag\w*",
                r"re-?label\w*",
                r"package forwarding",
                r"(?:receive|accept)\w* (?:[\w'-]+ ){0,3}(?:packages?|parcels?|deliveries|merchandise|goods|products)"
                r" (?:[\w'-]+ ){0,2}at (?:your )?(?:home|residence|house|apartment)",
                r"forward\w* (?:[\w'-]+ ){0,2}(?:packages?|parcels?|merchandise|goods|shipments?)",
                r"(?:remove|discard)\w* (?:[\w'-]+ ){0,2}original (?:packaging|boxes|invoices?|receipts?)",
            ),
        },
        sentence_negation=True,
    ),
    Rule(
        "CHECK_THEN_SEND_MONEY",
        2.2,
        "FTC_FAKECHECK",
        {
            "en": (
                r"deposit (?:[\w'-]+ ){0,3}(?:checks?|cheques?)",
                r"(?:mail|send|issue)\w* you a (?:[\w'-]+ ){0,2}(?:checks?|cheques?)",
                r"(?:checks?|cheques?) (?:[\w'-]+ ){0,3}(?:for|to (?:buy|purchase|cover)) (?:your |the )?(?:[\w'-]+ ){0,2}"
                r"(?:equipment|supplies|software|office|setup|set-up|evaluation|assignment)",
                r"(?:buy|purchase) (?:[\w'-]+ ){0,2}gift cards?",
                r"(?:photos?|pictures?) of the (?:gift )?card numbers?",
                r"wire (?:the )?(?:remaining|balance|rest|difference)",
                r"(?:vendor|supplier)\w*,? who (?:only )?accepts? (?:payment )?(?:by )?(?:wire|gift cards?|zelle|bitcoin)",
            ),
        },
        sentence_negation=True,
    ),
    Rule(
        "MONEY_TRANSFER_JOB",
        2.2,
        "IC3_2022",
        {
            "en": (
                r"(?:receive|accept)\w* (?:[\w'-]+ ){0,3}(?:payments?|funds|transfers|money) (?:[\w'-]+ ){0,2}"
                r"(?:into|in|to|through) your (?:own |personal )?(?:bank )?account",
                r"(?:pay|paid|send|deposit)\w* (?:[\w'-]+ ){0,3}into your (?:own |personal )(?:bank )?account",
                r"transfer (?:the )?(?:balance|rest|remaining|remainder)",
                r"forward\w* (?:[\w'-]+ ){0,3}(?:funds|payments|money|transfers)",
                r"payment processing (?:agent|assistant|representative)",
                r"keep (?:\d+ ?%|\w+ percent|a (?:percentage|commission|share))",
            ),
        },
        sentence_negation=True,
    ),
    Rule(
        "PAY_TO_START",
        1.8,
        "FTC_JOBS",
        {
            "en": (
                r"starter (?:kit|pack|package)",
                r"(?:purchase|buy|pay for) (?:[\w'-]+ ){0,3}(?:training|certification|course|kit|materials|"
                r"instruction|booklet|supplies|package)",
                r"(?:registration|certification|enrollment|enrolment|membership|background check|onboarding|"
                r"application|activation) fee",
                r"send \$ ?\d+",
                r"(?:refundable|refunded|reimbursed) (?:[\w'-]+ ){0,2}(?:after|with) your first",
            ),
        },
        sentence_negation=True,
    ),
    Rule(
        "PERSONAL_DATA_UPFRONT",
        1.6,
        "FTC_HIRE2020",
        {
            "en": (
                r"social security (?:number|no)",
                r"\bssn\b",
                r"routing (?:number|no)",
                r"bank (?:account (?:number|details|information|info)|details|information|login)",
                r"(?:online )?banking (?:details|information|login|credentials|password)",
                r"(?:copy|scan|photo|picture)s? of (?:[\w'-]+ ){0,4}(?:driver'?s licen[cs]e|id card|\bid\b|state id)",
                r"date of birth",
                r"credit card (?:number|details)",
            ),
        },
        sentence_negation=True,
        upfront_only=True,
    ),
    Rule(
        "CHAT_ONLY_INTERVIEW",
        1.6,
        "BBB2018",
        {
            "en": (
                r"interview\w* (?:[\w'-]+ ){0,6}(?:via|through|over|on|in|by) (?:[\w'-]+ ){0,2}(?:telegram|signal|"
                r"whats ?app|hangouts|wire|skype chat|teams chat|text chat|instant messag\w*|chat)",
                r"(?:instant messag\w*|text chat|written interview|chat interview)",
                r"no (?:phone|video|phone or video|in-person) interview",
                r"(?:download|install|create) (?:a |an |the )?(?:telegram|signal|wire|whats ?app|hangouts|skype)",
                r"hired without (?:an )?interview",
                r"(?:hired|hire you) immediately",
            ),
        },
        sentence_negation=True,
    ),
    Rule(
        "TASK_DEPOSIT",
        1.8,
        "FTC_TASKS2024",
        {
            "en": (
                r"(?:deposit|top up|top-up|recharge)\w* (?:[\w'-]+ ){0,4}(?:to unlock|to access|usdt|crypto\w*)",
                r"unlock (?:[\w'-]+ ){0,2}tasks?",
                r"(?:boost\w*|optimi[sz]\w*) (?:[\w'-]+ ){0,1}(?:app|product) (?:rankings?|listings?|ratings?)",
                r"(?:liking|like|rating|rate) (?:[\w'-]+ ){0,1}(?:videos|hotels|products|apps)",
                r"(?:small |a )?recharge",
                r"task sets?",
            ),
        },
    ),
    Rule(
        "FREE_MAIL_CONTACT",
        1.0,
        "IC3_2022",
        {
            "*": (
                r"[\w.+-]+@(?:gmail|yahoo|outlook|hotmail|protonmail|proton|aol|icloud|gmx|mail)\.(?:com|me|net)\b",
            ),
        },
    ),
)

# Computed rules: code, weight and source (their evidence comes from the text they looked at).
PAY_FAR_ABOVE_MARKET = ("PAY_FAR_ABOVE_MARKET", 1.6, "ILOSTAT")
NO_COMPANY_IDENTITY = ("NO_COMPANY_IDENTITY", 0.7, "INTERPOL2023")
# Lots of money for little work (FTC "Job Scams"): a pay above about USD 4,000 a month (the US median wage,
# BLS OEWS May 2023: USD 48,060 a year, is USD 4,005 a month) next to words that say the work is light.
EASY_MONEY_LITTLE_WORK = ("EASY_MONEY_LITTLE_WORK", 1.4, "FTC_JOBS")
# Job postings with fields (recruitment.postings): no company profile and no logo, nothing to research the
# employer by (FTC "Job Scams": search the company's name; very little about it is a red flag).
NO_EMPLOYER_DETAILS = ("NO_EMPLOYER_DETAILS", 0.8, "FTC_JOBS")

# Signs of a lawful, traceable employer; each lowers the rule score.
MITIGATIONS: dict[str, tuple[float, dict[str, tuple[str, ...]]]] = {
    "LICENSED_AGENCY": (
        -1.0,
        {
            "*": (
                r"\bmou\b",
                r"\beps(?:-topik)?\b",
                r"employment permit system",
                r"specified skilled worker",
                r"technical intern",
                r"ministry of labou?r",
                r"(?:national|public) employment serv",
                r"licen[cs]e (?:no\.?|number|#)\s*[:.]?\s*[\w/-]*\d",
                r"\bDMW\b",
                r"\bPOEA\b",
                r"\bBP2MI\b",
                r"\bMOLVT\b",
                r"\bDOLAB\b",
                r"registration (?:no\.?|number)\s*[:.]?\s*[\w/-]*\d",
            ),
            "vi": (
                r"trung tâm (?:dịch vụ việc làm|lao động ngoài nước)",
                r"cục quản lý lao động ngoài nước",
                r"giấy phép (?:số|hoạt động)",
                r"số đăng ký kinh doanh",
            ),
            "id": (
                r"disnaker",
                r"kemnaker",
                r"siskop2mi",
                r"(?:nomor )?izin (?:usaha|P3MI|SIP3MI)",
                r"\bSIUP\b",
                r"\bNIB\b",
            ),
            "km": (r"ក្រសួងការងារ", r"មជ្ឈមណ្ឌល(?:ជាតិ)?(?:មុខរបរ|ការងារ)", r"អាជ្ញាប័ណ្ណ(?:លេខ)?", r"ចុះបញ្ជី(?:លេខ)?"),
            "th": (
                r"ใบอนุญาต(?:จัดหางาน|\s*เลขที่)",
                r"กรมการจัดหางาน",
                r"สำนักงานจัดหางาน",
                r"จัดหางานจังหวัด",
                r"จดทะเบียน(?:เลขที่)?",
            ),
            "lo": (
                r"ໃບອະນຸຍາດ(?:ຈັດຫາງານ|\s*ເລກທີ)",
                r"ກະຊວງແຮງງານ",
                r"ສູນບໍລິການຈັດຫາງານ",
                r"ພະແນກແຮງງານ",
                r"ທະບຽນ(?:ວິສາຫະກິດ)?ເລກທີ",
            ),
            "my": (
                r"လိုင်စင်\s*(?:အမှတ်|no)",
                r"အလုပ်သမား(?:ရေးရာ)?\s*ဝန်ကြီးဌာန",
                r"အလုပ်အကိုင်\s*ရှာဖွေရေး\s*ဌာန",
                r"မှတ်ပုံတင်\s*အမှတ်",
            ),
            "zh": (
                r"人社局",
                r"人力资源和社会保障",
                r"(?:营业执照|许可证)(?:号|编号)?",
                r"统一社会信用代码",
                r"劳务派遣(?:经营)?许可",
            ),
        },
    ),
    "WRITTEN_CONTRACT": (
        -0.7,
        {
            "en": (
                r"paid into (?:your |a )?bank account",
                r"(?:written|employment|labou?r) contract",
                r"social security(?! (?:number|no\b))",
                r"paid leave",
                r"overtime (?:paid|pay)",
                r"working hours",
            ),
            "vi": (
                r"chuyển khoản (?:qua|vào) (?:ngân hàng|tài khoản)",
                r"hợp đồng lao động",
                r"bảo hiểm xã hội",
                r"nghỉ phép",
                r"giờ làm việc",
            ),
            "id": (
                r"(?:ditransfer|transfer) ke rekening",
                r"kontrak kerja",
                r"BPJS",
                r"cuti (?:tahunan|berbayar)",
                r"jam kerja",
            ),
            "tl": (
                r"(?:sa|through) bank account",
                r"kontrata",
                r"SSS|PhilHealth|Pag-?IBIG",
                r"oras ng trabaho",
            ),
            "km": (
                r"ផ្ទេរ(?:ចូល)?គណនីធនាគារ",
                r"កិច្ចសន្យាការងារ",
                r"ប្រព័ន្ធសន្តិសុខសង្គម|ប.ស.ស",
                r"ច្បាប់ឈប់សម្រាក",
                r"ម៉ោងធ្វើការ",
            ),
            "th": (r"โอนเข้าบัญชี", r"สัญญาจ้าง", r"ประกันสังคม", r"วันลา", r"เวลาทำงาน"),
            "lo": (r"ໂອນເຂົ້າບັນຊີ", r"ສັນຍາ(?:ແຮງງານ|ຈ້າງ)", r"ປະກັນສັງຄົມ", r"ເວລາເຮັດວຽກ"),
            "my": (r"ဘဏ်\s*(?:အကောင့်|စာရင်း)\s*(?:သို့|ထဲ)", r"အလုပ်\s*စာချုပ်", r"လူမှုဖူလုံ", r"အလုပ်ချိန်"),
            "zh": (r"银行(?:转账|代发)", r"劳动合同", r"五险一金|社保", r"带薪(?:年)?假", r"工作时间"),
        },
    ),
}


def _group_end(p: str, start: int) -> int:
    """The index of the ")" closing the group opened at `start` (escapes and [...] sets skipped)."""
    depth, i, in_set = 0, start, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {p!r}")


def _top_level_split(p: str) -> list[str]:
    parts, depth, last, i, in_set = [], 0, 0, 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(p[last:i])
            last = i + 1
        i += 1
    return [*parts, p[last:]]


def expand_leading(p: str, depth: int = 0) -> list[str]:
    """A phrase whose first item is a group, `(?:a|b)c` or `(?:a)?b`, as the alternatives `ac|bc` and
    `ab|b`: Python's `re` skips ahead to the characters a pattern can start with only when every
    alternative starts with a literal character, and one leading group anywhere in a rule turns that
    off for all its phrases (several times slower on long Khmer or Lao adverts)."""
    if depth > 3 or not p.startswith("(?:") or p.startswith("(?:?"):
        return [p]
    end = _group_end(p, 0)
    inner, rest = p[3:end], p[end + 1 :]
    optional = rest.startswith("?") and not rest.startswith("??")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "{"):
        return [p]
    if rest.startswith(("?", "*", "+", "{")):
        return [p]
    alternatives = [a + rest for a in _top_level_split(inner)] + ([rest] if optional and rest else [])
    if any(not a for a in alternatives) or len(alternatives) > 24:
        return [p]
    return [b for a in alternatives for b in expand_leading(a, depth + 1)]


class Finder:
    """The phrases of one rule for one language. Latin-script phrases must start at a word boundary;
    that is checked here rather than with a leading \\b, which would stop Python's `re` from skipping
    quickly to the characters a phrase can start with (five times slower on these alternations)."""

    __slots__ = ("latin", "own")

    def __init__(self, own: list[str], latin: list[str]) -> None:
        own = [b for p in own for b in expand_leading(p)]
        latin = [b for p in latin for b in expand_leading(p)]
        self.own = re.compile("|".join(own)) if own else None
        self.latin = re.compile("|".join(latin)) if latin else None

    def search(self, text: str, start: int = 0) -> tuple[int, int] | None:
        best = None
        if self.own is not None:
            m = self.own.search(text, start)
            if m and m.end() > m.start():
                best = (m.start(), m.end())
        if self.latin is not None:
            pos = start
            end = best[0] if best else len(text)
            while True:
                m = self.latin.search(text, pos)
                if m is None or m.start() > end:
                    break
                if m.start() == 0 or not _WORD.match(text, m.start() - 1):
                    if best is None or m.start() < best[0]:
                        best = (m.start(), m.end())
                    break
                pos = m.start() + 1
        return best


@dataclass(frozen=True, slots=True)
class CompiledRule:
    code: str
    weight: float
    source: str
    by_language: dict[str, Finder]
    negatable: bool = False
    sentence_negation: bool = False
    upfront_only: bool = False

    def find(self, folded: str, lang: str) -> tuple[int, int] | None:
        """The first span of the rule's phrases in `folded` text that is not negated."""
        finder = self.by_language[lang]
        pos = 0
        while (span := finder.search(folded, pos)) is not None:
            if not (
                (self.negatable and negated(folded, span))
                or (self.sentence_negation and negated_in_sentence(folded, span))
                or (self.upfront_only and after_hire(folded, span))
            ):
                return span
            pos = span[1]
        return None


_WORD = re.compile(r"\w")
_NOT_AFTER_WORD = r"(?<![\w.])"


def _strip(p: str) -> str:
    """A Latin-script phrase without its leading boundary (checked by Finder), ending at a word
    boundary unless it says where it ends itself."""
    p = p.lower()
    if p.startswith(r"\b"):
        return f"(?:{p[2:]})"
    if p.startswith(_NOT_AFTER_WORD):
        return "(?:" + p[len(_NOT_AFTER_WORD) :] + ")"
    if p.startswith(("@", "(?")):
        return f"(?:{p})"
    return rf"(?:{p})\b"


def _compile(phrases: dict[str, tuple[str, ...]]) -> dict[str, Finder]:
    """One finder per language: its own phrases, those of every language (`*`) and English (adverts
    everywhere mix in English words). Patterns are matched on folded (lower-case) text, so they are
    lower-cased and need no IGNORECASE."""
    out: dict[str, Finder] = {}
    common = [_strip(p) for lg in ("*", "en") for p in phrases.get(lg, ())]
    for lang in (*LANGUAGES, "*"):
        own_latin = lang in _LATIN
        own = [p.lower() for p in phrases.get(lang, ())] if lang not in ("en", "*") else []
        latin = ([_strip(p) for p in own] if own_latin else []) + common
        out[lang] = Finder([] if own_latin else own, latin)
    return out


@lru_cache(maxsize=1)
def compiled() -> tuple[tuple[CompiledRule, ...], tuple[CompiledRule, ...]]:
    """The matched rules and the mitigations, compiled once."""
    rules = tuple(
        CompiledRule(
            r.code, r.weight, r.source, _compile(r.phrases), r.negatable, r.sentence_negation, r.upfront_only
        )
        for r in RULES
    )
    mits = tuple(CompiledRule(code, w, "", _compile(ph)) for code, (w, ph) in MITIGATIONS.items())
    return rules, mits


# Negations of charging or having a few characters before a phrase, in the same clause, in each of the
# languages (no/not charged/without, không thu/miễn, tidak ada/tanpa, walang/libre, មិនគិត/គ្មាន/ឥតគិត,
# ไม่เก็บ/ฟรี, ບໍ່ເກັບ/ຟຣີ, 不收/无/免); and lawful qualifiers around it (only the legal fee; Burmese puts the
# negation after: မယူ, not taken).
# A negator alone is not enough in scripts without commas ("ไม่จำกัดวุฒิ ค่าสมัคร 500" is "any degree,
# 500 application fee"): it must negate charging, asking or having, then at most a few characters.
_NEGATION_BEFORE = re.compile(
    r"(?:\bno\b|\bnot? (?:charg|collect|ask|requir|need|tak)\w*|\bnever (?:charg|ask|collect|tak)\w*|"
    r"\bwithout|\bfree of|\bzero|không (?:thu|mất|có|lấy|đòi|cần)|miễn|"
    r"tidak (?:ada|dipungut|dikenakan|ditarik|perlu|memungut)|tanpa|bebas|walang|libre|hindi (?:kailangan|naniningil)|"
    r"មិន(?:គិត|យក|ទារ|មាន|ចាំបាច់|ត្រូវ)|គ្មាន|ឥតគិត|ពុំ(?:គិត|យក|មាន)|"
    r"ไม่(?:เก็บ|มี|คิด|ต้องเสีย|ต้องจ่าย|เรียกเก็บ|ต้อง)|ปลอด|ฟรี|"
    r"ບໍ່(?:ເກັບ|ມີ|ຄິດ|ຕ້ອງເສຍ|ຕ້ອງຈ່າຍ|ຕ້ອງ)|ຟຣີ|"
    r"不(?:收|需|用|要|会)|无|免|零|没有)[^\n|.,;:!?។。，；]{0,10}$"
)
_LAWFUL_AFTER = re.compile(
    r"^[^\n|.;។。]{0,12}(?:ตามกฎหมาย|ຕາມກົດໝາຍ|តាមច្បាប់|ตามที่กฎหมายกำหนด|theo quy định|sesuai (?:aturan|ketentuan)|"
    r"(?:set|allowed) by law|legal|法定|ဥပဒေ|မယူ|မကောက်)"
)
_LAWFUL_BEFORE = re.compile(r"(?:\blegal|\blawful|法定|ផ្លូវការ|ທາງການ|ตามกฎหมาย)[^\n|.,;]{0,6}$")


def negated(folded: str, span: tuple[int, int]) -> bool:
    """True when the phrase at `span` is negated or said to be only the lawful one."""
    before = folded[max(0, span[0] - 16) : span[0]]
    after = folded[span[1] : span[1] + 40]
    return bool(
        _NEGATION_BEFORE.search(before) or _LAWFUL_AFTER.search(after) or _LAWFUL_BEFORE.search(before)
    )


# A negation earlier in the same sentence: "we never ask for payment or your bank details", "you will not
# be asked to buy a starter kit", "do not send money to anyone who ...".
_SENTENCE_NEGATION = re.compile(
    r"(?:\bnever\b|\bnot\b|\bno\b|n't\b|\bwithout\b|\bbeware\b|\bscams?\b|\bfraud\w*)[^\n.;:!?]*$"
)


def negated_in_sentence(folded: str, span: tuple[int, int]) -> bool:
    """True when a negation (or a scam warning) comes earlier in the phrase's sentence (80 characters)."""
    return bool(_SENTENCE_NEGATION.search(folded, max(0, span[0] - 80), span[0]))


# The hire already made, in the same sentence: onboarding, not an applicant asked for data up front.
_AFTER_HIRE = re.compile(
    r"\b(?:after|once|when|upon|following) (?:you (?:accept|receive) )?(?:an? |the |your )?(?:job |written )?"
    r"(?:offer|hire|hired|hiring|start|employment begins)"
    r"|\bnew hires?\b|\bonce (?:you are |you're )?(?:hired|employed|on board)|\b(?:on|during) (?:your )?"
    r"(?:first day|onboarding|orientation)|\bform i-9\b|\bi-9 (?:form|verification)|\bw-4\b"
)
_SENTENCE_END = re.compile(r"[\n.;!?]")


def after_hire(folded: str, span: tuple[int, int]) -> bool:
    """True when the phrase's sentence (up to 160 characters either side) places it after the hire."""
    start = max(0, span[0] - 160)
    before = folded[start : span[0]]
    cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    end_m = _SENTENCE_END.search(folded, span[1], span[1] + 160)
    end = end_m.start() if end_m else min(len(folded), span[1] + 160)
    return bool(_AFTER_HIRE.search(folded, start + cut, end))


def all_codes() -> tuple[str, ...]:
    return (
        *(r.code for r in RULES),
        PAY_FAR_ABOVE_MARKET[0],
        NO_COMPANY_IDENTITY[0],
        EASY_MONEY_LITTLE_WORK[0],
        NO_EMPLOYER_DETAILS[0],
    )
