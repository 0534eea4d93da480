"""The ground truth is consistent with the sources, and the sources are hard in the ways intended."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date

from tipnet.identity.mrz.parse import parse_mrz

Rows = dict[str, list[dict[str, str]]]
SOURCES = ("crossings", "police", "ngo", "hotline", "bank")
SCRIPTS = {
    "Khmer": re.compile(r"[\u1780-\u17FF]"),
    "Thai": re.compile(r"[\u0E00-\u0E7F]"),
    "Lao": re.compile(r"[\u0E80-\u0EFF]"),
    "Myanmar": re.compile(r"[\u1000-\u109F]"),
    "Han": re.compile(r"[\u4E00-\u9FFF]"),
    "Vietnamese": re.compile(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ]"),
}


def _persons(rows: Rows) -> dict[str, dict[str, str]]:
    return {p["person_id"]: p for p in rows["truth/persons.csv"]}


def test_truth_references_existing_people_records_accounts_and_documents(rows: Rows) -> None:
    persons = _persons(rows)
    assert len(persons) == len(rows["truth/persons.csv"]) == 3000
    keys = {(st, row["org"], row["record_id"]) for st in SOURCES for row in rows[f"sources/{st}.csv"]} | {
        ("watchlist", name, row["id"])
        for name in ("traffickers", "wanted", "missing")
        for row in rows[f"watchlists/{name}.csv"]
    }
    truth_keys = {(r["source_type"], r["org"], r["record_id"]) for r in rows["truth/records.csv"]}
    assert truth_keys == keys  # every person record has exactly one true person
    assert len(truth_keys) == len(rows["truth/records.csv"])
    assert {r["person_id"] for r in rows["truth/records.csv"]} <= set(persons)
    accounts = {r["account_number"]: r["person_id"] for r in rows["truth/accounts.csv"]}
    assert set(accounts) == {r["account_number"] for r in rows["sources/bank.csv"]}
    assert set(accounts.values()) <= set(persons)
    assert [r["record_id"] for r in rows["truth/transactions.csv"]] == [
        r["record_id"] for r in rows["sources/transactions.csv"]
    ]
    assert [r["record_id"] for r in rows["truth/adverts.csv"]] == [
        r["record_id"] for r in rows["sources/adverts.csv"]
    ]
    assert {r["person_id"] for r in rows["truth/documents.csv"]} <= set(persons)
    networks = {r["network_id"] for r in rows["truth/networks.csv"]}
    assert {p["network_id"] for p in persons.values() if p["network_id"]} == networks
    advert_ids = {r["record_id"] for r in rows["truth/adverts.csv"] if r["deceptive"] == "true"}
    recruited = {p["recruitment_advert_id"] for p in persons.values() if p["recruitment_advert_id"]}
    assert recruited and recruited <= advert_ids


def test_population_mix(rows: Rows) -> None:
    persons = list(_persons(rows).values())
    victims = [p for p in persons if p["is_victim"] == "true"]
    traffickers = [p for p in persons if p["is_trafficker"] == "true"]
    assert 0.03 < len(victims) / len(persons) < 0.07
    assert 0.01 < len(traffickers) / len(persons) < 0.06
    assert {p["network_role"] for p in traffickers} == {
        "recruiter",
        "broker",
        "transporter",
        "exploiter",
        "money_mule",
    }
    assert {p["exploitation_type"] for p in victims} >= {"ForcedLabour", "SexualExploitation"}
    assert len({p["nationality"] for p in persons}) >= 12
    kinds = Counter(r["kind"] for r in rows["truth/networks.csv"])
    assert kinds["scam_compound"] >= 2


def test_victims_appear_in_several_sources(rows: Rows) -> None:
    persons = _persons(rows)
    sources: dict[str, set[str]] = defaultdict(set)
    for r in rows["truth/records.csv"]:
        sources[r["person_id"]].add(r["source_type"])
    victims = [pid for pid, p in persons.items() if p["is_victim"] == "true"]
    in_two = sum(len(sources[v]) >= 2 for v in victims) / len(victims)
    assert 0.5 < in_two < 0.95  # most, not all: some victims are never found
    ordinary = [pid for pid, p in persons.items() if p["is_victim"] == p["is_trafficker"] == "false"]
    assert sum(not sources[o] for o in ordinary) > 0  # some people leave no record at all


def test_native_scripts_appear_and_names_vary_across_sources(rows: Rows) -> None:
    name_columns = (
        ("sources/police.csv", ("name_native",)),
        ("sources/ngo.csv", ("prs_NameNative",)),
        ("sources/hotline.csv", ("subject_name",)),
        ("watchlists/traffickers.csv", ("aliases",)),
        ("watchlists/missing.csv", ("aliases",)),
    )
    names_text = " ".join(row[c] for rel, cols in name_columns for row in rows[rel] for c in cols)
    assert sum(bool(p.search(names_text)) for p in SCRIPTS.values()) >= 5
    text = names_text + " ".join(row["narrative"] for row in rows["sources/hotline.csv"])
    text += " ".join(row["body"] for row in rows["sources/adverts.csv"])
    for script, pattern in SCRIPTS.items():
        assert pattern.search(text), script
    names: dict[str, set[str]] = defaultdict(set)
    truth = {(r["source_type"], r["org"], r["record_id"]): r["person_id"] for r in rows["truth/records.csv"]}
    columns = {
        "crossings": ("surname", "given_names"),
        "police": ("full_name",),
        "ngo": ("prs_FirstName", "prs_SecondName"),
        "bank": ("full_name",),
    }
    for st, cols in columns.items():
        for row in rows[f"sources/{st}.csv"]:
            name = " ".join(row[c] for c in cols)
            key = "".join(sorted(unicodedata.normalize("NFKD", name).upper().split()))
            names[truth[(st, row["org"], row["record_id"])]].add(key)
    victims = [p for p, v in _persons(rows).items() if v["is_victim"] == "true" and names[p]]
    varied = sum(len(names[v]) >= 2 for v in victims) / len(victims)
    assert varied > 0.3


def test_mrz_of_genuine_documents_valid_and_of_altered_or_forged_ones_not(rows: Rows) -> None:
    status = {(d["issuing_state"], d["document_number"]): d["status"] for d in rows["truth/documents.csv"]}
    seen: Counter[str] = Counter()
    for row in rows["sources/crossings.csv"]:
        doc_status = status[(row["issuing_state"], row["document_number"])]
        if not row["mrz"]:
            assert row["document_type"] == "A"  # an emergency travel document has none
            continue
        moment = date.fromisoformat(row["crossing_time"][:10])
        result = parse_mrz(row["mrz"], today=moment, repair=False)
        assert result.format is not None
        codes = {f.code for f in result.findings}
        expired = date.fromisoformat(row["expiry_date"]) < moment
        if doc_status == "genuine":
            assert result.valid and not expired, row
        elif doc_status == "expired":
            seen["expired"] += expired
        elif doc_status == "altered":
            assert not result.valid and any(c.startswith("check_digit") for c in codes)
            seen["altered"] += 1
        elif doc_status == "forged":
            mrz_name = row["mrz"].split("\n")[0][5:].rstrip("<").replace("<<", " ").replace("<", " ").split()
            visual = f"{row['surname']} {row['given_names']}".split()
            assert not result.valid or mrz_name != visual, row
            seen["forged"] += 1
    assert seen["altered"] and seen["forged"]


def test_adverts_deceptive_and_genuine_in_several_languages(rows: Rows) -> None:
    truth = {r["record_id"]: r for r in rows["truth/adverts.csv"]}
    by_kind: dict[str, set[str]] = defaultdict(set)
    for row in rows["sources/adverts.csv"]:
        by_kind[truth[row["record_id"]]["deceptive"]].add(row["language"])
    assert len(by_kind["true"]) >= 4 and len(by_kind["false"]) >= 4
    tricks = Counter(t for r in truth.values() for t in r["tricks"].split(";") if t)
    assert {"high_salary", "no_experience", "messaging_only"} <= set(tricks)
    assert all(r["tricks"] == "" for r in truth.values() if r["deceptive"] == "false")


def test_transactions_cover_the_typologies(rows: Rows) -> None:
    typologies = Counter(r["typology"] for r in rows["truth/transactions.csv"])
    assert typologies["none"] > sum(v for k, v in typologies.items() if k != "none")
    assert {
        "recruitment_fee",
        "structuring",
        "pass_through",
        "scam_proceeds",
        "fan_out",
        "crypto_conversion",
    } <= set(typologies)
    assert {r["currency"] for r in rows["sources/transactions.csv"]} <= {
        "KHR",
        "USD",
        "THB",
        "VND",
        "CNY",
        "USDT",
    }
    assert all(float(r["amount"]) > 0 for r in rows["sources/transactions.csv"])


def test_nothing_happens_after_the_scenario_date_or_before_an_account_opens(rows: Rows) -> None:
    as_of = "2026-06-30"
    dated = {
        "sources/crossings.csv": ("crossing_time",),
        "sources/police.csv": ("report_date",),
        "sources/ngo.csv": ("cas_IncomingReferralDate", "cas_OutgoingReferralDate", "hte_RecruitmentDate"),
        "sources/hotline.csv": ("received_at",),
        "sources/bank.csv": ("opened_on",),
        "sources/transactions.csv": ("booked_at",),
        "sources/adverts.csv": ("posted_on",),
    }
    for rel, columns in dated.items():
        for row in rows[rel]:
            for column in columns:
                assert row[column][:10] <= as_of, (rel, column, row[column])
    opened = {r["account_number"]: r["opened_on"] for r in rows["sources/bank.csv"]}
    for row in rows["sources/transactions.csv"]:
        for column in ("from_account", "to_account"):
            if row[column] in opened:
                assert opened[row[column]] <= row["booked_at"][:10], row
