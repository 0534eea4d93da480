"""Organisation names in Khmer: the directory's optional `org_Name_km` column, stored and shown on
Khmer pages ("Refer to", referrals awaiting an answer), the catalogue's names for the simulated
directory, English pages unchanged. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.web.test_my_work import _consent, _new_case, _world

from tipnet.ingest.pipeline import ingest_file
from tipnet.sim.orgs import ORGS
from tipnet.sources import ORGANISATIONS
from tipnet.store.tables.sources import Organisation
from tipnet.web.i18n import catalogue


def test_every_simulated_organisation_has_a_khmer_name() -> None:
    km = catalogue("km")
    missing = [o.code for o in ORGS if not km.get(f"org.{o.code}")]
    assert not missing, missing


def test_khmer_names_of_organisations(engine: Engine, tmp_path: Path) -> None:
    _w, a, ta, b, _tb = _world(engine)
    path = tmp_path / "organisations.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([*ORGANISATIONS.columns, "org_Name_km"])
        writer.writerow(["KH-NGO-LOTUS", "KH-NCCT", "Lotus Path Shelter", "NGO", "KHM", "Phnom Penh", "", ""])
        writer.writerow(["LEGAL-X", "KH-NCCT", "Legal Aid X", "LegalService", "KHM", "", "", "ជំនួយផ្លូវច្បាប់ X"])
        writer.writerow(["SHELTER-B", "KH-NCCT", "Shelter B", "NGO", "KHM", "", "", "ជម្រក ខ"])
    report = ingest_file(engine, "organisations", path, rejects_path=tmp_path / "rejects.csv")
    assert report.rejected == 0, report
    with Session(engine) as s:
        assert (
            s.scalar(select(Organisation.org_Name_km).where(Organisation.code == "LEGAL-X")) == "ជំនួយផ្លូវច្បាប់ X"
        )
    case_id, cp = _new_case(a, ta, "Mala")
    km = a.get(f"/cases/{case_id}?lang=km").text
    refer = km[km.index('id="refer-org"') : km.index("</select>", km.index('id="refer-org"'))]
    assert "ជំនួយផ្លូវច្បាប់ X (LEGAL-X)" in refer  # the directory's own Khmer name
    assert "ជម្រកផ្លូវផ្កាឈូក (KH-NGO-LOTUS)" in refer  # the catalogue's, where the directory has none
    assert "Legal Aid X" not in refer and "Lotus Path Shelter" not in refer
    en = a.get(f"/cases/{case_id}?lang=en").text
    assert "Legal Aid X (LEGAL-X)" in en and "Lotus Path Shelter (KH-NGO-LOTUS)" in en
    # The receiver reads who referred in Khmer ("NGO A" has no Khmer name: as given).
    _consent(a, ta, case_id, cp)
    a.post(
        f"/cases/{case_id}/referrals",
        data={"csrf_token": ta, "org": "SHELTER-B", "direction": "out"},
    )
    assert "NGO A" in b.get("/work?lang=km").text
    # An organisation referring to NGO A with a Khmer name is shown by it.
    with Session(engine) as s, s.begin():
        org = s.scalar(select(Organisation).where(Organisation.code == "NGO-A"))
        assert org is not None
        org.org_Name_km = "អង្គការ ក"
    page = b.get("/work?lang=km").text
    assert "អង្គការ ក" in page and ">NGO A<" not in page
