# SPDX-License-Identifier: Apache-2.0
"""Generate the independent evaluation set (see README.md):

python bench/independent/generate.py --people 2000 --seed 13 --out /tmp/indep
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indepgen.build import main

if __name__ == "__main__":
    raise SystemExit(main())
