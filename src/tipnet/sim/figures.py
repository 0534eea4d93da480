"""The numbers the scenario is built from, each with its source.

Published figures:
- Counter Trafficking Data Collaborative (CTDC), global victim-perpetrator synthetic data set (v2024):
  victims of Asian origin, shares derived by tools/ctdc_distributions.py into
  data/ctdc_distributions.json (forced labour vs sexual exploitation, gender by type, share of minors,
  relationship to the trafficker, traffickers' gender, share of victims who paid money).
- US Department of State, Trafficking in Persons Report 2023, "Global Law Enforcement Data" (year 2022):
  15,159 prosecutions, 5,577 convictions, 115,324 victims identified. Used for the ratio of convictions
  to prosecutions (the verdict of a closed case) and of victims identified to prosecutions (how many
  suspects a police case names per rescued victim).
- OHCHR, "Online Scam Operations and Trafficking into Forced Criminality in Southeast Asia" (August
  2023): at least 120,000 people held in scam operations in Myanmar and roughly 100,000 in Cambodia,
  with Lao PDR, the Philippines and Thailand also destinations; the split of scam-compound destinations.

Everything marked SCENARIO below is an assumption of this synthetic scenario, not a published figure:
it is there to make the data hard in the ways real data is hard, and is documented so it can be tuned.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

CTDC_CITATION = "Counter Trafficking Data Collaborative (CTDC)"
TIP_CITATION = "US Department of State, Trafficking in Persons Report 2023, Global Law Enforcement Data"
OHCHR_CITATION = (
    "OHCHR, Online Scam Operations and Trafficking into Forced Criminality in Southeast Asia, 2023"
)

# TIP Report 2023, global law enforcement data for 2022.
TIP_PROSECUTIONS = 15_159
TIP_CONVICTIONS = 5_577
TIP_VICTIMS_IDENTIFIED = 115_324
CONVICTION_RATE = TIP_CONVICTIONS / TIP_PROSECUTIONS  # 0.368: verdict of a closed case
SUSPECTS_PER_IDENTIFIED_VICTIM = TIP_PROSECUTIONS / TIP_VICTIMS_IDENTIFIED  # 0.131

# OHCHR 2023: people held in scam compounds (Myanmar ~120,000, Cambodia ~100,000); Lao PDR and the
# Philippines smaller (SCENARIO: 20,000 and 10,000 for the split).
SCAM_DESTINATIONS = {"MMR": 120_000, "KHM": 100_000, "LAO": 20_000, "PHL": 10_000}


@cache
def ctdc() -> dict[str, Any]:
    """CTDC-derived shares for victims of Asian origin (see tools/ctdc_distributions.py)."""
    text = (resources.files("tipnet.sim") / "data" / "ctdc_distributions.json").read_text(encoding="utf-8")
    return json.loads(text)["asia_origin"]


def sexual_exploitation_share() -> float:
    """Share of sexual exploitation among victims with a known type (CTDC, Asia; "both" counted as SE)."""
    e = ctdc()["exploitation"]
    return (e["SexualExploitation"] + e["both"]) / (e["ForcedLabour"] + e["SexualExploitation"] + e["both"])


def female_share(kind: str) -> float:
    """Share of women and girls among victims of forced labour or sexual exploitation (CTDC, Asia)."""
    return float(ctdc()["gender_by_exploitation"][kind]["Female"])


def minor_share() -> float:
    """Share of minors among victims (CTDC, Asia, forced labour and sexual exploitation pooled)."""
    m = ctdc()["minor_by_exploitation"]
    return (m["ForcedLabour"]["Minor"] + m["SexualExploitation"]["Minor"]) / 2


def relationship_shares() -> dict[str, float]:
    """HTCDS vic_RelationshipToTrafficker shares (CTDC, Asia)."""
    return dict(ctdc()["relationship_to_trafficker"])


def trafficker_female_share() -> float:
    return float(ctdc()["trafficker_gender"]["Female"])


def victim_paid_share() -> float:
    """Share of victims who paid the trafficker (a recruitment fee) (CTDC, Asia)."""
    return float(ctdc()["victim_paid_money"]["Yes"])


# SCENARIO: the population. Most simulated people are ordinary travellers and bank customers.
VICTIM_SHARE = 0.05  # victims among all simulated people
FORCED_MARRIAGE_SHARE = 0.03  # of victims; CTDC's synthetic set does not separate forced marriage
# SCENARIO: split of forced labour between the network kinds (the scam compounds dominate the region's
# caseload since 2021, per OHCHR 2023).
FORCED_LABOUR_KINDS = {"scam_compound": 0.58, "fishing": 0.14, "construction": 0.13, "domestic_work": 0.15}
RESCUE_RATE = 0.5  # SCENARIO: victims rescued or who escape and are identified
