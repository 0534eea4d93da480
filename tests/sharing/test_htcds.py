"""Shared records as HTCDS v2.0 documents: the field table and code lists agree with IOM's field
dictionary (the reference file, when present), every record a bundle carries validates and holds
only the consented, agreed fields, and the receiver rejects a document that is invalid or does not
match its record's fields, naming the record and the field, never the value."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from tests.sharing.installs import VICTIM, Install, consent, open_case, shared_case
from tests.sharing.test_exchange import opened_payload, receive, send

from tipnet.sharing import bundle, htcds

REFERENCE = Path("/work/shared/reference/htcds/htcds-field-standards-2.0.csv")
Pair = tuple[Install, Install]


def _reference_rows() -> list[dict[str, str]]:
    if not REFERENCE.exists():
        pytest.skip("the HTCDS v2.0 field dictionary is not on this machine")
    with REFERENCE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_field_table_is_the_dictionarys() -> None:
    section = ""
    found: dict[str, tuple[str, str, bool]] = {}
    picklists: dict[str, list[str]] = {}
    for row in _reference_rows():
        if row["Section"]:
            section = row["Section"].replace("\n", " ").strip()
            continue
        name = row["Field Name including Prefix"].strip()
        if name and section.startswith(("Person", "Consent")):
            found[name] = (section, row["Field Type"].strip(), bool(row["Core"].strip()))
            values = [v.strip() for v in row["Value Names (if picklist)"].replace(";", "\n").split("\n")]
            if "Picklist" in row["Field Type"] and values and not values[0].startswith("Use ISO"):
                picklists[name] = [v for v in values if v]
    assert found == htcds.FIELDS
    # Every picklist of these sections is enforced with exactly the dictionary's values.
    properties = {
        name: spec
        for part in ("person", "victim", "perpetrator")
        for name, spec in htcds.schema()["properties"][part]["properties"].items()
    }
    assert len(picklists) >= 15
    for name, values in picklists.items():
        spec = properties[name]
        enum = spec.get("enum") or spec["items"]["enum"]
        assert sorted(enum) == sorted(values), name


def test_document_maps_what_htcds_cannot_hold_to_extensions() -> None:
    doc = htcds.document(
        "Victim",
        {
            "prs_FirstName": "Sreyneang",
            "prs_Birthdate": "2003",
            "prs_Citizenship": ["KHM"],
            "phones": ["+85512998877", "012 998 877", "+66812345678", "+85517000111"],
            "addresses": [{"text": "Street 1, Poipet", "country": "KHM"}],
            "name_native": "ស្រីនាង",
            "vic_LocationOfExploitation": "THA",
            "vic_TypeOfExploitation": ["ForcedLabour"],
        },
    )
    assert htcds.errors(doc) == []
    assert doc["person"] == {
        "prs_FirstName": "Sreyneang",
        "prs_Citizenship": ["KHM"],
        "prs_MobilePhone": "+85512998877",
        "prs_HomePhone": "+66812345678",
        "prs_MailingStreet": "Street 1, Poipet",
        "prs_MailingCountry": "KH",
    }
    assert doc["victim"] == {"vic_TypeOfExploitation": ["ForcedLabour"]}
    assert doc["extensions"] == {
        "prs_Birthdate": "2003",
        "phones": ["012 998 877", "+85517000111"],
        "name_native": "ស្រីនាង",
        "vic_LocationOfExploitation": "THA",
    }
    suspect = htcds.document("Suspect", {"prs_Gender": "Masculine", "per_RoleInProcess": ["Transporter"]})
    assert suspect["perpetrator"] == {"per_RoleInProcess": ["Transporter"]} and "victim" not in suspect
    assert htcds.errors(suspect) == []
    witness = htcds.document("Witness", {"vic_TypeOfExploitation": ["ForcedLabour"]})
    assert "victim" not in witness and witness["extensions"] == {"vic_TypeOfExploitation": ["ForcedLabour"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["person"].update(prs_Gender="Alien"), "person.prs_Gender"),
        (lambda d: d["person"].update(prs_MobilePhone="call me"), "person.prs_MobilePhone"),
        (lambda d: d["person"].update(prs_Birthdate="2003-02-30x"), "person.prs_Birthdate"),
        (lambda d: d["person"].update(prs_ShoeSize="42"), "person.prs_ShoeSize"),
        (lambda d: d["victim"].update(per_RoleInProcess=["Transporter"]), "victim.per_RoleInProcess"),
        (lambda d: d["consent"].update(con_Consent=False), "consent.con_Consent"),
        (lambda d: d.update(version="1.0"), "version"),
    ],
)
def test_invalid_documents_name_the_field(change, field: str) -> None:  # type: ignore[no-untyped-def]
    doc = htcds.document("Victim", {"prs_FirstName": "Sreyneang", "prs_Gender": "Feminine"})
    doc["victim"] = {}
    change(doc)
    faults = htcds.errors(doc)
    assert faults and faults[0][0] == field
    assert all("Alien" not in why and "call me" not in why for _, why in faults)


def test_every_record_of_a_bundle_is_a_valid_htcds_document(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    payload = opened_payload(th, send(kh, [case_id]).data, kh)
    (record,) = payload["records"]  # type: ignore[misc]
    doc = record["htcds"]
    assert htcds.errors(doc) == []
    assert doc["standard"] == "HTCDS" and doc["version"] == "2.0"
    # Only what was consented and agreed: the agreement leaves the identity number and the native
    # name out, and they are nowhere in the document.
    text = json.dumps(doc, ensure_ascii=False)
    assert "N0991827364" not in text and "ស្រីនាង" not in text
    assert doc["person"]["prs_FirstName"] == "Sreyneang"
    assert doc["person"]["prs_MobilePhone"] == "+85512998877"
    assert doc["victim"] == {"vic_TypeOfExploitation": ["ForcedLabour"]}
    assert set(doc["person"]) <= {"prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_Gender",
                                  "prs_Citizenship", "prs_MobilePhone"}  # fmt: skip


def _resealed(kh: Install, th: Install, payload: dict[str, object]) -> bytes:
    return bundle.seal(
        payload,
        kind="records",
        signing_key=kh.me.signing,
        sender=kh.me.fingerprint,
        recipient=th.me.fingerprint,
        recipient_box_key=th.me.box_public,
    )


def test_the_receiver_rejects_bad_or_mismatched_documents(pair: Pair) -> None:
    kh, th = pair
    case_id, persons = open_case(kh, VICTIM, VICTIM, VICTIM, VICTIM)
    for cp in persons:
        consent(kh, case_id, cp, purposes=["victim-support"], partners=["TH-DSDW"])
    payload = opened_payload(th, send(kh, [case_id]).data, kh)
    records = payload["records"]
    assert isinstance(records, list)
    smuggled, invalid, missing, fine = records
    smuggled["htcds"]["person"]["prs_IdentityNumber"] = "N0991827364"  # outside the agreement
    invalid["htcds"]["person"]["prs_Gender"] = "Alien"
    del missing["htcds"]
    result = receive(th, _resealed(kh, th, payload))
    assert result.added == 1
    assert sorted((ref, name) for ref, name, _ in result.rejects) == sorted(
        [
            (smuggled["ref"], "htcds"),
            (invalid["ref"], "htcds.person.prs_Gender"),
            (missing["ref"], "htcds"),
        ]
    )
    assert all("N0991827364" not in why and "Alien" not in why for _, _, why in result.rejects)
    assert fine["ref"] not in {ref for ref, _, _ in result.rejects}
