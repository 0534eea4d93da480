"""An independent evaluation set of generic online job postings (EMSCAD-style fields), some of them
fraudulent, for issue 16's goal "EMSCAD-style generic job fraud F1 >= 0.70 without training on EMSCAD".

Written by one author (helper jobfraud9, session 9) from the published consumer warnings on employment
scams in general (FTC "Job Scams", "How To Spot, Avoid, and Report Fake Check Scams", "Mystery Shopper
Scams"; BBB's 2018 Scam Tracker Risk Report; FBI IC3 PSA I-012422-PSA on fake job listings), with hard
genuine negatives. Nobody looked at EMSCAD, ORFD, real adverts quoted in reports, or tipnet's simulator
templates while writing it. Companies, names, domains and handles are invented.

Run: python bench/independent_jobs/generate.py [--seed 9016] [--n 560] [--out bench/independent_jobs/data]
Writes dev.csv and test.csv (a stratified 50/50 split by the same seed) and manifest.json. Standard
library only; the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
from pathlib import Path

VERSION = "1.0.0"
FIELDS = (
    "job_id",
    "title",
    "location",
    "department",
    "salary_range",
    "company_profile",
    "description",
    "requirements",
    "benefits",
    "telecommuting",
    "has_company_logo",
    "has_questions",
    "employment_type",
    "required_experience",
    "required_education",
    "industry",
    "function",
    "fraudulent",
    "kind",
)

CITIES = [
    ("US", "TX", "Houston"),
    ("US", "TX", "Austin"),
    ("US", "NY", "New York"),
    ("US", "CA", "San Diego"),
    ("US", "CA", "Sacramento"),
    ("US", "IL", "Chicago"),
    ("US", "OH", "Columbus"),
    ("US", "GA", "Atlanta"),
    ("US", "FL", "Tampa"),
    ("US", "FL", "Orlando"),
    ("US", "WA", "Spokane"),
    ("US", "MN", "Minneapolis"),
    ("US", "PA", "Pittsburgh"),
    ("US", "NC", "Charlotte"),
    ("US", "AZ", "Phoenix"),
    ("US", "CO", "Denver"),
    ("US", "MI", "Grand Rapids"),
    ("US", "MO", "Kansas City"),
    ("GB", "LND", "London"),
    ("GB", "MAN", "Manchester"),
    ("CA", "ON", "Toronto"),
    ("AU", "NSW", "Sydney"),
    ("US", "NJ", "Newark"),
    ("US", "MD", "Baltimore"),
]

ADJ = [
    "Harbor",
    "Summit",
    "Bluestem",
    "Northgate",
    "Cedar",
    "Ironwood",
    "Lakeview",
    "Granite",
    "Meridian",
    "Copperline",
    "Redfield",
    "Silverbrook",
    "Oakridge",
    "Pinecrest",
    "Brightwater",
    "Tallgrass",
    "Keystone",
    "Westbrook",
    "Crescent",
    "Fairhaven",
    "Stonebridge",
    "Riverside",
    "Eastlake",
    "Highland",
]
NOUN = [
    "Logistics",
    "Health",
    "Analytics",
    "Software",
    "Foods",
    "Dental",
    "Insurance",
    "Staffing",
    "Labs",
    "Manufacturing",
    "Credit Union",
    "Media",
    "Energy",
    "Outfitters",
    "Hospitality",
    "Learning",
    "Property Management",
    "Engineering",
    "Financial",
    "Supply",
    "Pharmacy",
    "Home Care",
    "Solutions",
]
SUFFIX = ["Inc.", "LLC", "Group", "Co.", "Partners", "Corporation", ""]


def company(r: random.Random) -> str:
    return " ".join(x for x in (r.choice(ADJ), r.choice(NOUN), r.choice(SUFFIX)) if x)


def profile(r: random.Random, name: str, industry: str, short: bool = False) -> str:
    year = r.randint(1952, 2019)
    size = r.choice(["40", "120", "250", "600", "1,200", "3,500", "11,000"])
    first = r.choice(
        [
            f"Founded in {year}, {name} is a {industry.lower()} company with about {size} employees.",
            f"{name} has served customers across the region since {year}.",
            f"At {name}, we have been building better {industry.lower()} services since {year}.",
            f"{name} is a family-owned {industry.lower()} business headquartered in the Midwest.",
            f"{name} is a fast-growing {industry.lower()} firm backed by a team of {size} people.",
        ]
    )
    if short:
        return first
    more = r.sample(
        [
            "We are proud to be an equal opportunity employer.",
            "Our people are the reason customers keep coming back.",
            "We were named a Top Workplace by our local business journal three years running.",
            "We invest in our employees through tuition assistance and mentoring.",
            "Our mission is simple: do right by our customers, our employees and our community.",
            "We operate out of offices and sites in several states and support a hybrid way of working.",
            "Learn more about our teams and culture on our careers page.",
        ],
        k=r.randint(1, 3),
    )
    return " ".join([first, *more])


def loc(r: random.Random) -> str:
    c = r.choice(CITIES)
    return ", ".join(c) if r.random() > 0.08 else c[0]


def salary(r: random.Random, lo: int, hi: int, p: float = 0.35) -> str:
    if r.random() > p:
        return ""
    a = r.randrange(lo, hi, 1000 if hi > 1000 else 1)
    b = a + r.randrange(2000, 15000, 1000) if hi > 1000 else a + r.randint(1, 4)
    return f"{a}-{b}"


def pick(r: random.Random, items: list[str], k: tuple[int, int]) -> list[str]:
    return r.sample(items, k=min(len(items), r.randint(*k)))


def bullets(r: random.Random, items: list[str]) -> str:
    style = r.choice(["- ", "* ", "• ", ""])
    sep = "\n" if style else " "
    return sep.join(f"{style}{x}" for x in items)


# ----------------------------------------------------------------------------------------------------
# Genuine postings: ordinary roles, and the hard ones (remote, entry-level with modest pay, staffing
# agencies, no logo, warehouse shipping, payroll and accounts payable that handle cheques and bank
# details, legitimate mystery-shopping and data-entry work, urgent hiring, "no experience" with training).
# ----------------------------------------------------------------------------------------------------

ROLES = {
    "software": dict(
        titles=[
            "Software Engineer",
            "Backend Developer (Python)",
            "Front-End Engineer",
            "QA Automation Engineer",
            "Senior Data Engineer",
            "DevOps Engineer",
        ],
        industry="Computer Software",
        function="Engineering",
        hourly=None,
        annual=(72000, 150000),
        duties=[
            "Design, build and maintain services used by thousands of customers.",
            "Review code and mentor junior engineers.",
            "Work with product managers to turn requirements into shippable increments.",
            "Write automated tests and improve our CI pipelines.",
            "Participate in an on-call rotation (about one week in eight).",
            "Improve observability: logging, metrics and alerting.",
        ],
        reqs=[
            "3+ years of professional experience with Python, Go or Java.",
            "Experience with SQL databases.",
            "Familiarity with cloud platforms (AWS, GCP or Azure).",
            "BS in Computer Science or equivalent experience.",
            "Clear written communication.",
            "Experience with Docker and Kubernetes is a plus.",
        ],
        remote=0.5,
        exp=["Mid-Senior level", "Associate", "Entry level"],
        edu=["Bachelor's Degree", "Unspecified"],
    ),
    "nurse": dict(
        titles=[
            "Registered Nurse - Med/Surg",
            "LPN - Night Shift",
            "Home Health Aide",
            "Certified Nursing Assistant",
        ],
        industry="Hospital & Health Care",
        function="Health Care Provider",
        hourly=(17, 48),
        annual=None,
        duties=[
            "Provide direct patient care according to the plan of care.",
            "Document assessments in the EHR.",
            "Administer medications as ordered.",
            "Communicate changes in condition to the charge nurse.",
            "Assist residents with daily living activities.",
            "Follow infection control procedures.",
        ],
        reqs=[
            "Current state license or certification in good standing.",
            "BLS certification.",
            "One year of clinical experience preferred.",
            "Ability to lift 50 lbs.",
            "Must pass a background check and drug screen after a conditional offer.",
        ],
        remote=0.0,
        exp=["Entry level", "Associate", "Mid-Senior level"],
        edu=["Certification", "Associate Degree"],
    ),
    "warehouse": dict(
        titles=[
            "Warehouse Associate",
            "Shipping and Receiving Clerk",
            "Forklift Operator",
            "Order Picker - 2nd Shift",
            "Inventory Control Specialist",
        ],
        industry="Logistics and Supply Chain",
        function="Production",
        hourly=(15, 22),
        annual=None,
        duties=[
            "Receive, inspect and put away inbound shipments at our distribution center.",
            "Pick, pack and ship customer orders accurately using RF scanners.",
            "Prepare outbound pallets and shipping labels for carrier pickup.",
            "Keep the work area clean and follow safety rules.",
            "Count cycle inventory and report discrepancies.",
            "Load and unload trailers.",
        ],
        reqs=[
            "Able to stand and walk for a full shift and lift up to 50 lbs.",
            "Forklift certification a plus.",
            "Basic math and reading skills.",
            "Reliable attendance.",
            "High school diploma or GED preferred.",
        ],
        remote=0.0,
        exp=["Entry level", "Not Applicable"],
        edu=["High School or equivalent", "Unspecified"],
    ),
    "support": dict(
        titles=[
            "Customer Support Representative (Remote)",
            "Customer Service Representative",
            "Technical Support Specialist",
            "Member Services Representative",
            "Call Center Agent - Bilingual",
        ],
        industry="Consumer Services",
        function="Customer Service",
        hourly=(14, 21),
        annual=None,
        duties=[
            "Answer inbound calls, chats and e-mails from customers about orders and accounts.",
            "Troubleshoot basic product issues and escalate when needed.",
            "Log every interaction in our CRM (Zendesk).",
            "Meet quality and response-time goals.",
            "Work a fixed schedule, including one weekend day.",
        ],
        reqs=[
            "One year of customer-facing experience preferred.",
            "Typing speed of 35+ WPM.",
            "A quiet workspace and a wired internet connection of 25 Mbps or better (remote roles).",
            "High school diploma or equivalent.",
            "Bilingual English/Spanish a plus.",
        ],
        remote=0.5,
        exp=["Entry level", "Associate"],
        edu=["High School or equivalent", "Unspecified"],
    ),
    "data_entry": dict(
        titles=[
            "Data Entry Clerk",
            "Data Entry Specialist (Part-Time)",
            "Medical Records Clerk",
            "Order Entry Coordinator",
            "Claims Data Entry Operator",
        ],
        industry="Insurance",
        function="Administrative",
        hourly=(14, 19),
        annual=None,
        duties=[
            "Enter and verify claims and order information in our system.",
            "Scan and index documents.",
            "Check records for accuracy and correct errors.",
            "Maintain confidentiality of member information (HIPAA).",
            "Meet daily productivity targets set with your supervisor.",
        ],
        reqs=[
            "10,000 keystrokes per hour with high accuracy.",
            "Working knowledge of Microsoft Excel.",
            "Attention to detail.",
            "Six months of office experience preferred.",
            "High school diploma or GED.",
        ],
        remote=0.35,
        exp=["Entry level", "Associate"],
        edu=["High School or equivalent"],
    ),
    "admin": dict(
        titles=[
            "Administrative Assistant",
            "Office Coordinator",
            "Executive Assistant",
            "Receptionist",
            "Virtual Assistant (Part-Time)",
        ],
        industry="Real Estate",
        function="Administrative",
        hourly=(16, 27),
        annual=(38000, 68000),
        duties=[
            "Manage calendars, travel and meeting logistics.",
            "Greet visitors and answer the main line.",
            "Order office supplies within the approved budget.",
            "Prepare reports and presentations.",
            "Coordinate with vendors and facilities.",
        ],
        reqs=[
            "Two years of administrative experience.",
            "Proficiency with Microsoft 365 or Google Workspace.",
            "Strong organizational skills.",
            "Discretion with confidential information.",
        ],
        remote=0.25,
        exp=["Associate", "Entry level"],
        edu=["High School or equivalent", "Associate Degree"],
    ),
    "accounting": dict(
        titles=[
            "Accounts Payable Clerk",
            "Payroll Specialist",
            "Staff Accountant",
            "Billing Coordinator",
            "Accounts Receivable Specialist",
        ],
        industry="Accounting",
        function="Accounting/Auditing",
        hourly=(19, 30),
        annual=(45000, 82000),
        duties=[
            "Process vendor invoices and payments (ACH, wire and checks) after approval.",
            "Reconcile bank statements and general ledger accounts monthly.",
            "Set up new hires' direct deposit in the payroll system and maintain employee records.",
            "Post customer payments and follow up on past-due accounts.",
            "Support the month-end close and audits.",
        ],
        reqs=[
            "Two+ years in accounts payable, payroll or accounting.",
            "Experience with QuickBooks, NetSuite or ADP.",
            "Associate or bachelor's degree in accounting preferred.",
            "Strong Excel skills (VLOOKUP, pivot tables).",
        ],
        remote=0.3,
        exp=["Associate", "Mid-Senior level"],
        edu=["Bachelor's Degree", "Associate Degree"],
    ),
    "retail": dict(
        titles=[
            "Retail Sales Associate",
            "Cashier",
            "Shift Supervisor",
            "Barista",
            "Store Stocker - Overnight",
        ],
        industry="Retail",
        function="Sales",
        hourly=(13, 18),
        annual=None,
        duties=[
            "Greet customers and help them find products.",
            "Operate the register and handle cash accurately.",
            "Restock shelves and build displays.",
            "Keep the store clean and safe.",
            "Open or close the store.",
        ],
        reqs=[
            "Weekend and holiday availability.",
            "Friendly, dependable attitude.",
            "Must be 16 or older.",
            "No experience needed; we train you.",
        ],
        remote=0.0,
        exp=["Entry level", "Not Applicable"],
        edu=["Unspecified", "High School or equivalent"],
    ),
    "driver": dict(
        titles=[
            "Delivery Driver",
            "CDL-A Truck Driver - Regional",
            "Courier (Independent Contractor)",
            "Route Sales Driver",
        ],
        industry="Transportation/Trucking/Railroad",
        function="Other",
        hourly=(18, 30),
        annual=(55000, 85000),
        duties=[
            "Deliver packages safely and on time along an assigned route.",
            "Inspect the vehicle before each shift.",
            "Use the handheld device to capture proof of delivery.",
            "Provide friendly service to customers.",
        ],
        reqs=[
            "Valid driver's license and clean driving record.",
            "Must be 21 or older.",
            "DOT medical card (CDL roles).",
            "Able to lift 70 lbs.",
        ],
        remote=0.0,
        exp=["Entry level", "Associate"],
        edu=["Unspecified", "High School or equivalent"],
    ),
    "marketing": dict(
        titles=[
            "Marketing Coordinator",
            "Social Media Specialist",
            "Content Writer",
            "SEO Analyst",
            "Brand Ambassador",
        ],
        industry="Marketing and Advertising",
        function="Marketing",
        hourly=None,
        annual=(42000, 78000),
        duties=[
            "Plan and schedule posts across our social channels.",
            "Write blog posts, newsletters and landing pages.",
            "Track campaign performance and report weekly.",
            "Coordinate with designers and agencies.",
            "Support events and trade shows.",
        ],
        reqs=[
            "Bachelor's degree in marketing, communications or related field.",
            "Portfolio of writing samples.",
            "1-3 years of experience.",
            "Familiarity with Google Analytics and HubSpot.",
        ],
        remote=0.4,
        exp=["Entry level", "Associate"],
        edu=["Bachelor's Degree"],
    ),
    "teacher": dict(
        titles=["Elementary School Teacher", "ESL Instructor", "Tutor (Part-Time)", "Teaching Assistant"],
        industry="Education Management",
        function="Education",
        hourly=(16, 35),
        annual=(38000, 62000),
        duties=[
            "Plan and deliver lessons aligned with state standards.",
            "Assess student progress and give feedback.",
            "Communicate with families.",
            "Supervise students during breaks.",
        ],
        reqs=[
            "Bachelor's degree; state teaching license for classroom roles.",
            "Clearance of background checks.",
            "Experience working with children.",
        ],
        remote=0.15,
        exp=["Entry level", "Associate"],
        edu=["Bachelor's Degree"],
    ),
    "mystery": dict(
        titles=[
            "Mystery Shopper - Independent Contractor",
            "Retail Auditor (Flexible)",
            "Merchandising Auditor",
        ],
        industry="Market Research",
        function="Other",
        hourly=None,
        annual=None,
        duties=[
            "Visit assigned restaurants and stores as a regular customer and complete an online questionnaire.",
            "Take photos of displays where the store allows it.",
            "Submit reports within 24 hours of each visit.",
            "Choose the assignments you want from our online job board.",
        ],
        reqs=[
            "Smartphone with camera.",
            "Good written English and attention to detail.",
            "Reliable transportation.",
            "Must be 18 or older.",
        ],
        remote=0.0,
        exp=["Not Applicable"],
        edu=["Unspecified"],
    ),
}

BENEFITS = [
    "Medical, dental and vision insurance",
    "401(k) with company match",
    "Paid time off and paid holidays",
    "Tuition reimbursement",
    "Employee assistance program",
    "Paid parental leave",
    "Weekly pay",
    "Employee discount",
    "Flexible schedule",
    "Life insurance",
    "Home office stipend for remote staff",
    "Company laptop shipped to your home before your first day",
    "Commuter benefits",
    "Paid training",
]


def genuine(r: random.Random, i: int) -> tuple[dict[str, str], str]:
    key = r.choice(list(ROLES))
    role = ROLES[key]
    kind = f"genuine:{key}"
    name = company(r)
    title = r.choice(role["titles"])
    remote = r.random() < role["remote"] or "Remote" in title
    industry = role["industry"]
    agency = r.random() < 0.18
    if agency:
        kind += ":agency"
    duties = pick(r, role["duties"], (2, 5))
    reqs = pick(r, role["reqs"], (1, 4))
    desc = []
    if agency:
        desc.append(
            r.choice(
                [
                    f"Our client, a well-established {industry.lower()} employer, is hiring a {title}.",
                    f"{name} is recruiting a {title} for a long-term assignment with one of our clients.",
                    f"We are staffing a {title} position for a client near {loc(r).split(', ')[-1]}. Temp-to-hire.",
                ]
            )
        )
    else:
        desc.append(
            r.choice(
                [
                    f"We are looking for a {title} to join our team.",
                    f"{name} is hiring a {title}.",
                    f"As a {title}, you will be part of a team that values accuracy and care.",
                    f"Join our growing team as a {title}!",
                ]
            )
        )
    desc.append("Responsibilities:")
    desc.append(bullets(r, duties))
    hard: list[str] = []
    # Hard genuine patterns (each borrows a fraud-looking element, legitimately).
    if r.random() < 0.18:
        hard.append("urgent")
        desc.insert(
            0,
            r.choice(
                [
                    "Now hiring - start this week!",
                    "URGENTLY HIRING.",
                    "Immediate openings.",
                    "Hiring event this Thursday: interviews on the spot.",
                ]
            ),
        )
    if r.random() < 0.2:
        hard.append("text_to_apply")
        desc.append(
            r.choice(
                [
                    f"Text JOBS to 5{r.randint(1000, 9999)} to apply from your phone, or apply on our careers page.",
                    "Questions? Text or call our recruiting line at (555) 0" + f"{r.randint(100, 199)}.",
                    "You can also message our recruiter through the job board's messaging feature.",
                ]
            )
        )
    if remote and r.random() < 0.5:
        hard.append("equipment_shipped")
        desc.append(
            r.choice(
                [
                    "We ship you a company laptop and headset before your start date; you never buy equipment.",
                    "All equipment is provided by the company and shipped to your home.",
                    "A monthly internet stipend is paid with your regular paycheck.",
                ]
            )
        )
    if r.random() < 0.15:
        hard.append("no_fee_statement")
        desc.append(
            r.choice(
                [
                    "We will never ask you to pay for training, equipment or a background check.",
                    "Note: we never request payment or banking information during the application process.",
                    "Beware of scams: our recruiters only contact you from an @"
                    + name.split()[0].lower()
                    + ".com address.",
                ]
            )
        )
    if r.random() < 0.25:
        hard.append("background_after_offer")
        desc.append(
            r.choice(
                [
                    "Offers are contingent on a background check, which we pay for.",
                    "After a conditional offer you will complete I-9 and direct deposit forms in our HR system.",
                    "New hires complete onboarding paperwork (W-4, I-9, direct deposit) on the first day.",
                ]
            )
        )
    if r.random() < 0.25:
        hard.append("video_interview")
        desc.append(
            r.choice(
                [
                    "Interviews are held by video (Zoom or Teams) with the hiring manager.",
                    "The process: a 20-minute phone screen, then a video interview with the team.",
                    "First-round interviews are by phone; final interviews are on site.",
                ]
            )
        )
    if key in ("retail", "warehouse", "support") and r.random() < 0.5:
        hard.append("no_experience_training")
        reqs.append(
            r.choice(
                [
                    "No experience necessary - paid training provided.",
                    "We will train you.",
                    "Entry-level applicants welcome.",
                ]
            )
        )
    pay = ""
    if role["hourly"] and (not role["annual"] or r.random() < 0.6):
        lo, hi = role["hourly"]
        a = r.randint(lo, hi - 1)
        pay = f"${a}.{r.choice(['00', '50', '25'])}-${a + r.randint(1, 4)}.00 per hour"
    elif role["annual"]:
        lo, hi = role["annual"]
        a = r.randrange(lo, hi, 1000)
        pay = f"${a:,}-${a + r.randrange(5000, 20000, 1000):,} per year"
    elif key == "mystery":
        pay = f"${r.randint(8, 15)}-${r.randint(18, 35)} per completed visit plus reimbursement of the purchase after the report is approved"
        hard.append("mystery_legit")
        desc.append(
            r.choice(
                [
                    "Joining is free: we never charge shoppers or send checks to deposit.",
                    "You pay for the meal yourself and we reimburse it by direct deposit with your shop fee.",
                    "Our company is a member of the industry association for customer experience research.",
                ]
            )
        )
    if pay and r.random() < 0.7:
        desc.append(r.choice(["Pay: ", "Compensation: ", "Starting pay ", "Wage: "]) + pay + ".")
    benefits = ""
    if r.random() < 0.65:
        b = pick(r, BENEFITS, (2, 6))
        if remote and "Home office stipend for remote staff" not in b and r.random() < 0.3:
            b.append("Home office stipend for remote staff")
        benefits = bullets(r, b)
    has_profile = r.random() < (0.55 if agency else 0.85)
    logo = r.random() < (0.55 if agency else 0.82)
    if not has_profile:
        hard.append("no_profile")
    if not logo:
        hard.append("no_logo")
    apply_line = r.choice(
        [
            "Apply online with your resume.",
            "Submit your application through our careers site.",
            f"Send your resume to careers@{name.split()[0].lower()}{name.split()[1].lower()}.com.",
            "Click Apply to get started.",
            "",
        ]
    )
    if apply_line:
        desc.append(apply_line)
    if r.random() < 0.35:
        desc.append("We are an equal opportunity employer and value diversity.")
    row = dict(
        title=title + (" - Remote" if remote and "Remote" not in title and r.random() < 0.5 else ""),
        location=loc(r) if not (remote and r.random() < 0.3) else "US",
        department=r.choice(["", "", "Operations", "Customer Care", "Finance", "Engineering", "HR"]),
        salary_range=salary(r, 28000, 90000, 0.25) if r.random() < 0.5 else "",
        company_profile=profile(r, name, industry, short=agency) if has_profile else "",
        description="\n".join(desc),
        requirements=bullets(r, reqs) if r.random() < 0.85 else "",
        benefits=benefits,
        telecommuting="1" if remote else "0",
        has_company_logo="1" if logo else "0",
        has_questions="1" if r.random() < 0.45 else "0",
        employment_type=r.choice(["Full-time", "Full-time", "Part-time", "Contract", "Temporary", ""]),
        required_experience=r.choice(role["exp"] + [""]),
        required_education=r.choice(role["edu"] + [""]),
        industry=industry if r.random() < 0.75 else "",
        function=role["function"] if r.random() < 0.7 else "",
        fraudulent="0",
    )
    return row, kind + (":" + ",".join(hard) if hard else "")


# ----------------------------------------------------------------------------------------------------
# Fraudulent postings: the schemes the consumer warnings describe. Each has an obvious and a hard form
# (well written, a profile and sometimes a logo, plausible pay, one or two tell-tale sentences); some are
# "bare": vague and unexplained, no single tell (a screener should not be expected to catch them all).
# ----------------------------------------------------------------------------------------------------

CHAT_APPS = [
    "Telegram",
    "Signal",
    "WhatsApp",
    "Google Hangouts",
    "Wire",
    "Skype chat",
    "Microsoft Teams chat",
]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "protonmail.com", "hotmail.com"]


def handle(r: random.Random) -> str:
    first = r.choice(["hr", "recruit", "hiring", "talent", "jobs", "career"])
    return f"{first}{r.choice(['.', '_', ''])}{r.choice(ADJ).lower()}{r.randint(1, 99)}"


SCHEMES = [
    "reship",
    "fake_check_equipment",
    "mystery_check",
    "payment_processing",
    "starter_kit",
    "data_entry_high_pay",
    "personal_data",
    "chat_interview",
    "assembly_envelopes",
    "task_app",
    "impostor_brand",
    "bare_vague",
]


def fraud(r: random.Random, i: int) -> tuple[dict[str, str], str]:
    scheme = r.choice(SCHEMES)
    hard_form = r.random() < 0.45
    name = company(r)
    industry = r.choice(
        [
            "Logistics and Supply Chain",
            "Consumer Services",
            "Market Research",
            "Financial Services",
            "Import and Export",
            "Marketing and Advertising",
            "Internet",
            "Oil & Energy",
        ]
    )
    desc: list[str] = []
    reqs: list[str] = []
    benefits: list[str] = []
    title = ""
    tells: list[str] = []
    hourly = r.choice([18, 20, 22, 23, 25, 26, 28]) if hard_form else r.choice([30, 35, 40, 45, 50, 65])
    weekly = r.choice([600, 750, 850, 900]) if hard_form else r.choice([1200, 1500, 2000, 2500, 3000])
    pay = r.choice(
        [
            f"${hourly}/hr",
            f"${hourly} per hour",
            f"${weekly} per week",
            f"${weekly}/week",
            f"${weekly * 4:,} a month",
        ]
    )
    remote = True
    if scheme == "reship":
        title = r.choice(
            [
                "Quality Control Inspector (Work From Home)",
                "Shipping Coordinator",
                "Package Handler - Remote",
                "Merchandise Inspector",
                "Logistics Assistant (Home Based)",
                "Warehouse Coordinator - Remote",
            ]
        )
        desc.append(
            r.choice(
                [
                    "You will receive parcels at your home address, check the contents against the order, remove the original packaging and invoices, and ship them to the addresses we provide using the prepaid labels we e-mail you.",
                    "Your job is to accept deliveries of electronics at your residence, photograph them, repackage them and forward them to our international customers.",
                    "Our clients buy goods from US stores that do not ship abroad. You receive the packages at home, inspect them and send them on within 24 hours with the labels we provide.",
                    "The role is to receive merchandise at your home, verify its condition, relabel it and reship it to our partners overseas.",
                ]
            )
        )
        tells.append("reship")
        if not hard_form:
            desc.append("You will be paid $30 for every package you forward plus a monthly salary.")
    elif scheme == "fake_check_equipment":
        title = r.choice(
            [
                "Remote Customer Service Representative",
                "Data Entry Clerk (Remote)",
                "Administrative Assistant - Remote",
                "Remote Claims Processor",
                "Virtual Assistant",
                "Remote Billing Specialist",
            ]
        )
        desc.append(
            r.choice(
                [
                    "After onboarding we will mail you a check to purchase your work equipment (laptop, printer and software) from our approved vendor. Deposit the check and send the vendor's share by Zelle so your equipment ships quickly.",
                    "Once hired, you will receive a cashier's check for your home office setup. Deposit it into your account and pay our certified supplier for the software license; keep the rest for your supplies.",
                    "We provide an equipment allowance by check before your start date. You will buy the equipment through our vendor, who only accepts payment by wire transfer or gift cards.",
                    "Your first task is to deposit the start-up check we send you and forward part of the funds to our equipment supplier.",
                ]
            )
        )
        tells.append("check_forward")
    elif scheme == "mystery_check":
        title = r.choice(
            [
                "Secret Shopper",
                "Mystery Shopper - Earn $300 Per Assignment",
                "Customer Service Evaluator",
                "Retail Evaluator",
                "Money Transfer Service Evaluator",
            ]
        )
        desc.append(
            r.choice(
                [
                    "You will receive a check by mail. Deposit it, keep $300 as your pay, and use the rest to evaluate a money transfer service (Western Union or MoneyGram) by sending funds to the recipient we name.",
                    "Each assignment starts with a payment we send you. You buy gift cards at the store being evaluated and send us photos of the card numbers for the report.",
                    "We send the funds for each evaluation in advance. Deposit the check, withdraw the cash, visit the store, and wire the remaining balance as part of the evaluation.",
                ]
            )
        )
        tells.append("check_forward")
    elif scheme == "payment_processing":
        title = r.choice(
            [
                "Payment Processing Agent",
                "Financial Assistant (Part-Time)",
                "Accounts Receivable Representative - Remote",
                "Regional Payments Coordinator",
                "Funds Transfer Assistant",
            ]
        )
        desc.append(
            r.choice(
                [
                    "Our customers will pay invoices into your personal bank account. You keep 10% as commission and transfer the balance to our company accounts the same day.",
                    "You will receive client payments into your account and forward them to our overseas office by wire transfer or bitcoin, keeping a percentage.",
                    "The assistant receives transfers from our clients and sends them on to our suppliers, because our foreign company cannot yet accept US payments.",
                ]
            )
        )
        tells.append("money_mule")
    elif scheme == "starter_kit":
        title = r.choice(
            [
                "Online Sales Representative",
                "Home-Based Business Associate",
                "Certified Remote Assistant",
                "Work From Home Customer Care",
                "Independent Distributor",
            ]
        )
        desc.append(
            r.choice(
                [
                    "To get started, purchase our starter kit for $49.99; it includes your training materials and is refunded after your first month.",
                    "All new associates complete our certification course ($95, refundable after 30 days) before receiving assignments.",
                    "A one-time registration fee of $35 covers your background check and training portal access.",
                    "You must buy the training package ($129) from our partner site before your first shift. The cost is reimbursed with your first paycheck.",
                ]
            )
        )
        tells.append("upfront_fee")
    elif scheme == "data_entry_high_pay":
        title = r.choice(
            [
                "Data Entry - Work From Home",
                "Online Typist",
                "Typing Job From Home",
                "Home Data Entry Clerk",
                "Remote Data Entry Operator (No Experience)",
            ]
        )
        desc.append(
            r.choice(
                [
                    f"Earn {pay} typing simple documents from home. Work only 2-3 hours a day, whenever you want.",
                    f"Simple copy-and-paste work from your phone or computer. Pay is {pay} with flexible hours.",
                    f"Enter short forms online at your own pace and earn {pay}. Anyone can do it.",
                    f"We pay {pay} for part-time data entry. You choose your own hours; most people work 10 hours a week.",
                ]
            )
        )
        tells.append("easy_money")
    elif scheme == "personal_data":
        title = r.choice(
            [
                "Administrative Assistant",
                "Remote Office Assistant",
                "Front Desk Coordinator",
                "Customer Service Representative",
                "Junior Bookkeeper",
                "HR Assistant (Remote)",
            ]
        )
        desc.append(
            r.choice(
                [
                    "To be considered, send a copy of your driver's license, your Social Security number and your bank details for payroll setup with your application.",
                    "Please include your full name, date of birth, SSN and bank account and routing number so we can run your background check and set up direct deposit before the interview.",
                    "Shortlisted applicants must provide a scan of their ID and their online banking details to verify identity before the interview.",
                    "Complete the onboarding form with your Social Security number and a photo of both sides of your driver's license to reserve an interview slot.",
                ]
            )
        )
        tells.append("personal_data")
    elif scheme == "chat_interview":
        title = r.choice(
            [
                "Remote Administrative Assistant",
                "Customer Service Representative (Remote)",
                "Data Entry Clerk",
                "Junior Project Coordinator",
                "Entry Level Accounting Clerk - Remote",
                "Online Chat Support Agent",
            ]
        )
        app = r.choice(CHAT_APPS)
        desc.append(
            r.choice(
                [
                    f"Interviews are conducted via {app} instant messaging with our hiring manager. Download {app} and add {handle(r)} to begin.",
                    f"Qualified candidates will be interviewed online through {app} text chat. Please have your {app} ID ready.",
                    f"The hiring manager will contact you on {app} for a written interview; there is no phone or video interview.",
                    f"To apply, create a {app} account and send a message to our recruiter {handle(r)}. The interview takes place in the chat.",
                ]
            )
        )
        tells.append("chat_interview")
    elif scheme == "assembly_envelopes":
        title = r.choice(
            [
                "Envelope Stuffer - Work at Home",
                "Product Assembler (Home Based)",
                "Craft Assembly From Home",
                "Mailing Assistant - Home",
            ]
        )
        desc.append(
            r.choice(
                [
                    "Assemble simple products at home and get paid for every unit that passes inspection. Kits are sent after you purchase your first set of materials.",
                    "Stuff envelopes from home in your spare time and earn up to $1,000 a week. Send $40 for the instruction booklet and your supplies.",
                    "Get paid to assemble jewelry at home. Buy the starter materials and we will buy back every finished piece.",
                ]
            )
        )
        tells.append("upfront_fee")
    elif scheme == "task_app":
        title = r.choice(
            [
                "Online Product Reviewer",
                "App Optimization Specialist",
                "Remote Rating Assistant",
                "Digital Marketing Task Associate",
                "Part-Time Online Evaluator",
            ]
        )
        desc.append(
            r.choice(
                [
                    "Complete simple tasks in our app (rating products and boosting app rankings) and earn commissions daily. Some task sets require you to deposit funds (USDT) to unlock them; deposits are returned with your commission.",
                    "Earn daily by liking videos and rating hotels in our platform. Top up your account in cryptocurrency to access premium tasks with higher commissions.",
                    "Work 30-60 minutes a day optimizing product listings. Your earnings are credited in crypto, and higher levels unlock after a small recharge.",
                ]
            )
        )
        tells.append("task_crypto")
    elif scheme == "impostor_brand":
        brand = r.choice(
            [
                "a Fortune 500 retailer",
                "a major online marketplace",
                "a national pharmacy chain",
                "a leading streaming company",
                "a global shipping company",
            ]
        )
        title = r.choice(
            [
                "Remote Customer Service Representative",
                "Work From Home Data Entry",
                "Remote Warehouse Support",
                "Remote HR Assistant",
            ]
        )
        mail = f"{handle(r)}@{r.choice(FREE_MAIL)}"
        desc.append(
            r.choice(
                [
                    f"We are hiring on behalf of {brand}. Send your resume to {mail} to receive the job offer letter.",
                    f"This position is with {brand}. For faster processing, contact our hiring team directly at {mail}.",
                    f"Apply by e-mailing {mail}. Successful applicants will be hired immediately for {brand}.",
                ]
            )
        )
        tells.append("free_mail")
    else:  # bare_vague
        title = r.choice(
            [
                "Administrative Assistant",
                "Office Assistant",
                "Customer Service",
                "Account Manager",
                "Personal Assistant",
                "Clerical Assistant",
                "Accounting Clerk",
            ]
        )
        desc.append(
            r.choice(
                [
                    "We are looking for a motivated person to help with office tasks. Details will be given after you apply.",
                    "Assist the manager with daily duties. Training provided. Start immediately.",
                    "A personal assistant is needed to run errands and handle some payments for a busy executive who travels often.",
                    "Looking for an honest and reliable person for a part-time assistant role. Flexible hours.",
                ]
            )
        )
        remote = r.random() < 0.6
        tells.append("bare")
    # Extra tells, fewer in the hard form.
    extras = 0 if hard_form else r.randint(1, 3)
    extra_pool = [
        ("No experience needed. Anyone can apply.", "no_experience"),
        ("Immediate start, limited positions - apply today!", "urgency"),
        (f"Contact our hiring manager on {r.choice(CHAT_APPS)}: {handle(r)}", "chat_contact"),
        (f"Send your resume to {handle(r)}@{r.choice(FREE_MAIL)}", "free_mail"),
        (f"Earn {pay} working from the comfort of your home.", "easy_money"),
        ("Weekly pay by direct deposit. Provide your bank account details when you apply.", "personal_data"),
        ("You will be hired without an interview.", "no_interview"),
        ("Be your own boss and set your own hours.", "own_boss"),
    ]
    for text, tag in r.sample(extra_pool, k=extras):
        desc.append(text)
        tells.append(tag)
    if hard_form:
        # Well written: duties that sound like a real role, a plausible profile, modest pay.
        desc.insert(
            0,
            r.choice(
                [
                    f"{name} is expanding its remote operations team and is looking for a dependable {title}.",
                    f"We are seeking a detail-oriented {title} to support our growing customer base.",
                    f"Join {name} as a {title}. This is a great opportunity to grow with an established company.",
                ]
            ),
        )
        desc.append(
            r.choice(
                [
                    "Responsibilities also include keeping accurate records and responding to e-mails promptly.",
                    "You will report to the operations manager and receive full training.",
                    "Hours are Monday to Friday, 9 a.m. to 5 p.m. in your time zone.",
                ]
            )
        )
        reqs = pick(
            r,
            [
                "High school diploma or equivalent.",
                "Good communication skills.",
                "Access to a computer and internet.",
                "Attention to detail.",
                "Ability to work independently.",
                "Basic computer skills.",
                "Must be 18 years or older and legally authorized to work.",
            ],
            (2, 4),
        )
        if r.random() < 0.6:
            desc.append(f"Compensation: {pay}.")
        benefits = pick(
            r,
            [
                "Flexible schedule",
                "Paid training",
                "Weekly pay",
                "Health insurance after 90 days",
                "Paid time off",
                "Growth opportunities",
            ],
            (1, 3),
        )
        has_profile = r.random() < 0.65
        logo = r.random() < 0.35
    else:
        if r.random() < 0.7 and "easy_money" not in tells:
            desc.append(r.choice([f"Pay: {pay}.", f"Salary {pay} + bonuses!!", f"Earn {pay}."]))
        reqs = pick(
            r,
            ["Must be 18+.", "Computer or smartphone.", "Internet access.", "Be honest.", "Basic English."],
            (0, 3),
        )
        if r.random() < 0.4:
            benefits = pick(r, ["Flexible hours", "Work from home", "Weekly pay", "Bonuses"], (1, 2))
        has_profile = r.random() < 0.25
        logo = r.random() < 0.1
        if r.random() < 0.3:
            desc = [d.upper() if j == 0 else d for j, d in enumerate(desc)]
    if scheme == "bare_vague":
        has_profile = r.random() < 0.2
        logo = r.random() < 0.15
    row = dict(
        title=title,
        location=loc(r) if not (remote and r.random() < 0.4) else "US",
        department=r.choice(["", "", "", "Operations", "Admin"]),
        salary_range=(
            f"{weekly * 40}-{weekly * 52}"
            if not hard_form and r.random() < 0.35
            else salary(r, 30000, 60000, 0.2)
        ),
        company_profile=profile(r, name, industry, short=r.random() < 0.5) if has_profile else "",
        description="\n".join(desc),
        requirements=bullets(r, reqs) if reqs else "",
        benefits=bullets(r, benefits) if benefits else "",
        telecommuting="1" if remote and r.random() < 0.7 else "0",
        has_company_logo="1" if logo else "0",
        has_questions="1" if r.random() < 0.2 else "0",
        employment_type=r.choice(["Full-time", "Part-time", "Part-time", "Contract", "Other", ""]),
        required_experience=r.choice(["Entry level", "Not Applicable", "", ""]),
        required_education=r.choice(["High School or equivalent", "Unspecified", "", ""]),
        industry=industry if r.random() < 0.6 else "",
        function=r.choice(["Administrative", "Customer Service", "Other", ""]),
        fraudulent="1",
    )
    return row, f"fraud:{scheme}:{'hard' if hard_form else 'plain'}:{','.join(tells)}"


def build(seed: int, n: int, fraud_share: float) -> list[dict[str, str]]:
    rows = []
    n_fraud = round(n * fraud_share)
    labels = [True] * n_fraud + [False] * (n - n_fraud)
    random.Random(f"{seed}|order").shuffle(labels)
    seen: set[str] = set()
    for i, is_fraud in enumerate(labels):
        for attempt in range(20):
            r = random.Random(f"{seed}|{i}|{attempt}")
            row, kind = fraud(r, i) if is_fraud else genuine(r, i)
            key = row["title"] + row["description"]
            if key not in seen:
                break
        seen.add(key)
        row["job_id"] = f"J{seed % 1000:03d}{i:05d}"
        row["kind"] = kind
        rows.append(row)
    return rows


def split(rows: list[dict[str, str]], seed: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    r = random.Random(f"{seed}|split")
    dev, test = [], []
    for label in ("1", "0"):
        part = [x for x in rows if x["fraudulent"] == label]
        r.shuffle(part)
        half = len(part) // 2
        dev += part[:half]
        test += part[half:]
    key = lambda x: x["job_id"]  # noqa: E731
    return sorted(dev, key=key), sorted(test, key=key)


def write(path: Path, rows: list[dict[str, str]]) -> str:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=9016)
    ap.add_argument("--n", type=int, default=560)
    ap.add_argument("--fraud-share", type=float, default=0.18)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data")
    a = ap.parse_args()
    rows = build(a.seed, a.n, a.fraud_share)
    dev, test = split(rows, a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    manifest = {"version": VERSION, "seed": a.seed, "n": a.n, "files": {}}
    for name, part in (("dev", dev), ("test", test)):
        digest = write(a.out / f"{name}.csv", part)
        kinds: dict[str, int] = {}
        for x in part:
            k = ":".join(x["kind"].split(":")[:2])
            kinds[k] = kinds.get(k, 0) + 1
        manifest["files"][name] = {
            "rows": len(part),
            "fraudulent": sum(x["fraudulent"] == "1" for x in part),
            "sha256": digest,
            "kinds": dict(sorted(kinds.items())),
        }
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {k: {"rows": v["rows"], "fraudulent": v["fraudulent"]} for k, v in manifest["files"].items()}
        )
    )


if __name__ == "__main__":
    main()
