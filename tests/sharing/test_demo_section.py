"""The demo's sharing section: two embedded installs exchange a bundle, a withdrawal follows, the
purge empties the receiver; the report shows counts and nothing identifying."""

from __future__ import annotations

from pathlib import Path

from tipnet.demo.sharing import _FAMILY, _GIVEN, sharing_section


def test_demo_exchange_counts_and_no_names(tmp_path: Path) -> None:
    section, n = sharing_section(tmp_path)
    assert n["victims"] == 24 and n["consented"] == 16
    assert n["sent"] == n["received"] == 16 and n["left_out_no_consent"] == 8
    assert n["withheld_identity_numbers"] == 16  # outside the agreement, in every record
    assert n["reimport_added"] == 0 and n["withdrawn"] == 1 and n["tampered_refused"] == 1
    # Key rotation in place: 15 records still consented (one withdrew) arrive under the old key in the
    # overlap and under the new one; the old key's bundle after the overlap is refused.
    assert (
        n["rotation_overlap_updated"] == n["rotation_new_key_updated"] == 15
        and n["rotation_late_refused"] == 1
    )
    assert n["purged"] == 16 and n["left_after_purge"] == 0  # the withdrawn tombstone too
    for name in (*_GIVEN, *_FAMILY):
        assert name not in section.html
