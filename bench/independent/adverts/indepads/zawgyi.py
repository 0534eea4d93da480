# SPDX-License-Identifier: Apache-2.0
"""Zawgyi re-encoding, borrowed from the sibling independent generator (bench/independent/indepgen)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_RENDER = Path(__file__).resolve().parents[2] / "indepgen" / "render.py"
_spec = importlib.util.spec_from_file_location("indepgen_render_for_adverts", _RENDER)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
to_zawgyi = _module.to_zawgyi
