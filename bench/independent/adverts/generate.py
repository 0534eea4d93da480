# SPDX-License-Identifier: Apache-2.0
"""Generate the independent advert set (see README.md):

python bench/independent/adverts/generate.py --seed 16 --out /tmp/indep-ads
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indepads.build import main

if __name__ == "__main__":
    raise SystemExit(main())
