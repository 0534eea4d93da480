"""goAML STRs: one per typology validates, the reference files get the right verdicts from the same
validator, an invalid report is refused with element paths and nothing written, lookup codes are settings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.finance.conftest import read_csv
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.finance.detect import detect, read_alert, write_alerts
from tipnet.finance.goaml import (
    DEFAULT_SCHEMA,
    GoamlConfig,
    StrInvalid,
    build_str,
    validation_errors,
    write_str,
)
from tipnet.finance.load import load
from tipnet.finance.typologies import TYPOLOGIES

GOAML = DEFAULT_SCHEMA.parent
SCHEMA = str(DEFAULT_SCHEMA)


@pytest.fixture(scope="module")
def alerts_dir(book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("str-alerts")
    loaded = load(book / "accounts.csv", book / "transactions.csv", rates=book / "rates.csv")
    detect(loaded.con)
    write_alerts(loaded.con, out)
    return out


def test_the_validator_accepts_the_sample_and_rejects_the_template() -> None:
    assert validation_errors(GOAML / "sample_str_trafficking.xml", SCHEMA) == []
    errors = validation_errors(GOAML / "report_template.xml", SCHEMA)
    assert len(errors) > 100
    assert any(path.startswith("/report/") for path, _ in errors)


def test_one_valid_str_per_typology_from_the_command_line(alerts_dir: Path, tmp_path: Path) -> None:
    notes = json.loads((alerts_dir / "alerts.json").read_text(encoding="utf-8"))
    runner = CliRunner()
    for typ in TYPOLOGIES:
        alert = next(n["alert_id"] for n in notes if n["typology"] == typ)
        out = tmp_path / f"{alert}.xml"
        result = runner.invoke(
            app, ["finance", "str", "--alerts-dir", str(alerts_dir), "--alert", alert, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert validation_errors(out, SCHEMA) == []
        text = out.read_text(encoding="utf-8")
        evidence = [r["tx_id"] for r in read_csv(alerts_dir / "evidence.csv") if r["alert_id"] == alert]
        assert text.count("<transaction>") == len(evidence)
        assert f"Typology: {typ}" in text and "Sources:" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_any_simulated_alert_gives_a_valid_str(alerts_dir: Path, data: st.DataObject) -> None:
    notes = json.loads((alerts_dir / "alerts.json").read_text(encoding="utf-8"))
    note = data.draw(st.sampled_from(notes))
    reason = data.draw(st.text(min_size=1, max_size=9000))
    found = read_alert(alerts_dir, note["alert_id"])
    document = build_str(
        alert_id=found.alert_id,
        typologies=found.typologies,
        reason=reason,
        evidence=found.evidence,
        parties=found.parties,
        cfg=GoamlConfig(),
        submitted=datetime(2026, 12, 1, 9, 0),
    )
    # any narrative (control characters, 9,000 characters) still gives a valid report
    assert validation_errors(document, SCHEMA) == []


def test_an_invalid_report_is_refused_with_paths_and_nothing_is_written(
    alerts_dir: Path, tmp_path: Path
) -> None:
    notes = json.loads((alerts_dir / "alerts.json").read_text(encoding="utf-8"))
    found = read_alert(alerts_dir, notes[0]["alert_id"])
    cfg = GoamlConfig(transmode={"transfer": "ZZZ"}, report_code="NOPE")
    document = build_str(
        alert_id=found.alert_id,
        typologies=found.typologies,
        reason="x",
        evidence=found.evidence,
        parties=found.parties,
        cfg=cfg,
        submitted=datetime(2026, 12, 1),
    )
    out = tmp_path / "bad.xml"
    with pytest.raises(StrInvalid) as caught:
        write_str(out, document, cfg)
    paths = [p for p, _ in caught.value.errors]
    assert "/report/report_code" in paths
    assert not out.exists() and not list(tmp_path.glob("*.xml*"))


def test_lookup_codes_come_from_the_settings_file(alerts_dir: Path, tmp_path: Path) -> None:
    settings_file = tmp_path / "fiu.json"
    settings_file.write_text(
        json.dumps({"rentity_id": 4242, "report_code": "XSTR", "institution_name": "Example Bank Plc"}),
        encoding="utf-8",
    )
    notes = json.loads((alerts_dir / "alerts.json").read_text(encoding="utf-8"))
    out = tmp_path / "r.xml"
    result = CliRunner().invoke(
        app,
        [
            "finance",
            "str",
            "--alerts-dir",
            str(alerts_dir),
            "--alert",
            notes[0]["alert_id"],
            "--out",
            str(out),
            "--goaml-settings",
            str(settings_file),
        ],
    )
    # a code the FIU's schema does not list: refused, with the schema's own errors by path
    assert result.exit_code == 2 and "/report/report_code" in result.output and not out.exists()
    settings_file.write_text(
        json.dumps({"rentity_id": 4242, "institution_name": "Example Bank Plc"}), encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "finance",
            "str",
            "--alerts-dir",
            str(alerts_dir),
            "--alert",
            notes[0]["alert_id"],
            "--out",
            str(out),
            "--goaml-settings",
            str(settings_file),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "<rentity_id>4242</rentity_id>" in out.read_text(encoding="utf-8")
    settings_file.write_text(json.dumps({"colour": "red"}), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "finance",
            "str",
            "--alerts-dir",
            str(alerts_dir),
            "--alert",
            notes[0]["alert_id"],
            "--out",
            str(out),
            "--goaml-settings",
            str(settings_file),
        ],
    )
    assert result.exit_code == 2 and "unknown goAML settings colour" in result.output


def test_the_banks_own_customers_with_kyc_are_my_client_parties(book: Path, tmp_path: Path) -> None:
    """accounts.csv with the optional KYC columns: home persons with opening date, birth date, id number
    and phone become `t_from_my_client` / `t_to_my_client` (account, signatory); the rest stay t_from/t_to."""
    import csv

    rows = read_csv(book / "accounts.csv")
    kyc = tmp_path / "accounts.csv"
    with kyc.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([*rows[0].keys(), "birth_date", "id_number", "phone"])
        for i, r in enumerate(rows):
            known = r["holder_type"] == "person" and r["country"] == "KH" and i % 3 != 0  # some without KYC
            extra = [f"19{80 + i % 20}-0{1 + i % 9}-1{i % 10}", f"N{i:09d}", f"+855 12 {i:06d}"]
            w.writerow([*r.values(), *(extra if known else ["", "", ""])])
    loaded = load(kyc, book / "transactions.csv", rates=book / "rates.csv")
    assert loaded.rejected == 0
    detect(loaded.con)
    out = tmp_path / "alerts"
    write_alerts(loaded.con, out)
    notes = json.loads((out / "alerts.json").read_text(encoding="utf-8"))
    seen = {"mine": 0, "other": 0}
    for typ in ("recruitment_fees", "wage_skim", "mule_chain"):
        alert = next(n["alert_id"] for n in notes if n["typology"] == typ)
        found = read_alert(out, alert)
        document = build_str(
            alert_id=alert,
            typologies=found.typologies,
            reason=found.explanation,
            evidence=found.evidence,
            parties=found.parties,
            cfg=GoamlConfig(),
            submitted=datetime(2026, 12, 7, 1, 0),
        )
        assert validation_errors(document, SCHEMA) == [], typ
        text = document.decode("utf-8")
        seen["mine"] += text.count("<t_from_my_client>") + text.count("<t_to_my_client>")
        seen["other"] += text.count("<t_from>") + text.count("<t_to>")
        if "<t_from_my_client>" in text or "<t_to_my_client>" in text:
            assert "<signatory>" in text and "<ssn>N" in text and "<tph_country_prefix>855<" in text
    assert seen["mine"] > 0 and seen["other"] > 0, seen
    no_kyc = build_str(
        alert_id="X",
        typologies=["cycle"],
        reason="r",
        evidence=found.evidence,
        parties=found.parties,
        cfg=GoamlConfig(my_client=False),
        submitted=datetime(2026, 12, 7, 1, 0),
    ).decode("utf-8")
    assert "_my_client" not in no_kyc and validation_errors(no_kyc, SCHEMA) == []
