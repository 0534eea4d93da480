"""`tipnet adverts screen`: verdicts as JSON lines or CSV, rejected rows and exit codes 0/1/2;
`tipnet adverts train`: a model trained on one folder, calibrated on another, that the screen loads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.recruitment.model import load

DECEPTIVE = (
    "URGENT: online customer service in Bavet, salary $2,500/month, no experience, free flight and visa, "
    "contact Telegram @fast_jobs88"
)
GENUINE = (
    "Tonle Logistics Co., Ltd. hiring a warehouse clerk in Phnom Penh, USD 320 a month, 2 years experience, "
    "employment contract and social security, apply hr@tonlelogistics.com.kh"
)


def _write(path: Path, rows: list[tuple[str, str, str]], extra: bytes = b"") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ad_id", "body", "lang"])
        w.writerows(rows)
    if extra:
        with path.open("ab") as fh:
            fh.write(extra)
    return path


def test_json_verdicts_one_per_line(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "ads.csv",
        [("a1", DECEPTIVE, "en"), ("a2", GENUINE, ""), ("a3", "招聘客服，月薪3万，包机票，加微信", "")],
    )
    r = CliRunner().invoke(
        app,
        [
            "adverts",
            "screen",
            str(f),
            "--id-column",
            "ad_id",
            "--text-column",
            "body",
            "--language-column",
            "lang",
            "--json",
            "-q",
        ],
    )
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [v["id"] for v in lines] == ["a1", "a2", "a3"]
    assert set(lines[0]) >= {"id", "language", "deceptive", "score", "flags"}
    assert lines[0]["deceptive"] is True and lines[1]["deceptive"] is False and lines[2]["deceptive"] is True
    assert lines[2]["language"] == "zh"
    assert all(set(f) >= {"code", "text", "evidence"} for f in lines[0]["flags"])
    assert {"COMPOUND_HUB", "PAY_FAR_ABOVE_MARKET", "MESSAGING_ONLY_CONTACT"} <= {
        f["code"] for f in lines[0]["flags"]
    }


def test_rejected_rows_exit_1_and_csv_is_formula_safe(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "ads.csv",
        [('=HYPERLINK("x")', DECEPTIVE, "en"), ("a2", "   ", "en")],
        extra=b'a3,"bad \xff bytes",en\n',
    )
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app,
        [
            "adverts",
            "screen",
            str(f),
            "--id-column",
            "ad_id",
            "--text-column",
            "body",
            "--out",
            str(out),
            "-q",
        ],
    )
    assert r.exit_code == 1
    with (out / "verdicts.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["id"].startswith("'=") and rows[0]["deceptive"] == "true"
    with (out / "rejected.csv").open(encoding="utf-8") as fh:
        rejected = list(csv.DictReader(fh))
    assert [(x["id"], x["reason"]) for x in rejected] == [
        ("a2", "empty text"),
        ("a3", "unreadable encoding (not UTF-8)"),
    ]


def test_unreadable_file_or_missing_column_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(
        app,
        ["adverts", "screen", str(tmp_path / "none.csv"), "--id-column", "i", "--text-column", "t", "--json"],
    )
    assert r.exit_code == 2
    f = _write(tmp_path / "ads.csv", [("a1", GENUINE, "en")])
    r = runner.invoke(
        app, ["adverts", "screen", str(f), "--id-column", "id", "--text-column", "body", "--json"]
    )
    assert r.exit_code == 2 and "no column 'id'" in r.output


def _sim_folder(root: Path, name: str, n: int) -> Path:
    """A folder shaped like `tipnet simulate` output, with hand-written variations of the two adverts."""
    (root / name / "sources").mkdir(parents=True)
    (root / name / "truth").mkdir()
    with (
        (root / name / "sources" / "adverts.csv").open("w", newline="", encoding="utf-8") as a,
        (root / name / "truth" / "adverts.csv").open("w", newline="", encoding="utf-8") as t,
    ):
        wa, wt = csv.writer(a), csv.writer(t)
        wa.writerow(["record_id", "org", "posted_on", "platform", "language", "title", "body"])
        wt.writerow(["record_id", "deceptive", "tricks"])
        for i in range(n):
            rid = f"{name}-{i}"
            dec = i % 2 == 0
            body = (
                (DECEPTIVE if dec else GENUINE)
                .replace("2,500", f"{2000 + i * 10:,}")
                .replace("320", str(300 + i))
            )
            wa.writerow([rid, "NGO", "2026-01-01", "Facebook", "en", "", body])
            wt.writerow([rid, "true" if dec else "false", ""])
    return root / name


def test_train_writes_a_model_the_screen_loads(tmp_path: Path) -> None:
    tr, ca = _sim_folder(tmp_path, "a", 40), _sim_folder(tmp_path, "b", 20)
    model_file = tmp_path / "model.json"
    r = CliRunner().invoke(
        app, ["adverts", "train", "--train", str(tr), "--calibrate", str(ca), "-o", str(model_file)]
    )
    assert r.exit_code == 0, r.output
    model = load(model_file)
    assert model is not None and model.meta["train_adverts"] == 40 and model.meta["calibration_adverts"] == 20
    logits = model.logits([DECEPTIVE, GENUINE])
    assert logits[0] > 0 > logits[1]
    f = _write(tmp_path / "ads.csv", [("a1", DECEPTIVE, "en")])
    r = CliRunner().invoke(
        app,
        [
            "adverts",
            "screen",
            str(f),
            "--id-column",
            "ad_id",
            "--text-column",
            "body",
            "--model",
            str(model_file),
            "--json",
            "-q",
        ],
    )
    assert r.exit_code == 0 and json.loads(r.stdout)["deceptive"] is True
