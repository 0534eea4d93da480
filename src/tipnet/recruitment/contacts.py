"""Contacts in an advert: phones (E.164, as the rest of tipnet normalizes them), messaging handles
(Telegram, WhatsApp, Line, WeChat, Viber, Zalo), links, e-mail addresses and company names. They are
what ties many posts to one recruiter and an advert to persons, cases and hotline reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipnet.identity.phones import PHONE_IN_TEXT, REGION_PHONE_REGIONS, PhoneError, normalize_phone
from tipnet.recruitment.text import DIGITS

FREE_MAIL = frozenset(
    {
        "gmail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "icloud.com",
        "qq.com",
        "163.com",
        "126.com",
        "proton.me",
        "protonmail.com",
        "mail.ru",
        "yandex.com",
        "aol.com",
        "foxmail.com",
        "sina.com",
    }
)
_APPS = (
    ("telegram", r"(?:telegram|tele|tg|飞机|电报|តេឡេក្រាម|เทเลแกรม|ເທເລແກຣມ|တယ်လီဂရမ်)"),
    ("whatsapp", r"(?:whats ?app|wa|វ៉ាត់សាប|วอทส์แอพ|ວັອດແອັບ)"),
    ("line", r"(?:line(?: ?id)?|ไลน์|ໄລນ໌)"),
    ("wechat", r"(?:wechat|weixin|微信|vx|v信|wx)"),
    ("viber", r"(?:viber|ဗိုင်ဘာ)"),
    ("zalo", r"zalo"),
    ("qq", r"qq"),
)
_APP_HANDLE = re.compile(
    "|".join(
        # The app's name as a word, then a handle after a colon, or an @handle or a number right after.
        rf"(?<![A-Za-z0-9_@])(?P<{name}>{pat})(?:\s*(?:id|号))?(?:\s*[:：=]\s*(?P<{name}_h>@?[A-Za-z][\w.]{{3,31}}|\+?\d[\d \-]{{6,16}}\d)"
        rf"|\s*(?P<{name}_h2>@[A-Za-z][\w.]{{3,31}}|\+?\d[\d \-]{{6,16}}\d))"
        for name, pat in _APPS
    ),
    re.IGNORECASE,
)
_TME = re.compile(r"(?:https?://)?t\.me/(?P<h>[A-Za-z]\w{3,31})", re.IGNORECASE)
_WAME = re.compile(r"(?:https?://)?wa\.me/(?P<h>\+?\d{7,15})", re.IGNORECASE)
_AT_HANDLE = re.compile(r"(?<![\w.])@(?P<h>[A-Za-z]\w{3,31})(?![\w.-]*\.[A-Za-z])")
# Starts only where a run of address characters starts: linear on long runs without an @.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?P<d>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.IGNORECASE)
_PHONE = PHONE_IN_TEXT  # the one phone-in-text pattern (tipnet.identity.phones)
_COMPANY = re.compile(
    r"(?:[A-Z][\w&.'-]*\s){0,4}(?:Co\.,? ?Ltd\.?|Company Limited|Ltd\.?|Inc\.?|Corp(?:oration)?\.?|Group|"
    r"Technology Co\.?|International|Entertainment|PT\s[A-Z][\w ]{2,40}|Công ty [^\n,.]{3,60})"
    r"|(?:บริษัท\s?[^\n,]{2,40}?จำกัด)|(?:ក្រុមហ៊ុន\s?[^\n,]{2,40})|(?:ບໍລິສັດ\s?[^\n,]{2,40})"
    r"|(?:[\u4e00-\u9fff]{2,20}(?:有限公司|集团|公司))"
)


@dataclass(frozen=True, slots=True)
class Contact:
    kind: str  # phone | telegram | whatsapp | line | wechat | viber | zalo | qq | handle | email | url | company
    value: str  # normalized: E.164, lower-case handle without @, lower-case e-mail, URL as written
    evidence: str


def _phone(raw: str, region: str | None) -> str | None:
    digits = sum(c.isdigit() for c in raw)
    if digits < 8 or digits > 15:
        return None
    try:
        return normalize_phone(raw, region, fallback_regions=REGION_PHONE_REGIONS)
    except PhoneError:
        return None


def extract(text: str, region: str | None = "KH") -> list[Contact]:
    """Every contact in `text`, de-duplicated, in order of first appearance."""
    folded = text.translate(DIGITS)
    out: list[Contact] = []
    seen: set[tuple[str, str]] = set()
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, start: int, end: int) -> None:
        taken.append((start, end))
        if (kind, value) not in seen:
            seen.add((kind, value))
            out.append(Contact(kind, value, text[start:end]))

    for m in _EMAIL.finditer(folded):
        add("email", m.group(0).lower(), m.start(), m.end())
    for m in _URL.finditer(folded):
        add("url", m.group(0).rstrip(".,;"), m.start(), m.end())
    for m in _TME.finditer(folded):
        add("telegram", m.group("h").lower(), m.start(), m.end())
    for m in _WAME.finditer(folded):
        phone = _phone(m.group("h"), region)
        if phone:
            add("whatsapp", phone, m.start(), m.end())
    for m in _APP_HANDLE.finditer(folded):
        kind = next(k for k, _ in _APPS if m.group(k))
        group = f"{kind}_h" if m.group(f"{kind}_h") else f"{kind}_h2"
        handle = m.group(group)
        phone = _phone(handle, region) if handle[0].isdigit() or handle[0] == "+" else None
        add(kind, phone or handle.lstrip("@").lower(), m.start(), m.end())
        if phone:
            add("phone", phone, m.start(group), m.end(group))
    for m in _AT_HANDLE.finditer(folded):
        if not any(s <= m.start() < e for s, e in taken):
            add("handle", m.group("h").lower(), m.start(), m.end())
    for m in _PHONE.finditer(folded):
        if any(s <= m.start() < e for s, e in taken):
            continue
        phone = _phone(m.group(0), region)
        if phone:
            add("phone", phone, m.start(), m.end())
    for m in _COMPANY.finditer(text):
        name = " ".join(m.group(0).split())
        if len(name) >= 4:
            add("company", name, m.start(), m.end())
    return out


# Messaging apps whose account is a phone number when the advert gives a number (WhatsApp always).
_NUMBER_APPS = frozenset({"whatsapp", "viber", "zalo", "line", "wechat", "telegram", "qq"})


def node_key(contact: Contact) -> tuple[str, str] | None:
    """The network node a contact stands for, the same however the advert wrote it: a WhatsApp, Viber,
    Zalo or Line number is its phone (E.164, as tipnet.identity normalizes every phone), so
    "wa.me/855..." and "call 012 ..." meet; a bare @handle and a t.me link are the Telegram account
    (Telegram usernames are global, case-insensitive); Line and WeChat ids stay apart (their ids are
    their own namespaces). URLs and company names are not recruiter nodes (they can be borrowed)."""
    kind, value = contact.kind, contact.value
    if kind == "phone" or (kind in _NUMBER_APPS and value.startswith("+")):
        return ("phone", value)
    if kind in ("telegram", "handle"):
        return ("telegram", value.lower().lstrip("@"))
    if kind in ("line", "wechat", "viber", "zalo", "qq", "whatsapp", "email"):
        return (kind, value.lower())
    return None


def has_company_identity(text: str) -> bool:
    """True if `text` names a company (legal form) or gives an e-mail at a company's own domain."""
    if any(d.lower() not in FREE_MAIL for d in _EMAIL.findall(text)):
        return True
    return bool(_COMPANY.search(text))


def company_email(contacts: list[Contact]) -> bool:
    """True if one e-mail is at an employer's own domain (not a free mail service)."""
    return any(c.kind == "email" and c.value.rsplit("@", 1)[-1] not in FREE_MAIL for c in contacts)
