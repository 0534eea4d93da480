"""Shortcuts of `tipnet link csv` that must give exactly what the plain code gives: the prepared rows'
digest written a column at a time, and pyarrow told that pandas is absent in the `tipnet` process."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pyarrow as pa

from tipnet.linkage.records import table_digest


def _plain_digest(table: pa.Table) -> str:
    """The digest as first written: json.dumps of each row, in uid order."""
    h = hashlib.sha256()
    for row in table.sort_by("unique_id").to_pylist():
        h.update(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()


def _table() -> pa.Table:
    return pa.table(
        {
            "unique_id": pa.array(["b", "a", 'q"uote\\', "ខ្មែរ", "\u200bzero", "tab\tnl\n"]),
            "source_dataset": pa.array([None, "x", "x", "ü", "x", "\x01"]),
            "birth_year": pa.array([1990, None, -5, 0, 2**31 - 1, 7], pa.int32()),
            "name_keys": pa.array(
                [["a", "b"], [], None, ["សុខ", None], ["\ud7ff", '"'], ["emoji \U0001f600"]],
                pa.list_(pa.string()),
            ),
            "zscore": pa.array([0.1, None, 1e-300, -2.5, float("inf"), 3.0]),  # another type: the encoder
            "address": pa.array(["1 rue", "", None, "x", "y", "z"], pa.large_string()),
        }
    )


def test_digest_is_the_row_by_row_digest() -> None:
    table = _table()
    assert table_digest([table]) == _plain_digest(table)
    # split over tables and chunks, in another order: the same rows, the same digest
    parts = [table.slice(3), table.slice(0, 3)]
    assert table_digest(parts) == _plain_digest(table)
    changed = table.set_column(2, "birth_year", pa.array([1991, None, -5, 0, 2**31 - 1, 7], pa.int32()))
    assert table_digest([changed]) != table_digest([table])


def test_pandas_left_out_of_the_tipnet_process_and_still_importable() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['tipnet']\n"
        "from tipnet.commands.link import _arrow_without_pandas\n"
        "_arrow_without_pandas()\n"
        "import pyarrow as pa\n"
        "assert pa.array(['a', None]).to_pylist() == ['a', None]\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
        "import pandas as pd\n"
        "t = pa.Table.from_pandas(pd.DataFrame({'a': [1, 2]}), preserve_index=False)\n"
        "assert t.column('a').to_pylist() == [1, 2]\n"
        "assert t.to_pandas()['a'].tolist() == [1, 2]\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_pandas_shortcut_not_taken_inside_another_program() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['pytest']\n"
        "from tipnet.commands.link import _arrow_without_pandas\n"
        "_arrow_without_pandas()\n"
        "import pyarrow as pa\n"
        "pa.array([1])\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"  # pyarrow's own behaviour: it looked for pandas
