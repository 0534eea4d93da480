#!/usr/bin/env python3
"""Independent, author-written evaluation set of job-board postings (helper "jobs2").

Blind to the code it evaluates: written from general knowledge of how employment
scams and genuine postings look, without reading the project's recruitment code,
its tests, its other benchmark sets, EMSCAD/ORFD, or real adverts.

Usage:
    python generate.py --seed 7 --n 600 --out data/

Writes DIR/postings.csv (EMSCAD-style columns) and DIR/labels.csv
(job_id, fraudulent, kind, hard).  Standard library only; deterministic per seed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random

# ---------------------------------------------------------------------------
# Shared pools
# ---------------------------------------------------------------------------

LOCATIONS = {
    "US": [
        ("NY", "New York"),
        ("CA", "San Francisco"),
        ("CA", "Los Angeles"),
        ("TX", "Austin"),
        ("TX", "Houston"),
        ("IL", "Chicago"),
        ("WA", "Seattle"),
        ("MA", "Boston"),
        ("GA", "Atlanta"),
        ("FL", "Miami"),
        ("CO", "Denver"),
        ("OH", "Columbus"),
        ("NC", "Charlotte"),
        ("AZ", "Phoenix"),
        ("PA", "Philadelphia"),
        ("MN", "Minneapolis"),
    ],
    "GB": [
        ("LND", "London"),
        ("MAN", "Manchester"),
        ("BIR", "Birmingham"),
        ("EDH", "Edinburgh"),
        ("GLG", "Glasgow"),
        ("BST", "Bristol"),
        ("LDS", "Leeds"),
    ],
    "CA": [("ON", "Toronto"), ("BC", "Vancouver"), ("QC", "Montreal"), ("AB", "Calgary")],
    "AU": [("NSW", "Sydney"), ("VIC", "Melbourne"), ("QLD", "Brisbane"), ("WA", "Perth")],
    "IE": [("D", "Dublin"), ("CO", "Cork")],
    "DE": [("BE", "Berlin"), ("BY", "Munich"), ("HH", "Hamburg")],
    "NL": [("NH", "Amsterdam"), ("ZH", "Rotterdam")],
    "IN": [("KA", "Bengaluru"), ("MH", "Mumbai"), ("DL", "New Delhi"), ("TG", "Hyderabad")],
    "PH": [("00", "Manila"), ("07", "Cebu City")],
    "SG": [("01", "Singapore")],
    "AE": [("DU", "Dubai"), ("AZ", "Abu Dhabi")],
    "ZA": [("GT", "Johannesburg"), ("WC", "Cape Town")],
    "NZ": [("AUK", "Auckland"), ("WGN", "Wellington")],
    "KE": [("110", "Nairobi")],
    "NG": [("LA", "Lagos")],
    "MY": [("14", "Kuala Lumpur")],
    "PL": [("MZ", "Warsaw")],
}
COUNTRY_WEIGHTS = {
    "US": 40,
    "GB": 14,
    "CA": 6,
    "AU": 6,
    "IE": 3,
    "DE": 4,
    "NL": 2,
    "IN": 6,
    "PH": 3,
    "SG": 2,
    "AE": 3,
    "ZA": 2,
    "NZ": 2,
    "KE": 1,
    "NG": 1,
    "MY": 2,
    "PL": 2,
}
CURRENCY = {
    "US": "$",
    "GB": "£",
    "CA": "C$",
    "AU": "A$",
    "IE": "€",
    "DE": "€",
    "NL": "€",
    "IN": "INR ",
    "PH": "PHP ",
    "SG": "S$",
    "AE": "AED ",
    "ZA": "R",
    "NZ": "NZ$",
    "KE": "KES ",
    "NG": "NGN ",
    "MY": "RM",
    "PL": "PLN ",
}
# rough annual-salary multiplier relative to US
SAL_MULT = {
    "US": 1.0,
    "GB": 0.75,
    "CA": 1.0,
    "AU": 1.1,
    "IE": 0.8,
    "DE": 0.8,
    "NL": 0.8,
    "IN": 12.0,
    "PH": 8.0,
    "SG": 1.1,
    "AE": 3.0,
    "ZA": 8.0,
    "NZ": 1.1,
    "KE": 40.0,
    "NG": 200.0,
    "MY": 2.2,
    "PL": 2.5,
}

# industry -> (industry label, function, departments, [(title, base_low_usd, base_high_usd)], duties)
INDUSTRIES = {
    "software": (
        "Computer Software",
        "Engineering",
        ["Engineering", "Platform", "R&D", "Product"],
        [
            ("Software Engineer", 90000, 140000),
            ("Senior Backend Engineer", 140000, 195000),
            ("Frontend Developer", 80000, 125000),
            ("Site Reliability Engineer", 120000, 175000),
            ("Staff Machine Learning Engineer", 190000, 260000),
            ("QA Engineer", 65000, 95000),
            ("Data Engineer", 105000, 150000),
            ("Mobile Developer (iOS)", 95000, 145000),
        ],
        [
            "design, build and maintain services used by thousands of customers",
            "review code and mentor less experienced engineers",
            "take part in an on-call rotation shared across the team",
            "write automated tests and improve our CI pipeline",
            "work with product managers to scope features",
            "improve the performance and reliability of our data pipelines",
            "contribute to architecture discussions and technical design documents",
        ],
    ),
    "healthcare": (
        "Hospital & Health Care",
        "Health Care Provider",
        ["Nursing", "Clinical", "Patient Services"],
        [
            ("Registered Nurse", 65000, 95000),
            ("Medical Receptionist", 32000, 42000),
            ("Pharmacy Technician", 34000, 45000),
            ("Physiotherapist", 60000, 85000),
            ("Care Assistant", 26000, 33000),
            ("Medical Billing Specialist", 38000, 50000),
        ],
        [
            "provide safe, compassionate care to patients on a busy ward",
            "maintain accurate patient records in line with policy",
            "greet patients, book appointments and manage the front desk",
            "work closely with doctors, nurses and allied health staff",
            "follow infection-control and safeguarding procedures",
            "process insurance claims and resolve billing queries",
        ],
    ),
    "retail": (
        "Retail",
        "Sales",
        ["Store Operations", "Retail", "Merchandising"],
        [
            ("Sales Associate", 26000, 32000),
            ("Assistant Store Manager", 38000, 48000),
            ("Visual Merchandiser", 32000, 40000),
            ("Stock Associate", 25000, 30000),
            ("Store Manager", 50000, 65000),
        ],
        [
            "help customers find what they need and process sales at the till",
            "keep the shop floor tidy and well stocked",
            "receive deliveries and check them against invoices",
            "support the manager with rotas and opening/closing",
            "set up seasonal displays following brand guidelines",
        ],
    ),
    "logistics": (
        "Logistics and Supply Chain",
        "Supply Chain",
        ["Warehouse", "Operations", "Transport"],
        [
            ("Warehouse Operative", 28000, 34000),
            ("Logistics Coordinator", 40000, 52000),
            ("Delivery Driver", 30000, 40000),
            ("Forklift Operator", 32000, 40000),
            ("Inventory Control Specialist", 38000, 48000),
            ("Supply Chain Analyst", 55000, 72000),
        ],
        [
            "pick, pack and dispatch orders accurately using handheld scanners",
            "coordinate inbound and outbound shipments with carriers",
            "carry out cycle counts and investigate stock discrepancies",
            "load and unload vehicles safely",
            "track deliveries and update customers on delays",
            "prepare customs paperwork for international consignments",
        ],
    ),
    "finance": (
        "Financial Services",
        "Finance",
        ["Finance", "Accounts", "Operations"],
        [
            ("Accounts Payable Clerk", 38000, 48000),
            ("Financial Analyst", 65000, 90000),
            ("Payroll Administrator", 40000, 52000),
            ("Bookkeeper", 36000, 48000),
            ("Credit Controller", 36000, 46000),
            ("Management Accountant", 60000, 80000),
        ],
        [
            "process supplier invoices and reconcile statements",
            "prepare month-end journals and accruals",
            "run the fortnightly payroll and answer employee queries",
            "chase overdue accounts in a professional manner",
            "build forecasting models and present variance analysis",
            "support the external audit",
        ],
    ),
    "hospitality": (
        "Hospitality",
        "Customer Service",
        ["Front of House", "Kitchen", "Guest Services"],
        [
            ("Line Cook", 28000, 36000),
            ("Front Desk Agent", 28000, 34000),
            ("Restaurant Supervisor", 34000, 42000),
            ("Housekeeping Attendant", 25000, 30000),
            ("Barista", 24000, 29000),
            ("Events Coordinator", 38000, 48000),
        ],
        [
            "prepare dishes to recipe and keep the kitchen clean",
            "check guests in and out and handle reservations",
            "supervise shifts and train new team members",
            "keep rooms to our housekeeping standards",
            "plan and run weddings and corporate events",
        ],
    ),
    "education": (
        "Education Management",
        "Education",
        ["Teaching", "Admissions", "Student Services"],
        [
            ("Primary School Teacher", 40000, 55000),
            ("Teaching Assistant", 22000, 28000),
            ("Admissions Officer", 35000, 45000),
            ("Online English Tutor", 20000, 35000),
            ("Curriculum Developer", 55000, 72000),
        ],
        [
            "plan and deliver engaging lessons",
            "support pupils with additional learning needs",
            "process applications and answer enquiries from families",
            "write course materials and assessments",
            "track student progress and report to parents",
        ],
    ),
    "marketing": (
        "Marketing and Advertising",
        "Marketing",
        ["Marketing", "Growth", "Brand"],
        [
            ("Marketing Coordinator", 45000, 58000),
            ("Content Writer", 42000, 58000),
            ("Social Media Manager", 50000, 68000),
            ("SEO Specialist", 50000, 70000),
            ("Graphic Designer", 45000, 62000),
        ],
        [
            "plan and schedule content across our social channels",
            "write blog posts, newsletters and landing pages",
            "report on campaign performance each month",
            "work with agencies and freelancers",
            "produce visual assets for campaigns",
        ],
    ),
    "construction": (
        "Construction",
        "Other",
        ["Site Operations", "Projects", "Estimating"],
        [
            ("Site Supervisor", 55000, 72000),
            ("Electrician", 48000, 65000),
            ("Quantity Surveyor", 55000, 75000),
            ("General Labourer", 28000, 35000),
            ("HVAC Technician", 45000, 62000),
        ],
        [
            "supervise subcontractors and keep the site safe",
            "install and test electrical systems to code",
            "prepare cost estimates and monitor budgets",
            "assist tradespeople and keep the site clear",
            "service and repair heating and cooling systems",
        ],
    ),
    "customer_service": (
        "Consumer Services",
        "Customer Service",
        ["Customer Support", "Contact Centre", "Service"],
        [
            ("Customer Service Representative", 30000, 38000),
            ("Customer Support Specialist", 35000, 45000),
            ("Call Centre Agent", 28000, 34000),
            ("Technical Support Agent", 36000, 46000),
        ],
        [
            "answer customer calls, chats and emails",
            "log cases accurately in our CRM",
            "troubleshoot common account and product issues",
            "escalate complex cases to second-line support",
            "meet quality and response-time targets",
        ],
    ),
    "admin": (
        "Staffing and Recruiting",
        "Administrative",
        ["Administration", "Office", "HR"],
        [
            ("Administrative Assistant", 34000, 42000),
            ("Office Manager", 45000, 58000),
            ("Receptionist", 28000, 34000),
            ("HR Coordinator", 42000, 52000),
            ("Data Entry Clerk", 29000, 36000),
            ("Executive Assistant", 50000, 68000),
        ],
        [
            "manage calendars, book travel and arrange meetings",
            "keep office supplies stocked and liaise with vendors",
            "answer the main phone line and greet visitors",
            "keep personnel files up to date",
            "enter and check records in our database",
            "prepare documents and presentations",
        ],
    ),
    "sales": (
        "Marketing and Advertising",
        "Sales",
        ["Sales", "Business Development", "Commercial"],
        [
            ("Account Executive", 55000, 75000),
            ("Business Development Representative", 45000, 55000),
            ("Field Sales Representative", 40000, 52000),
            ("Inside Sales Associate", 38000, 48000),
            ("Key Account Manager", 65000, 85000),
        ],
        [
            "build a pipeline of new business through calls and email",
            "run product demos for prospective customers",
            "manage a territory of existing accounts",
            "keep our CRM up to date with accurate forecasts",
            "work with marketing on campaigns and events",
        ],
    ),
}

EMPLOYMENT = ["Full-time", "Part-time", "Contract", "Temporary", "Other"]
EXPERIENCE = [
    "Internship",
    "Entry level",
    "Associate",
    "Mid-Senior level",
    "Director",
    "Executive",
    "Not Applicable",
]
EDUCATION = [
    "High School or equivalent",
    "Bachelor's Degree",
    "Master's Degree",
    "Associate Degree",
    "Some College Coursework Completed",
    "Certification",
    "Vocational",
    "Unspecified",
    "Professional",
]

CO_A = [
    "North",
    "Blue",
    "Harbor",
    "Summit",
    "Cedar",
    "Bright",
    "Iron",
    "Silver",
    "Oak",
    "Atlas",
    "Pioneer",
    "Red Kite",
    "Lumen",
    "Kestrel",
    "Meridian",
    "Granite",
    "Evergreen",
    "Copper",
    "Clearwater",
    "Beacon",
    "Orchard",
    "Riverside",
    "Nimbus",
    "Vantage",
    "Keystone",
    "Juniper",
    "Falcon",
    "Horizon",
    "Mosaic",
    "Tidewater",
    "Prairie",
    "Quarry",
    "Larch",
    "Sable",
    "Fern",
]
CO_B = [
    "Labs",
    "Logistics",
    "Health",
    "Partners",
    "Group",
    "Systems",
    "Solutions",
    "Foods",
    "Retail",
    "Consulting",
    "Analytics",
    "Works",
    "Holdings",
    "Services",
    "Technologies",
    "Trading",
    "& Co",
    "Learning",
    "Builders",
    "Hospitality",
    "Software",
    "Care",
    "Freight",
    "Studio",
]


def company_name(r):
    return f"{r.choice(CO_A)} {r.choice(CO_B)}"


def pick_location(r):
    cc = r.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
    st, city = r.choice(LOCATIONS[cc])
    return cc, st, city


def loc_str(r, cc, st, city):
    v = r.random()
    if v < 0.72:
        return f"{cc}, {st}, {city}"
    if v < 0.85:
        return f"{cc}, , {city}"
    if v < 0.95:
        return f"{cc}, {st}, "
    return cc


def salary(r, lo, hi, cc, inflate=1.0):
    m = SAL_MULT[cc] * inflate
    a = int(round(lo * m * r.uniform(0.9, 1.1), -3))
    b = int(round(hi * m * r.uniform(0.9, 1.1), -3))
    if b <= a:
        b = a + 1000
    return f"{a}-{b}"


def money(cc, amount):
    return f"{CURRENCY[cc]}{amount:,}"


def sentence_join(parts):
    return " ".join(p.strip() for p in parts if p and p.strip())


def bullets(r, items, k, lead="You will"):
    items = r.sample(items, min(k, len(items)))
    style = r.random()
    if style < 0.4:
        return " ".join(f"* {i[0].upper() + i[1:]}." for i in items)
    if style < 0.7:
        return " ".join(f"• {i[0].upper() + i[1:]}" for i in items)
    return f"{lead} " + "; ".join(items) + "."


def an(word):
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def lm(cc, usd):
    """A local-currency amount roughly equivalent to `usd` US dollars."""
    v = usd * SAL_MULT[cc]
    v = int(round(v, -2)) if v >= 1000 else (int(round(v, -1)) if v >= 100 else round(v))
    return money(cc, max(v, 1))


# ---------------------------------------------------------------------------
# Genuine building blocks
# ---------------------------------------------------------------------------

PROFILE_TPL = [
    "{co} is {a_size} {what} based in {city}. Since {year} we have {claim}.",
    "Founded in {year}, {co} has since {claim}. We employ around {n} people across {k} offices.",
    "At {co} we believe {belief}. We're {a_size} team of {n} and growing.",
    "{co} — {what} serving customers in {k} countries. {belief_cap}.",
    "We are {co}, a {what}. {belief_cap}. Learn more on our careers page.",
    "{co} is an equal-opportunity employer and a {what} headquartered in {city}.",
]
SIZES = [
    "small",
    "mid-sized",
    "fast-growing",
    "family-owned",
    "well-established",
    "venture-backed",
    "employee-owned",
    "independent",
]
CLAIMS = [
    "helped thousands of customers",
    "grown steadily every year",
    "built products people rely on daily",
    "served our local community",
    "partnered with some of the biggest names in the sector",
    "kept things simple: good work, fair pay",
]
BELIEFS = [
    "great work comes from people who feel supported",
    "customers deserve honest service",
    "small teams ship better products",
    "everyone should have access to good care",
    "learning never stops",
    "doing the right thing is good business",
]


def profile(r, co, city, what):
    t = r.choice(PROFILE_TPL)
    b = r.choice(BELIEFS)
    size = r.choice(SIZES)
    return t.format(
        co=co,
        size=size,
        a_size=an(size),
        what=what,
        city=city,
        year=r.randint(1952, 2021),
        claim=r.choice(CLAIMS),
        n=r.choice([12, 25, 40, 85, 150, 300, 1200, 5000]),
        k=r.randint(2, 14),
        belief=b,
        belief_cap=b[0].upper() + b[1:],
    )


WHAT = {
    "software": "software company",
    "healthcare": "healthcare provider",
    "retail": "retailer",
    "logistics": "logistics company",
    "finance": "financial services firm",
    "hospitality": "hospitality group",
    "education": "education provider",
    "marketing": "marketing agency",
    "construction": "construction contractor",
    "customer_service": "customer-experience company",
    "admin": "professional services firm",
    "sales": "B2B technology vendor",
}

INTRO_G = [
    "We are looking for {a_title} to join our {dept} team in {city}.",
    "{co} is hiring {a_title}.",
    "Our {dept} team is growing and we need an experienced {title}.",
    "Join us as {a_title} and help us {mission}.",
    "We have an opening for {a_title} on a {etype_l} basis.",
    "This is an exciting opportunity for {a_title} who wants to {mission}.",
    "As {a_title} you'll be part of a friendly {dept} team.",
    "HIRING NOW: {title} in {city}!",
]
MISSIONS = [
    "grow our customer base",
    "improve how we serve customers",
    "scale our operations",
    "deliver high-quality work",
    "shape the next chapter of the business",
    "keep things running smoothly",
]

REQ_G = [
    "{yrs}+ years of experience in a similar role",
    "good written and spoken English",
    "strong attention to detail",
    "ability to work as part of a team",
    "a valid driver's licence",
    "right to work in {country}",
    "experience with Microsoft Office or Google Workspace",
    "a relevant degree or equivalent experience",
    "excellent communication skills",
    "willingness to work weekends on a rota",
    "customer-focused attitude",
    "familiarity with {tool}",
    "able to lift up to 20 kg",
    "professional registration where required",
    "basic computer skills",
    "must be able to work independently",
    "no experience needed - we'll train you",
    "honest, reliable and punctual",
    "access to a smartphone for our scheduling app",
]
TOOLS = [
    "Python",
    "SQL",
    "Salesforce",
    "Excel",
    "Xero",
    "SAP",
    "Kubernetes",
    "React",
    "Figma",
    "Zendesk",
    "QuickBooks",
    "AutoCAD",
    "HubSpot",
    "Epic EHR",
    "Go",
]
IND_TOOLS = {
    "software": ["Python", "Go", "Kubernetes", "React", "SQL", "AWS", "TypeScript"],
    "healthcare": ["Epic EHR", "Cerner", "clinical coding", "Medisoft"],
    "retail": ["point-of-sale systems", "stock-management software"],
    "logistics": ["warehouse management systems", "SAP", "Excel"],
    "finance": ["Xero", "QuickBooks", "SAP", "Excel", "Sage"],
    "hospitality": ["Opera PMS", "food-hygiene standards", "reservation systems"],
    "education": ["Google Classroom", "Moodle", "safeguarding practice"],
    "marketing": ["HubSpot", "Figma", "Google Analytics", "Canva"],
    "construction": ["AutoCAD", "CSCS/OSHA safety standards", "estimating software"],
    "customer_service": ["Zendesk", "Salesforce", "Freshdesk"],
    "admin": ["Excel", "Outlook", "Google Workspace"],
    "sales": ["Salesforce", "HubSpot", "LinkedIn Sales Navigator"],
}
COUNTRY_NAMES = {
    "US": "the US",
    "GB": "the UK",
    "CA": "Canada",
    "AU": "Australia",
    "IE": "Ireland",
    "DE": "Germany",
    "NL": "the Netherlands",
    "IN": "India",
    "PH": "the Philippines",
    "SG": "Singapore",
    "AE": "the UAE",
    "ZA": "South Africa",
    "NZ": "New Zealand",
    "KE": "Kenya",
    "NG": "Nigeria",
    "MY": "Malaysia",
    "PL": "Poland",
}

BEN_G = [
    "health, dental and vision insurance",
    "{pto} days paid holiday plus public holidays",
    "pension / retirement plan with employer match",
    "paid parental leave",
    "cycle-to-work scheme",
    "learning and development budget",
    "employee discount",
    "free parking",
    "flexible hours",
    "hybrid working (two days in the office)",
    "life assurance",
    "wellbeing programme",
    "company laptop and equipment provided",
    "annual bonus scheme",
    "staff meals on shift",
    "overtime paid at time and a half",
    "weekly pay",
    "uniform provided",
    "flexible schedule",
    "paid training",
    "bonuses for referrals",
]

CLOSE_G = [
    "Apply through our careers site with your CV.",
    "To apply, submit your resume and a short cover letter.",
    "Shortlisted candidates will be invited to a video interview, followed by an on-site meeting.",
    "Our process: a 30-minute phone screen, a technical or skills interview, then a final interview with the team.",
    "We review applications on a rolling basis.",
    "Please apply via the button below; we aim to reply to everyone within two weeks.",
    "Interviews will be held at our {city} office.",
    "",
]


def genuine_benefits(r):
    k = r.randint(0, 5)
    if k == 0:
        return ""
    items = [b.format(pto=r.choice([20, 22, 25, 15, 28])) for b in r.sample(BEN_G, k)]
    if r.random() < 0.5:
        return "We offer: " + ", ".join(items) + "."
    return " ".join(f"* {i[0].upper() + i[1:]}" for i in items)


def genuine_requirements(r, cc, ind=None):
    k = r.randint(0, 5)
    if k == 0:
        return ""
    tools = IND_TOOLS.get(ind, TOOLS) if ind else TOOLS
    items = [
        q.format(yrs=r.randint(1, 7), country=COUNTRY_NAMES[cc], tool=r.choice(tools))
        for q in r.sample(REQ_G, k)
    ]
    return bullets(r, items, k, lead=r.choice(["You'll need", "We're looking for", "Requirements:"]))


# ---------------------------------------------------------------------------
# Posting skeleton
# ---------------------------------------------------------------------------


def base_posting(r, ind=None):
    ind = ind or r.choice(list(INDUSTRIES))
    ilabel, func, depts, titles, duties = INDUSTRIES[ind]
    title, lo, hi = r.choice(titles)
    cc, st, city = pick_location(r)
    co = company_name(r)
    p = {
        "title": title,
        "location": loc_str(r, cc, st, city),
        "department": r.choice(depts) if r.random() < 0.55 else "",
        "salary_range": salary(r, lo, hi, cc) if r.random() < 0.3 else "",
        "company_profile": "",
        "description": "",
        "requirements": "",
        "benefits": "",
        "telecommuting": 0,
        "has_company_logo": 1,
        "has_questions": int(r.random() < 0.45),
        "employment_type": r.choices([*EMPLOYMENT, ""], weights=[60, 12, 10, 5, 3, 10])[0],
        "required_experience": r.choice([*EXPERIENCE, "", ""]),
        "required_education": r.choice([*EDUCATION, "", "", ""]),
        "industry": ilabel if r.random() < 0.75 else "",
        "function": func if r.random() < 0.65 else "",
    }
    ctx = {
        "ind": ind,
        "co": co,
        "cc": cc,
        "city": city,
        "title": title,
        "lo": lo,
        "hi": hi,
        "duties": duties,
        "dept": p["department"] or r.choice(depts),
    }
    return p, ctx


def genuine_text(r, p, ctx, extra_desc=(), extra_ben=(), profile_p=0.85, logo_p=0.85):
    co, city = ctx["co"], ctx["city"]
    p["company_profile"] = profile(r, co, city, WHAT[ctx["ind"]]) if r.random() < profile_p else ""
    p["has_company_logo"] = int(r.random() < logo_p)
    intro = r.choice(INTRO_G).format(
        title=ctx["title"],
        a_title=an(ctx["title"]),
        dept=ctx["dept"].lower(),
        co=co,
        city=city,
        mission=r.choice(MISSIONS),
        etype_l=(p["employment_type"] or "full-time").lower(),
    )
    parts = [intro]
    if r.random() < 0.8:
        parts.append(bullets(r, ctx["duties"], r.randint(2, 4)))
    parts.extend(extra_desc)
    parts.append(r.choice(CLOSE_G).format(city=city))
    p["description"] = sentence_join(parts)
    p["requirements"] = genuine_requirements(r, ctx["cc"], ctx["ind"])
    ben = genuine_benefits(r)
    if extra_ben:
        ben = sentence_join([ben, *list(extra_ben)])
    p["benefits"] = ben


# ---------------------------------------------------------------------------
# Genuine subtypes
# ---------------------------------------------------------------------------


def g_standard(r):
    p, c = base_posting(r)
    genuine_text(r, p, c)
    return p, "genuine_standard", 0


def g_remote(r):
    p, c = base_posting(r, r.choice(["software", "marketing", "customer_service", "finance", "education"]))
    p["telecommuting"] = 1
    extra = [
        r.choice(
            [
                "This role is fully remote within {country}; we meet in person twice a year.",
                "Work from home anywhere in {country}. Core hours are 10:00–15:00 local time.",
                "We're a remote-first company. You'll need a quiet workspace and reliable broadband.",
                "Remote, with an optional co-working stipend.",
                "Remote role. Interviews are held over video (Teams or Zoom) with the hiring manager and two team members.",
            ]
        ).format(country=COUNTRY_NAMES[c["cc"]])
    ]
    if r.random() < 0.5:
        extra.append(
            r.choice(
                [
                    "We ship you a laptop and monitor before your first day at no cost to you.",
                    "All equipment is provided and remains company property.",
                    "A one-off home-office allowance is paid with your first salary.",
                ]
            )
        )
    genuine_text(r, p, c, extra_desc=extra)
    hard = int(r.random() < 0.6)
    return p, "genuine_remote", hard


def g_commission_sales(r):
    p, c = base_posting(r, "sales")
    basep = r.random() < 0.55
    extra = []
    if basep:
        extra.append(
            r.choice(
                [
                    "Base salary plus uncapped commission; on-target earnings are roughly {ote}.",
                    "Competitive base with a commission plan paid quarterly (OTE {ote}).",
                    "You'll earn a base salary and commission on every closed deal.",
                ]
            ).format(ote=money(c["cc"], int(round(c["hi"] * SAL_MULT[c["cc"]] * 1.4, -3))))
        )
    else:
        extra.append(
            r.choice(
                [
                    "This is a commission-only, self-employed position. Our established reps earn {ote} a year; new reps typically earn much less in their first six months.",
                    "Commission-only role paid per signed contract, with qualified leads supplied by our marketing team. No fees or purchases required of you at any time.",
                    "Independent contractor, commission-only. We provide the samples, training and a company car allowance after probation.",
                ]
            ).format(ote=money(c["cc"], int(round(c["lo"] * SAL_MULT[c["cc"]], -3))))
        )
        p["employment_type"] = r.choice(["Contract", "Other", ""])
        p["salary_range"] = ""
    genuine_text(r, p, c, extra_desc=extra)
    return p, "genuine_commission_sales", int(not basep or r.random() < 0.3)


AGENCY_NAMES = ["Talent", "Recruitment", "Staffing", "People", "Personnel", "Resourcing"]


def g_staffing(r):
    p, c = base_posting(
        r, r.choice(["logistics", "admin", "healthcare", "hospitality", "construction", "finance"])
    )
    agency = f"{r.choice(CO_A)} {r.choice(AGENCY_NAMES)}"
    p["company_profile"] = (
        ""
        if r.random() < 0.25
        else r.choice(
            [
                f"{agency} is a recruitment agency placing temporary and permanent staff across {COUNTRY_NAMES[c['cc']]}.",
                f"{agency} has connected candidates with local employers since {r.randint(1980, 2018)}. We never charge candidates a fee.",
                f"{agency} — staffing specialists in {c['city']}.",
            ]
        )
    )
    desc = sentence_join(
        [
            r.choice(
                [
                    f"Our client, {an(r.choice(SIZES))} {WHAT[c['ind']]} in {c['city']}, is looking for {an(c['title'])}.",
                    f"{agency} is recruiting {an(c['title'])} on behalf of a well-known client.",
                    f"We are currently recruiting {c['title']}s for several clients in the {c['city']} area.",
                ]
            ),
            bullets(r, c["duties"], r.randint(2, 3)),
            r.choice(
                [
                    "Temp-to-perm for the right candidate.",
                    "Weekly pay via our payroll.",
                    "Immediate start available.",
                    "Day and night shifts available.",
                    "",
                ]
            ),
            r.choice(
                [
                    "Please bring proof of right to work when you register at our branch.",
                    "Send your CV and one of our consultants will call you.",
                    "Registration takes about 20 minutes at our office; you'll need photo ID and proof of address for right-to-work checks.",
                    "Apply now — we'll be in touch within 48 hours.",
                ]
            ),
        ]
    )
    p["description"] = desc
    p["requirements"] = genuine_requirements(r, c["cc"], c["ind"])
    p["benefits"] = genuine_benefits(r)
    p["has_company_logo"] = int(r.random() < 0.55)
    p["employment_type"] = r.choice(["Temporary", "Contract", "Full-time", ""])
    hard = int(p["has_company_logo"] == 0 or "payroll" in desc or "photo ID" in desc)
    return p, "genuine_staffing_agency", hard


def g_sparse(r):
    """Genuine but sparse: short or empty profile, missing logo, few fields."""
    p, c = base_posting(r)
    genuine_text(r, p, c, profile_p=0.3, logo_p=0.2)
    if r.random() < 0.5:
        p["requirements"] = ""
    if r.random() < 0.5:
        p["benefits"] = ""
    p["industry"] = p["industry"] if r.random() < 0.5 else ""
    p["function"] = ""
    p["required_education"] = ""
    if r.random() < 0.4:
        p["description"] = sentence_join(
            [
                r.choice(
                    [
                        "Small local business looking for a reliable {t}.",
                        "{t} wanted. Part-time hours, may suit a student.",
                        "Family-run {w} needs a {t} to start ASAP.",
                        "We need an extra {t} for the busy season.",
                    ]
                ).format(t=c["title"].lower(), w=WHAT[c["ind"]]),
                r.choice(
                    [
                        "Call in with your CV.",
                        "Email us your CV.",
                        "Pay depends on experience.",
                        "Must be reliable and friendly!",
                        "Training given.",
                        f"Email your CV to {c['co'].split()[0].lower()}{r.choice(['shop', 'cafe', 'jobs', '.office'])}@{r.choice(FREE_MAIL)}.",
                        "Questions? Message the manager on WhatsApp or pop in to the shop.",
                        "Trial shift (paid) before a formal offer.",
                    ]
                ),
            ]
        )
    return p, "genuine_sparse", 1


def g_high_salary_tech(r):
    p, c = base_posting(r, "software")
    if c["title"] not in (
        "Senior Backend Engineer",
        "Staff Machine Learning Engineer",
        "Site Reliability Engineer",
    ):
        c["title"] = p["title"] = r.choice(
            [
                "Principal Engineer",
                "Staff Software Engineer",
                "Engineering Manager",
                "Senior Security Engineer",
            ]
        )
    cc = c["cc"] if c["cc"] in ("US", "GB", "CA", "AU", "SG", "IE", "DE", "NL") else "US"
    p["salary_range"] = salary(r, 180000, 260000, cc)
    extra = [
        r.choice(
            [
                "Compensation includes base salary, equity and an annual bonus; the listed range is base only.",
                "We publish salary ranges for every role. Final offer depends on level, assessed in interview.",
                "Total compensation is highly competitive, including meaningful equity.",
            ]
        )
    ]
    if r.random() < 0.5:
        p["telecommuting"] = 1
        extra.append("Remote within supported countries.")
    genuine_text(r, p, c, extra_desc=extra, logo_p=0.75)
    p["required_experience"] = r.choice(["Mid-Senior level", "Director", ""])
    return p, "genuine_high_salary_tech", 1


def g_overseas_licensed(r):
    p, c = base_posting(r, r.choice(["healthcare", "hospitality", "construction", "education"]))
    dest = r.choice(
        [
            ("AE", "Dubai"),
            ("SG", "Singapore"),
            ("GB", "London"),
            ("CA", "Toronto"),
            ("AU", "Perth"),
            ("DE", "Munich"),
        ]
    )
    src = r.choice(
        [
            ("PH", "00", "Manila"),
            ("IN", "KL", "Kochi"),
            ("KE", "110", "Nairobi"),
            ("ZA", "GT", "Johannesburg"),
            ("NG", "LA", "Lagos"),
        ]
    )
    p["location"] = f"{src[0]}, {src[1]}, {src[2]}"
    agency = f"{r.choice(CO_A)} {r.choice(['Manpower Services', 'International Recruitment', 'Overseas Placement', 'Global Staffing'])}"
    lic = r.choice(
        [
            f"Licence no. {r.choice(['POEA', 'DMW', 'RA', 'MEA'])}-{r.randint(100, 999)}-LB-{r.randint(10, 99)}{r.choice(['', '-R'])}",
            "licensed by the national labour ministry (licence number on our website)",
            "registered with the government overseas-employment authority",
        ]
    )
    p["company_profile"] = (
        f"{agency} is a {lic.split(' (')[0] if lic.startswith('licensed') else 'licensed'} recruitment agency"
        + (f" ({lic})." if not lic.startswith("licensed") else ".")
        + r.choice([" We recruit for hospitals and hotels abroad.", " Established 1998.", ""])
    )
    p["description"] = sentence_join(
        [
            f"{agency} is recruiting {c['title']}s for a {WHAT[c['ind']]} in {dest[1]}.",
            r.choice(
                [
                    "Two-year renewable contract.",
                    "Permanent role after a 12-month probation.",
                    "Employer-sponsored work visa.",
                ]
            ),
            r.choice(
                [
                    "The employer pays the visa, medical and flight costs; no placement fee is charged to workers.",
                    "No placement fee. Visa and airfare are covered by the employer as required by law.",
                    "Candidates will never be asked to pay for a job offer. Report anyone who asks to the authorities.",
                    "All costs of deployment are shouldered by the employer, in line with the host country's regulations.",
                ]
            ),
            r.choice(
                [
                    "Interviews are held in person at our office and by video with the employer.",
                    "Selected candidates sit a skills test at our accredited centre.",
                    "Original documents are checked in person at our office; please do not send passports by post or email.",
                ]
            ),
            r.choice(
                [
                    "",
                    "Housing and transport provided.",
                    "Salary paid monthly by bank transfer in the host country.",
                ]
            ),
        ]
    )
    p["salary_range"] = salary(r, c["lo"], c["hi"], dest[0]) if r.random() < 0.5 else ""
    p["requirements"] = genuine_requirements(r, src[0], c["ind"])
    p["benefits"] = genuine_benefits(r)
    p["has_company_logo"] = int(r.random() < 0.6)
    return p, "genuine_overseas_licensed", 1


def g_payroll_bgcheck(r):
    p, c = base_posting(r)
    extra = [
        r.choice(
            [
                "Offers are conditional on a background check and reference checks, carried out after a formal offer with your written consent.",
                "After you accept an offer you'll complete onboarding paperwork, including tax forms and bank details for direct deposit, in our HR system.",
                "Successful candidates will need a criminal record check (we pay for it) before starting.",
                "New hires are paid by direct deposit every two weeks; you'll set this up on your first day with HR.",
                "You'll be asked for photo ID on your first day to verify your right to work.",
                "A pre-employment drug screen is required for this safety-sensitive role, arranged and paid for by us.",
                "Please note: we will never ask for a fee, gift cards or your bank details during the application process. Bank details are collected only after you sign your contract.",
                "Beware of fraudsters posing as our recruiters on messaging apps; all genuine contact comes from our corporate email domain.",
            ]
        )
    ]
    genuine_text(r, p, c, extra_desc=extra)
    return p, "genuine_payroll_bgcheck_mention", 1


def g_entry_wfh(r):
    p, c = base_posting(r, r.choice(["customer_service", "admin", "education"]))
    p["telecommuting"] = 1
    p["required_experience"] = r.choice(["Entry level", "Not Applicable", ""])
    p["employment_type"] = r.choice(["Part-time", "Full-time", "Temporary"])
    cc = c["cc"]
    extra = [
        r.choice(
            [
                "No experience necessary — full paid training is provided over the first two weeks.",
                "Flexible hours, work from home. Paid training.",
                "Perfect for students and parents looking for flexible work from home.",
                "Entry-level remote role; we'll train you on our systems.",
            ]
        ),
        r.choice(
            [
                "Pay is {h} per hour, paid weekly by direct deposit.",
                "Starting rate {h}/hour.",
                "Hourly pay {h} plus a small shift premium for evenings.",
            ]
        ).format(h=money(cc, max(1, round(c["lo"] * SAL_MULT[cc] / 2000)))),
        r.choice(
            [
                "We provide the headset and laptop.",
                "You need your own computer and a wired internet connection.",
                "Equipment is shipped to you and collected if you leave.",
                "",
            ]
        ),
    ]
    genuine_text(r, p, c, extra_desc=extra, logo_p=0.7)
    return p, "genuine_entry_level_wfh", 1


GENUINE = [
    (g_standard, 40),
    (g_remote, 9),
    (g_commission_sales, 7),
    (g_staffing, 8),
    (g_sparse, 9),
    (g_high_salary_tech, 6),
    (g_overseas_licensed, 5),
    (g_payroll_bgcheck, 8),
    (g_entry_wfh, 8),
]

# ---------------------------------------------------------------------------
# Fraud building blocks
# ---------------------------------------------------------------------------

CHAT = ["Telegram", "WhatsApp", "Signal", "Google Hangouts", "Wickr", "Skype chat", "Teams chat"]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "proton.me", "aol.com"]
NAMES = [
    "Mrs. Linda Carter",
    "David Morgan",
    "Mr. James Wilson",
    "Sarah Thompson",
    "HR Manager Kelly Adams",
    "Dr. Robert Hayes",
    "Anna Becker",
    "Michael Brown",
    "Jennifer Lee",
    "Mark Stevens",
]


def contact_mail(r, co):
    user = r.choice(["hr", "careers", "recruit", "hiring", "jobs", "info"]) + "." + co.split()[0].lower()
    return f"{user}{r.randint(1, 99) if r.random() < 0.5 else ''}@{r.choice(FREE_MAIL)}"


BLATANT_REQ = [
    "Must be 18+.",
    "Must be over 21.",
    "Computer and internet connection.",
    "Basic computer skills.",
    "Honest and reliable.",
    "No experience needed.",
    "Access to a smartphone.",
    "Able to check email several times a day.",
    "Must have a bank account.",
    "Good communication skills.",
    "Self-motivated.",
    "Must be available immediately.",
    "Own a printer.",
    "Trustworthy and detail-oriented.",
    "Must live in the US or Canada.",
    "Fluent English.",
    "Willing to learn.",
]
BLATANT_BEN = [
    "Weekly pay.",
    "Flexible hours.",
    "Work from home.",
    "Be your own boss.",
    "Great pay.",
    "Bonuses.",
    "Flexible schedule.",
    "Paid daily!",
    "Unlimited earning potential.",
    "Paid training.",
    "Travel opportunities.",
    "Fast payouts.",
    "Health insurance after 90 days.",
]


def fraud_posting(r, ind, subtle):
    """Skeleton for fraud posts: subtle ones look like genuine posts apart from the tells."""
    p, c = base_posting(r, ind)
    if subtle:
        p["company_profile"] = profile(r, c["co"], c["city"], WHAT[c["ind"]]) if r.random() < 0.65 else ""
        p["has_company_logo"] = int(r.random() < 0.55)
        p["requirements"] = genuine_requirements(r, c["cc"], c["ind"])
        p["benefits"] = genuine_benefits(r)
    else:
        p["company_profile"] = (
            ""
            if r.random() < 0.7
            else r.choice(
                [
                    f"{c['co']} is a leading international company.",
                    "We are a global firm with clients worldwide.",
                    f"{c['co']} is a reputable company registered in several countries.",
                    "Fast growing company.",
                ]
            )
        )
        p["has_company_logo"] = int(r.random() < 0.2)
        k = r.choice([0, 1, 1, 2, 2, 3])
        p["requirements"] = " ".join(r.sample(BLATANT_REQ, k))
        k = r.choice([0, 0, 1, 2, 2])
        p["benefits"] = " ".join(r.sample(BLATANT_BEN, k))
        p["has_questions"] = int(r.random() < 0.15)
        p["required_education"] = r.choice(["", "", "Unspecified", "High School or equivalent"])
    return p, c


def shout(r, text):
    if r.random() < 0.35:
        text = text.replace(".", "!!", 1)
    if r.random() < 0.2:
        text = text.upper()
    return text


def f_fake_check(r):
    subtle = r.random() < 0.45
    ind = r.choice(["admin", "marketing", "customer_service"])
    p, c = fraud_posting(r, ind, subtle)
    p["title"] = r.choice(
        [
            "Personal Assistant",
            "Remote Administrative Assistant",
            "Office Assistant (Remote)",
            "Virtual Assistant",
            "Executive Assistant to the CEO",
            "Event Coordinator Assistant",
        ]
    )
    p["telecommuting"] = int(r.random() < 0.8)
    tell = r.choice(
        [
            "You will receive a cheque to purchase office equipment from our approved vendor; deposit it and send the balance to the vendor.",
            "We will mail you a check for your starter kit. Cash it at your bank and forward the remaining funds as instructed.",
            "Part of the role is receiving payments from clients and buying gift cards for our events team.",
            "Your first task will be to deposit a company check and purchase software licences through our supplier, keeping {amt} for your time.",
            "Occasionally we send a cheque larger than needed; simply return the difference by bank transfer.",
        ]
    ).format(amt=lm(c["cc"], r.choice([200, 250, 300, 500])))
    if subtle:
        parts = [
            r.choice(INTRO_G).format(
                title=p["title"],
                a_title=an(p["title"]),
                dept="operations",
                co=c["co"],
                city=c["city"],
                mission=r.choice(MISSIONS),
                etype_l="part-time",
            ),
            bullets(r, INDUSTRIES["admin"][4], 3),
            tell,
        ]
    else:
        parts = [
            shout(r, f"URGENT: {p['title']} needed for busy executive who travels often."),
            r.choice(
                ["Pay is {w} per week for just a few hours.", "Earn {w} weekly, no experience required."]
            ).format(w=lm(c["cc"], r.choice([450, 500, 650, 800]))),
            tell,
            f"Send your full name, address and phone number to {contact_mail(r, c['co'])}.",
        ]
    p["description"] = sentence_join(parts)
    return p, "fake_check_overpayment", int(subtle)


def f_reshipping(r):
    subtle = r.random() < 0.5
    p, c = fraud_posting(r, "logistics", subtle)
    p["title"] = r.choice(
        [
            "Package Inspector",
            "Quality Control Inspector (Home-Based)",
            "Shipping Coordinator",
            "Logistics Assistant - Remote",
            "Parcel Processing Agent",
            "Merchandise Receiving Specialist",
            "Warehouse Coordinator (Work from Home)",
        ]
    )
    p["telecommuting"] = 1
    tell = r.choice(
        [
            "Receive parcels at your home address, check the contents, photograph them and re-ship them using the prepaid labels we email you.",
            "Our overseas customers cannot buy directly from some stores, so packages are delivered to you and you forward them abroad within 24 hours.",
            "You will accept deliveries at your residence, repackage the items and send them on to our international clients.",
            "Use your home as a receiving point: open, inspect and relabel incoming goods, then drop them at the post office.",
        ]
    )
    pay = r.choice(
        [
            "{a} per package processed",
            "a monthly salary of {m} after a 30-day trial period",
            "{a} per parcel plus a bonus",
            "salary paid at the end of the first month",
        ]
    ).format(a=lm(c["cc"], r.choice([20, 25, 30, 40])), m=lm(c["cc"], r.choice([2500, 3000, 3200])))
    if subtle:
        parts = [
            r.choice(
                [
                    f"{c['co']} is hiring {an(p['title'])} to support our e-commerce fulfilment network.",
                    f"Join {c['co']}'s distributed logistics team as {an(p['title'])}.",
                    f"We are an online retailer growing fast in {COUNTRY_NAMES[c['cc']]} and need home-based {p['title']}s.",
                    f"{an(p['title'])[0].upper() + an(p['title'])[1:]} is needed for our returns and quality programme.",
                ]
            ),
            tell,
            f"Compensation: {pay}.",
            r.choice(["No need to visit an office.", "Training is online.", ""]),
        ]
    else:
        parts = [
            shout(r, "Work from home! Easy job, only 1-2 hours a day."),
            tell,
            f"You will be paid {pay}.",
            r.choice(
                [
                    "Must be at home during the day to receive deliveries.",
                    "Send a copy of your ID and address to get started.",
                ]
            ),
        ]
    p["description"] = sentence_join(parts)
    return p, "reshipping", int(subtle)


def f_money_mule(r):
    subtle = r.random() < 0.5
    p, c = fraud_posting(r, "finance", subtle)
    p["title"] = r.choice(
        [
            "Financial Assistant",
            "Payment Processing Agent",
            "Remote Accounts Receivable Clerk",
            "Regional Payments Representative",
            "Finance Liaison",
            "Client Funds Coordinator",
            "Transaction Assistant",
        ]
    )
    p["telecommuting"] = int(r.random() < 0.85)
    tell = r.choice(
        [
            "Customers in your region will send payments to your personal bank account; you transfer them on to our partners, keeping {pct}% as commission.",
            "You'll process incoming client payments through your own account and forward them via wire transfer or cryptocurrency.",
            "Because of international banking delays, we need local representatives to receive funds and send them on via money transfer services.",
            "Responsibilities include receiving payments from customers and converting them into Bitcoin for our suppliers.",
            "You will act as our local payment agent, receiving transfers and redistributing them according to instructions from your supervisor.",
        ]
    ).format(pct=r.choice([5, 8, 10, 15]))
    if subtle:
        parts = [
            r.choice(
                [
                    f"{c['co']} is expanding in {COUNTRY_NAMES[c['cc']]} and needs {an(p['title'])} to support our accounts team.",
                    f"We are looking for {an(p['title'])} to work with our international clients in {COUNTRY_NAMES[c['cc']]}.",
                    f"{c['co']}, an import/export firm, is hiring {an(p['title'])} on a part-time remote basis.",
                    f"Part-time {p['title']} wanted for a growing trading company.",
                ]
            ),
            bullets(
                r,
                [
                    "reconcile daily payment records",
                    "communicate with customers by email",
                    "prepare short weekly reports",
                ],
                2,
            ),
            tell,
        ]
    else:
        parts = [
            shout(r, "Earn money from home processing payments!"),
            tell,
            r.choice(["No experience, no investment required.", "Only 2-3 hours per day."]),
            f"Reply with your name, phone and bank name to {contact_mail(r, c['co'])}.",
        ]
    p["description"] = sentence_join(parts)
    return p, "money_mule", int(subtle)


def f_upfront_fee(r):
    subtle = r.random() < 0.5
    ind = r.choice(["customer_service", "admin", "education", "logistics", "healthcare"])
    p, c = fraud_posting(r, ind, subtle)
    cc = c["cc"]
    fee = lm(cc, r.choice([49, 75, 99, 150, 199, 250, 350]))
    tell = r.choice(
        [
            "Before starting, new hires purchase a starter kit ({fee}) which includes the software licence and training materials.",
            "A refundable registration fee of {fee} secures your place in the training programme.",
            "Candidates must buy the company laptop through our vendor ({fee}); the cost is reimbursed with your first paycheck.",
            "Successful applicants pay {fee} for a background check processed through our partner site.",
            "To be activated on our platform a one-time onboarding fee of {fee} is required.",
            "Certification exam fee ({fee}) is payable by the candidate before the interview.",
        ]
    ).format(fee=fee)
    if subtle:
        genuine_text(r, p, c, extra_desc=[tell], profile_p=0.6, logo_p=0.5)
    else:
        p["description"] = sentence_join(
            [
                shout(r, f"Immediate hiring for {p['title']}s. Start this week!"),
                r.choice(
                    [
                        "Guaranteed job after training.",
                        "100% job placement.",
                        "Earn {w} per month from day one.",
                    ]
                ).format(w=lm(cc, r.choice([3000, 4500, 5000]))),
                tell,
                r.choice(["Limited slots available.", "Pay now to reserve your position.", ""]),
            ]
        )
    return p, "upfront_fee", int(subtle)


def f_identity(r):
    subtle = r.random() < 0.5
    p, c = fraud_posting(
        r, r.choice(["admin", "customer_service", "retail", "hospitality", "healthcare"]), subtle
    )
    tell = r.choice(
        [
            "To be considered, include your {idn}, date of birth and a photo of your driver's licence with your application.",
            "Applicants must submit a scan of their passport and bank card (front and back) for verification.",
            "Please complete our pre-screening form with your bank account and routing number so we can set up payroll before the interview.",
            "For security, email a selfie holding your ID, plus your mother's maiden name and date of birth.",
            "Complete the credit check at the link we send you (you'll need your card details) to confirm eligibility.",
            "Send your {idn}, passport copy and online banking login so HR can verify your identity.",
        ]
    ).format(
        idn={
            "US": "Social Security number",
            "GB": "National Insurance number",
            "CA": "SIN",
            "AU": "tax file number",
            "IN": "Aadhaar number",
            "IE": "PPS number",
        }.get(c["cc"], "national ID number")
    )
    if subtle:
        genuine_text(r, p, c, extra_desc=[tell], profile_p=0.7, logo_p=0.5)
    else:
        p["description"] = sentence_join(
            [
                shout(r, f"We are hiring {p['title']}s immediately, no interview needed."),
                tell,
                f"Email to {contact_mail(r, c['co'])} today.",
            ]
        )
    return p, "identity_harvest", int(subtle)


def f_chat_interview(r):
    subtle = r.random() < 0.55
    p, c = fraud_posting(
        r, r.choice(["admin", "finance", "customer_service", "marketing", "software"]), subtle
    )
    p["telecommuting"] = int(r.random() < 0.8)
    app = r.choice(CHAT)
    tell = r.choice(
        [
            "Interviews are conducted by text on {app}. Add our hiring manager {name} using ID {id}.",
            "The interview will be an instant-message chat on {app}; no phone or video call is needed.",
            "Contact {name} on {app} to schedule your online interview. Offers are made the same day.",
            "Please download {app} and message {id} — all communication happens there.",
        ]
    ).format(app=app, name=r.choice(NAMES), id=r.choice(["@", "+1 "]) + str(r.randint(10**6, 10**7)))
    if subtle:
        genuine_text(r, p, c, extra_desc=[tell], profile_p=0.75, logo_p=0.6)
        if r.random() < 0.5:
            p["salary_range"] = salary(r, c["lo"], c["hi"], c["cc"], inflate=1.3)
    else:
        p["description"] = sentence_join(
            [
                shout(r, f"{p['title']} — work online, {lm(c['cc'], r.choice([35, 40, 45, 50]))}/hour!"),
                tell,
                "You will be hired right after the chat.",
                r.choice(
                    ["Equipment will be sent to you by our vendor.", "Training starts immediately.", ""]
                ),
            ]
        )
    return p, "chat_app_interview", int(subtle)


def f_task_deposit(r):
    subtle = r.random() < 0.45
    p, c = fraud_posting(r, r.choice(["marketing", "retail", "admin"]), subtle)
    p["title"] = r.choice(
        [
            "Product Reviewer",
            "App Optimisation Assistant",
            "Online Rating Specialist",
            "Remote Order Booster",
            "Digital Marketing Task Associate",
            "Brand Data Optimiser",
            "E-commerce Evaluator (Part-Time)",
        ]
    )
    p["telecommuting"] = 1
    cc = c["cc"]
    tell = r.choice(
        [
            "Complete sets of 40 tasks rating products on our platform. Some premium tasks require you to top up your account balance first; the deposit is returned with commission.",
            "Boost merchants' app rankings by submitting orders. Your account must hold a minimum balance (topped up in USDT) to unlock higher-paying task levels.",
            "Earn {d} a day liking videos and reviewing hotels. To withdraw your earnings, first recharge your account to clear 'combination orders'.",
            "Daily tasks take 30-60 minutes. Occasionally a bonus order requires you to advance funds, which are refunded plus 30%.",
        ]
    ).format(d=lm(cc, r.choice([100, 150, 200, 300])))
    if subtle:
        parts = [
            r.choice(
                [
                    f"{c['co']} helps brands collect authentic feedback. We're looking for part-time {p['title']}s.",
                    f"Flexible remote role as {an(p['title'])} with a digital marketing agency.",
                    f"Our platform connects merchants with shoppers; we need {p['title']}s to help improve visibility.",
                ]
            ),
            tell,
            r.choice(["Training is provided by your mentor.", "You'll be assigned a personal mentor.", ""]),
        ]
    else:
        parts = [
            shout(r, "Simple online job, earn daily from your phone!"),
            tell,
            f"Message us on {r.choice(CHAT)} to get your trial tasks.",
        ]
    p["description"] = sentence_join(parts)
    p["salary_range"] = ""
    return p, "task_deposit_scam", int(subtle)


def f_data_entry(r):
    subtle = r.random() < 0.4
    p, c = fraud_posting(r, "admin", subtle)
    p["title"] = r.choice(
        [
            "Data Entry Clerk",
            "Online Data Entry Operator",
            "Home-Based Typist",
            "Data Entry - Work From Home",
            "Remote Form Filler",
            "Captcha Entry Specialist",
        ]
    )
    p["telecommuting"] = 1
    p["required_experience"] = r.choice(["Entry level", "Not Applicable", ""])
    cc = c["cc"]
    pay = r.choice(
        [
            "{h}/hour",
            "{w} per week for 10 hours",
            "up to {m} a month working part-time",
            "{h} per hour, no experience needed",
        ]
    ).format(
        h=lm(cc, r.choice([35, 40, 45, 55])),
        w=lm(cc, r.choice([900, 1200, 1500])),
        m=lm(cc, r.choice([6000, 8000, 9500])),
    )
    if r.random() < 0.5:
        p["salary_range"] = salary(r, 70000, 110000, cc)
    if subtle:
        genuine_text(
            r,
            p,
            c,
            extra_desc=[
                f"Pay: {pay}.",
                r.choice(
                    [
                        "Spots are limited and filled the same day.",
                        "No interview required; you can start today.",
                        "Hours are completely flexible — work whenever you like.",
                        "",
                    ]
                ),
            ],
            profile_p=0.5,
            logo_p=0.45,
        )
    else:
        p["description"] = sentence_join(
            [
                shout(r, f"Earn {pay} typing from home!"),
                r.choice(
                    ["No skills needed. Anyone can do it.", "No experience. No interview. Start today."]
                ),
                r.choice(["Just fill out simple forms.", "Copy-paste work, work your own hours."]),
                r.choice(["Register now, only a few places left!", "Apply before it's too late!!!"]),
            ]
        )
    return p, "data_entry_implausible_pay", int(subtle)


def f_mlm(r):
    subtle = r.random() < 0.5
    p, c = fraud_posting(r, r.choice(["sales", "marketing", "retail"]), subtle)
    p["title"] = r.choice(
        [
            "Independent Business Owner",
            "Brand Ambassador",
            "Wellness Consultant",
            "Marketing Director (Entry Level)",
            "Sales Leader - Be Your Own Boss",
            "Financial Freedom Coach",
            "Beauty Advisor",
        ]
    )
    p["employment_type"] = r.choice(["Other", "Part-time", ""])
    p["salary_range"] = ""
    cc = c["cc"]
    tell = r.choice(
        [
            "Build your own team and earn override commissions on everyone you recruit.",
            "Buy your starter inventory pack ({f}) and earn up to 40% on sales plus bonuses from your downline.",
            "Top leaders earn six figures by sharing the opportunity with friends and family.",
            "Commission-only. Qualify for your rank by maintaining a monthly personal purchase of {f}.",
        ]
    ).format(f=lm(cc, r.choice([99, 199, 299, 499])))
    if subtle:
        genuine_text(r, p, c, extra_desc=[tell], profile_p=0.6, logo_p=0.5)
    else:
        p["description"] = sentence_join(
            [
                shout(r, "Tired of your 9-5? Ready for financial freedom?"),
                tell,
                r.choice(["No experience needed, we train you!", "Work from your phone, anywhere!"]),
                f"DM us or email {contact_mail(r, c['co'])}.",
            ]
        )
    return p, "mlm_commission_only", int(subtle)


def f_overseas(r):
    subtle = r.random() < 0.5
    ind = r.choice(["hospitality", "construction", "healthcare", "logistics"])
    p, c = fraud_posting(r, ind, subtle)
    dest = r.choice(["Canada", "Dubai", "the UK", "Australia", "Qatar", "Poland", "Malaysia", "Thailand"])
    src = r.choice(
        [
            ("PH", "00", "Manila"),
            ("IN", "DL", "New Delhi"),
            ("KE", "110", "Nairobi"),
            ("NG", "LA", "Lagos"),
            ("MY", "14", "Kuala Lumpur"),
            ("ZA", "GT", "Johannesburg"),
        ]
    )
    p["location"] = f"{src[0]}, {src[1]}, {src[2]}" if r.random() < 0.7 else src[0]
    fee = money("US", r.choice([300, 450, 600, 900, 1200]))
    tell = r.choice(
        [
            "Applicants pay a processing fee of {fee} for the work permit and flight, which is deducted from the first salary.",
            "Visa sponsorship guaranteed. Pay {fee} to our travel agent to book your ticket.",
            "Your passport will be kept by the employer for safekeeping during the contract.",
            "Free visa and accommodation. Only pay {fee} for medical and document legalisation.",
            "No interview, no experience needed; jobs confirmed within 3 days after payment of the {fee} placement fee.",
            "You'll enter on a tourist visa; your work permit will be arranged after arrival.",
        ]
    ).format(fee=fee)
    pay = money("US", r.choice([2500, 3500, 4000, 5500]))
    if subtle:
        p["company_profile"] = r.choice(
            [
                f"{c['co']} International is a recruitment agency with 15 years of experience placing workers abroad.",
                f"{c['co']} Manpower connects skilled workers with employers in the Gulf, Europe and Asia.",
                "",
            ]
        )
        p["description"] = sentence_join(
            [
                r.choice(
                    [
                        f"We are recruiting {p['title']}s for a reputable {WHAT[c['ind']]} in {dest}.",
                        f"Job opening in {dest}: {p['title']} for a well-known {WHAT[c['ind']]}.",
                        f"Our client in {dest} requires experienced {p['title']}s for a two-year contract.",
                    ]
                ),
                f"Monthly salary around {pay} with accommodation and transport.",
                tell,
                r.choice(["Interviews by phone or chat.", "Send your CV and passport copy.", ""]),
            ]
        )
    else:
        p["description"] = sentence_join(
            [
                shout(r, f"URGENT HIRING IN {dest.upper()}!! {p['title']}s needed."),
                f"Salary {pay} per month, free food and housing.",
                tell,
                r.choice(
                    [
                        f"WhatsApp {r.choice(NAMES)} now.",
                        f"Email your passport copy to {contact_mail(r, c['co'])}.",
                    ]
                ),
            ]
        )
    return p, "fake_overseas_job", int(subtle)


FRAUD = [
    (f_fake_check, 9),
    (f_reshipping, 9),
    (f_money_mule, 10),
    (f_upfront_fee, 12),
    (f_identity, 10),
    (f_chat_interview, 11),
    (f_task_deposit, 9),
    (f_data_entry, 11),
    (f_mlm, 8),
    (f_overseas, 10),
]

# ---------------------------------------------------------------------------

COLS = [
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
]


def safe(v):
    s = str(v)
    if s and s[0] in "=+-@\t\r":
        return "'" + s
    return s


def generate(seed, n, fraud_rate=0.175):
    r = random.Random(seed)
    n_fraud = round(n * fraud_rate)
    kinds = [1] * n_fraud + [0] * (n - n_fraud)
    r.shuffle(kinds)
    rows, labels = [], []
    # fraud kinds are stratified by weight so every scam type is represented
    tot = sum(w for _, w in FRAUD)
    fraud_fns = [f for f, w in FRAUD for _ in range(int(n_fraud * w / tot))]
    fraud_fns += r.choices([f for f, _ in FRAUD], weights=[w for _, w in FRAUD], k=n_fraud - len(fraud_fns))
    r.shuffle(fraud_fns)
    fi = iter(fraud_fns)
    for i, is_f in enumerate(kinds):
        fn = next(fi) if is_f else r.choices([f for f, _ in GENUINE], weights=[w for _, w in GENUINE])[0]
        p, kind, hard = fn(r)
        jid = f"J2-{seed}-{i + 1:05d}"
        p["job_id"] = jid
        rows.append(p)
        labels.append({"job_id": jid, "fraudulent": is_f, "kind": kind, "hard": hard})
    return rows, labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fraud-rate", type=float, default=0.175)
    a = ap.parse_args()
    rows, labels = generate(a.seed, a.n, a.fraud_rate)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "postings.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLS)
        w.writeheader()
        for p in rows:
            w.writerow({k: safe(p[k]) for k in COLS})
    with open(os.path.join(a.out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["job_id", "fraudulent", "kind", "hard"])
        w.writeheader()
        for lab in labels:
            w.writerow(lab)
    nf = sum(lab["fraudulent"] for lab in labels)
    print(f"wrote {len(rows)} postings ({nf} fraudulent, {nf / len(rows):.1%}) to {a.out}")


if __name__ == "__main__":
    main()
