"""The statistics dashboard: analysts and admins only; filters by year and organisation type;
aggregates only (small cells hidden, no person's name or record link on the page)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session
from tests.api.fixtures import World
from tests.web.test_pages import login

from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation


def _victims(world: World) -> None:
    with Session(world.engine) as s, s.begin():
        org = s.query(Organisation).first()
        assert org is not None
        for i in range(14):
            case = Case(org_id=org.id, case_ref=f"STAT-{i}", opened_on=date(2025 if i < 11 else 2026, 3, 1))
            s.add(case)
            s.flush()
            person = Person(
                full_name=f"Sokha Test{i}", prs_Gender="Feminine" if i % 7 else "Masculine", birth_year=2000
            )
            s.add(person)
            s.flush()
            s.add(
                CasePerson(
                    case_id=case.id,
                    person_id=person.id,
                    role="Victim",
                    vic_TypeOfExploitation=["ForcedLabour"],
                )
            )


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_dashboard_for_analysts_and_admins(sqlite_world: World, role: str) -> None:
    _victims(sqlite_world)
    c = sqlite_world.client
    login(c, role)
    page = c.get("/statistics")
    assert page.status_code == 200 and "people, not records" in page.text
    assert 'id="nav-statistics"' in page.text
    assert "Sokha" not in page.text and "/cases/" not in page.text.split("<main", 1)[-1]
    # 2025: 11 persons (9 women, 2 men -> the men hidden, and the women with them by secondary suppression)
    by_sex = c.get("/statistics?year=2025&by=sex").text
    assert (
        "&lt;5*" in by_sex
        and ">2026<" not in by_sex.split("people, not records", 1)[1].split("</table>", 1)[0]
    )
    assert c.get("/statistics?by=nationality&org_type=Nonexistent").status_code == 200


@pytest.mark.parametrize("role", ["case_worker", "partner", "border_officer"])
def test_dashboard_refused_to_other_roles(sqlite_world: World, role: str) -> None:
    c = sqlite_world.client
    login(c, role)
    page = c.get("/statistics")
    assert page.status_code == 403
