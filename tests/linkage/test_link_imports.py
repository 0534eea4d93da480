"""`tipnet link csv` loads only what it uses: modules of other paths stay unimported (import time is
a share of a small run's CPU, issue 13's FEBRL time goal)."""

from __future__ import annotations

import subprocess
import sys


def test_preparing_records_leaves_phone_icu_and_country_libraries_unloaded() -> None:
    code = (
        "import sys\n"
        "from tipnet.linkage.records import LinkRecord, prepare_table\n"
        "from tipnet.linkage.resolve import resolve\n"
        "from tipnet.linkage.tabular import read_input\n"
        "rec = LinkRecord(uid='1', dataset='a', names=('Ann Lee',), birth_date='1990-01-02')\n"
        "assert len(prepare_table([rec])) == 1\n"
        "print(' '.join(m for m in ('phonenumbers', 'icu', 'pycountry') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_phone_and_country_functions_still_load_their_libraries() -> None:
    from tipnet.identity.phones import normalize_phone
    from tipnet.vocab.codelists import alpha2

    assert normalize_phone("012 345 678", "KH") == "+85512345678"
    assert alpha2("KHM") == "KH"
