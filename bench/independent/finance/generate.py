# SPDX-License-Identifier: Apache-2.0
"""Generate the independent transaction set (see README.md):

python bench/independent/finance/generate.py --accounts 5000 --seed 15 --out /tmp/indep-fin
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indepfin.build import main

if __name__ == "__main__":
    raise SystemExit(main())
