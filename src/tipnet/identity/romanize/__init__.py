"""Names in any script to the ranked Latin spellings a person might have been recorded under.

Owns romanization: `dispatch` splits a name into runs of one script and combines the runs' ranked
candidates; one module per script (khmer, thai, lao, burmese, chinese, vietnamese, latin; Korean,
Arabic and the rest through ICU in `dispatch`); `ranking` holds the cost-ordered option lists they
all build, so the script modules depend on it and on nothing else here. Pure functions, no I/O.
"""

from __future__ import annotations

from tipnet.identity.romanize.dispatch import icu_romanize, romanize, romanize_run
from tipnet.identity.romanize.latin import fold_latin

__all__ = ["fold_latin", "icu_romanize", "romanize", "romanize_run"]
