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


def test_command_imports_run_without_the_cyclic_collector_and_are_frozen() -> None:
    # as the `tipnet` command: no collection while typer, rich and the command's module load (counted
    # from the start of tipnet.cli's own code: compiling it, when no bytecode is cached, comes before)
    code = (
        "import gc, sys\n"
        "runs = []\n"
        "gc.callbacks.append(lambda ph, info: runs.append(info) if ph == 'start' and 'tipnet.cli' in sys.modules else 0)\n"
        "sys.argv = ['tipnet', 'link', 'csv']\n"
        "import tipnet.cli\n"
        "print(len(runs), gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True", "True"]


def test_collector_paused_while_preparing_and_restored() -> None:
    import gc

    from tipnet.commands.link import _collector_paused

    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:  # left off when it was off
        with _collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
