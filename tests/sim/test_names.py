"""Name tables: big enough, well formed, and every passport name fits an MRZ."""

from __future__ import annotations

import random

import pytest

from tipnet.identity.mrz.names import compose_name_field
from tipnet.sim.geography import NATIONALITIES
from tipnet.sim.names import draw_name, table


@pytest.mark.parametrize("nationality", ["KHM", "THA", "VNM", "CHN"])
def test_main_tables_have_enough_names(nationality: str) -> None:
    t = table(nationality)
    assert t.family is not None
    given = {p.native for g in ("F", "M") for p in t.given[g].items}
    family = {p.native for g in ("F", "M") for p in t.family[g].items}
    assert len(given) >= 60 and len(family) >= 40


@pytest.mark.parametrize("nationality", NATIONALITIES)
def test_names_draw_and_fit_the_mrz(nationality: str) -> None:
    rng = random.Random(nationality)
    for _ in range(200):
        name = draw_name(rng, nationality, rng.choice("FM"))
        surname, given = name.passport()
        assert (surname and surname.isupper()) or not surname.isalpha()
        compose_name_field(surname, given, 39)  # raises on characters an MRZ cannot hold
        assert name.latin() and name.native()
        for part in name.parts():
            assert all(v.isascii() for v in part.latin[:1]) or nationality == "VNM"


def test_romanizations_are_hand_built_and_plural() -> None:
    khm = table("KHM")
    sok = next(p for p in khm.family["F"].items if p.native == "សុខ")
    assert sok.latin[:2] == ("Sok", "Sokh")
    chen = next(p for p in table("CHN").family["M"].items if p.native == "陈")
    assert {"Chen", "Chan", "Tan"} <= set(chen.latin)


def test_every_language_has_every_phrase_and_narrative() -> None:
    from tipnet.sim.geography import TEXT_LANGUAGES
    from tipnet.sim.texts import COUNTRY_NAMES, JOBS, NARRATIVES, PHRASES

    for texts in (PHRASES, NARRATIVES, JOBS, COUNTRY_NAMES):
        assert set(texts) == set(TEXT_LANGUAGES)
        keys = set(texts["en"])
        assert all(set(texts[lang]) == keys for lang in TEXT_LANGUAGES)
