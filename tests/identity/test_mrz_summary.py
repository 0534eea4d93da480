"""`mrz_summary` (what an import keeps of an MRZ, the date-free part cached by text) says exactly what
`parse_mrz` says, for valid, expired, minors', broken and repaired MRZs, on any date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipnet.identity.mrz.compose import compose_td1, compose_td2, compose_td3
from tipnet.identity.mrz.formats import ALPHABET
from tipnet.identity.mrz.parse import mrz_summary, parse_mrz

COMPOSERS = {"TD1": compose_td1, "TD2": compose_td2, "TD3": compose_td3}
STATES = ["KHM", "THA", "VNM", "MMR", "LAO", "D", "XXA", "UTO", "GBR"]


def full(text: str, today: date) -> tuple[str | None, bool, list[str]]:
    result = parse_mrz(text, today=today)
    return result.format, result.valid, sorted({f.code for f in result.findings})


@st.composite
def mrzs(draw: st.DrawFn) -> str:
    fmt = draw(st.sampled_from(sorted(COMPOSERS)))
    birth = draw(st.dates(date(1930, 1, 1), date(2025, 12, 31)))
    expiry = birth + timedelta(days=draw(st.integers(-400, 60 * 365)))
    lines = list(
        COMPOSERS[fmt](
            issuing_state=draw(st.sampled_from(STATES)),
            surname=draw(st.sampled_from(["SOK", "NGUYEN", "AUNG SAN", "O'NEIL"])),
            given_names=draw(st.sampled_from(["", "DARA", "VAN KHANH", "MYA MYA"])),
            document_number=draw(st.from_regex(r"[A-Z0-9]{6,9}", fullmatch=True)),
            nationality=draw(st.sampled_from(STATES)),
            birth_date=birth,
            sex=draw(st.sampled_from(["F", "M", "X", "<"])),
            expiry_date=expiry,
        )
    )
    for _ in range(draw(st.integers(0, 2))):  # OCR slips, anywhere: check digits, dates, states, names
        i = draw(st.integers(0, len(lines) - 1))
        p = draw(st.integers(0, len(lines[i]) - 1))
        lines[i] = lines[i][:p] + draw(st.sampled_from([*sorted(ALPHABET), " ", "a"])) + lines[i][p + 1 :]
    if draw(st.booleans()):
        lines[-1] = lines[-1].rstrip("<")  # trailing fillers dropped
    return draw(st.sampled_from(["\n", "\r\n", " \n "])).join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mrzs(), days=st.lists(st.integers(-40 * 365, 40 * 365), min_size=1, max_size=4))
def test_the_summary_is_the_full_parse_on_every_date(text: str, days: list[int]) -> None:
    for offset in days:  # the same MRZ again on other dates: the cached part must not carry the date
        today = date(2025, 6, 30) + timedelta(days=offset)
        assert mrz_summary(text, today) == full(text, today)


def test_the_summary_of_unreadable_text_is_the_full_parse() -> None:
    today = date(2026, 12, 7)
    for text in ["", "P<KHM", "hello\nworld\nagain\nand again", "<" * 88, "P<KHMSOK<<DARA" + "<" * 30]:
        assert mrz_summary(text, today) == full(text, today)
