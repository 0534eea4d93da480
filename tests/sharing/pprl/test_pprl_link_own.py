"""`pprl encode --link-own`: the party first links its own records, and each record's names are
salted with its group's full dates, phones and documents too. A hotline record without a date,
linked by its party to a record of the same person with the date, then agrees on the name with the
other party's dated record; the file still holds no value nor unkeyed hash of one."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from tests.sharing.pprl.files import write_party
from tests.sharing.pprl.plaintext import assert_no_plaintext, plaintext_values
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.sharing.pprl.features import PprlInput
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA

runner = CliRunner()
FAMILY = ["Sok", "Chan", "Kim", "Heng", "Chea", "Lim", "Seng", "Tep", "Yim", "Nguyen", "Tran", "Pham"]
GIVEN = ["Dara", "Sokha", "Vanna", "Pisey", "Rithy", "Bopha", "Kosal", "Vichet", "Linh", "Hung", "Minh"]


def _people(n: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        name = f"{FAMILY[rng.integers(len(FAMILY))]} {GIVEN[rng.integers(len(GIVEN))]}"
        born = f"{rng.integers(1960, 2005)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        phone = f"0{rng.integers(10, 99)} {rng.integers(100000, 999999)}"
        rows.append([f"x{seed}-{i}", name, born, "F" if i % 2 else "M", "KH", "", phone])
    return rows


# One person in A twice: an immigration record with the full date and a phone, a hotline call with
# the name and the same phone only. In B: an NGO intake with the name and the full date, no phone.
A_PERSON = [
    ["a1", "Srey Leakhena Mao", "1999-04-17", "F", "KH", "", "092 555 713"],
    ["a2", "Mao Srey Leakhena", "", "F", "", "", "+855 92 555 713"],
]
B_PERSON = [["b1", "Srey Leakhena Mao", "17/04/1999", "F", "", "", ""]]


def _run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["pprl", *args])
    return res.exit_code, res.output


def test_link_own_lets_the_undated_record_agree_on_the_name(tmp_path: Path) -> None:
    secret = tmp_path / "s.key"
    secret.write_text("a secret the two parties share, 32+ bytes\n", encoding="utf-8")
    a_rows, b_rows = A_PERSON + _people(60, 1), B_PERSON + _people(60, 2)
    a, b = write_party(tmp_path / "a.csv", a_rows), write_party(tmp_path / "b.csv", b_rows)
    found = {}
    for label, extra in (("own", ["--link-own"]), ("plain", [])):
        for side, src in (("a", a), ("b", b)):
            code, out = _run("encode", str(src), "-c", "id=rid", "--secret-file", str(secret),
                             "--out", str(tmp_path / f"{side}-{label}.clk"), "--workers", "1", *extra)  # fmt: skip
            assert code == 0, out
        # the encodings' own evidence: the schema's score (the learnt stage also links a2 to b1 on the
        # plain files, through a2's link to a1 within A: see test_pprl_learnt_match.py)
        code, out = _run("match", str(tmp_path / f"a-{label}.clk"), str(tmp_path / f"b-{label}.clk"),
                         "--out", str(tmp_path / f"m-{label}"), "--no-learnt")  # fmt: skip
        assert code == 0, out
        with (tmp_path / f"m-{label}" / "matches.csv").open(encoding="utf-8", newline="") as f:
            found[label] = {(r["a_id"], r["b_id"]) for r in csv.DictReader(f)}
    assert ("a1", "b1") in found["plain"] and ("a1", "b1") in found["own"]
    assert ("a2", "b1") not in found["plain"]  # no full date, no shared phone: no name bits in common
    assert ("a2", "b1") in found["own"]  # salted with a1's date through A's own group
    # the group salts bring no stranger in: every other match of the run was found without them too
    assert found["own"] - {("a2", "b1")} <= found["plain"] | {("a1", "b1")}
    # no value, nor an unkeyed hash of one, is in the file: the record's own, nor its group's
    grouped = [
        PprlInput(
            "a2",
            (A_PERSON[1][1],),
            None,
            "F",
            (),
            (),
            (A_PERSON[1][6],),
            group_birth_dates=(A_PERSON[0][2],),
            group_phones=(A_PERSON[0][6],),
        ),
        *(PprlInput(r[0], (r[1],), r[2] or None, r[3], (r[4],) if r[4] else (), (), (r[6],)) for r in a_rows),
    ]
    assert_no_plaintext((tmp_path / "a-own.clk").read_bytes(), plaintext_values(grouped, DEFAULT_SCHEMA))

    # the party's own groups, kept by it: ids and group labels only
    with (tmp_path / "a-own.clk.groups.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    group = {r["id"]: r["group"] for r in rows}
    assert group["a1"] == group["a2"] and set(rows[0]) == {"id", "group"}
    assert not (tmp_path / "a-plain.clk.groups.csv").exists()
    # expanding the plain match through A's groups adds a1's group-mate a2 to (a1, b1), at its score
    code, out = _run("expand", str(tmp_path / "m-plain" / "matches.csv"), "--groups",
                     str(tmp_path / "a-own.clk.groups.csv"), "--side", "a", "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert code == 0, out
    with (tmp_path / "x.csv").open(encoding="utf-8", newline="") as f:
        got = {(r["a_id"], r["b_id"]): r for r in csv.DictReader(f)}
    with (tmp_path / "m-plain" / "matches.csv").open(encoding="utf-8", newline="") as f:
        plain = {(r["a_id"], r["b_id"]): r for r in csv.DictReader(f)}
    assert got[("a2", "b1")]["added"] == "1" and got[("a2", "b1")]["score"] == plain[("a1", "b1")]["score"]
    assert all(
        got[k]["added"] == "0" and float(got[k]["score"]) >= float(v["score"]) for k, v in plain.items()
    )
    added = {k for k, r in got.items() if r["added"] == "1"}
    assert all(any((m, k[1]) in plain for m in group if group[m] == group[k[0]]) for k in added)


def test_expand_through_groups() -> None:
    from tipnet.sharing.pprl.groups import expand

    mates = {"a1": {"a1", "a2"}, "a2": {"a1", "a2"}, "b1": {"b1", "b3"}, "b3": {"b1", "b3"}}
    got = expand({("a1", "b1"): 0.9, ("a2", "b2"): 0.4}, mates, 0)
    assert got == {("a1", "b1"): (0.9, False), ("a2", "b2"): (0.4, False), ("a2", "b1"): (0.9, True),
                   ("a1", "b2"): (0.4, True)}  # fmt: skip
    both = expand({k: s for k, (s, _a) in got.items()}, mates, 1)
    assert both[("a2", "b3")] == (0.9, True) and both[("a1", "b1")] == (0.9, False)
    # a reported pair scored below its group-mate's pair with the same record is raised to it
    assert expand({("a1", "b1"): 0.9, ("a2", "b1"): 0.2}, mates, 0)[("a2", "b1")] == (0.9, False)
    assert expand({("a1", "b1"): 0.9, ("a2", "b1"): 0.2}, {}, 0)[("a2", "b1")] == (0.2, False)


def test_expand_refuses_what_is_not_its_input(tmp_path: Path) -> None:
    bad = tmp_path / "g.csv"
    bad.write_text("rid,name\na1,x\n", encoding="utf-8")
    m = tmp_path / "m.csv"
    m.write_text("a_id,b_id,score\na1,b1,0.9\n", encoding="utf-8")
    code, out = _run("expand", str(m), "--groups", str(bad), "--side", "a", "--out", str(tmp_path / "o.csv"))
    assert code == 2 and "not a groups file" in out and not (tmp_path / "o.csv").exists()
    good = tmp_path / "g2.csv"
    good.write_text("id,group\na1,1\na2,1\n", encoding="utf-8")
    code, out = _run("expand", str(m), "--groups", str(good), "--side", "c", "--out", str(tmp_path / "o.csv"))
    assert code == 2 and "--side" in out


def test_link_own_refused_where_it_means_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "s.key"
    secret.write_text("a secret the two parties share, 32+ bytes\n", encoding="utf-8")
    a = write_party(tmp_path / "a.csv", A_PERSON)
    code, out = _run("encode", str(a), "-c", "id=rid", "--secret-file", str(secret), "--out",
                     str(tmp_path / "u.clk"), "--profile", "unsalted", "--link-own")  # fmt: skip
    assert code == 2 and "unsalted" in out and not (tmp_path / "u.clk").exists()
    code, out = _run("encode", "--stored", "--secret-file", str(secret), "--out", str(tmp_path / "s.clk"),
                     "--link-own")  # fmt: skip
    assert code == 2 and "--link-own" in out and not (tmp_path / "s.clk").exists()
