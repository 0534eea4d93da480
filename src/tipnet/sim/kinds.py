"""The kinds of trafficking network in the scenario and how each one works.

The share of sexual exploitation among victims, victims' sex by form of exploitation, the share of
minors and victims' relationship to their trafficker come from CTDC (tipnet.sim.figures); the split of
scam-compound destinations from OHCHR (2023). Which nationalities each kind recruits, where it takes
them and who runs it are SCENARIO assumptions drawn from the region's documented patterns (scam
compounds in Myanmar's Myawaddy and Shan State, Cambodia's Sihanoukville, Bavet and Poipet and Lao
PDR's Golden Triangle SEZ; Thai fishing fleets crewed by Myanmar and Cambodian men; domestic work in
Malaysia; sexual exploitation in Thailand and Malaysia; brides taken to China).
"""

from __future__ import annotations

from dataclasses import dataclass

from tipnet.sim import figures
from tipnet.sim.rng import Weighted


@dataclass(frozen=True)
class Kind:
    name: str
    exploitation: str  # HTCDS vic_TypeOfExploitation
    industries: Weighted[str] | None  # HTCDS vic_ForcedLabourIndustry
    sex_types: Weighted[str] | None  # HTCDS vic_TypeOfSexExploitation
    destinations: Weighted[str]
    origins: dict[str, Weighted[str]]  # victims' nationalities by destination
    female: float
    exploiter_nationality: dict[
        str, Weighted[str]
    ]  # by destination; empty: the kind has no resident exploiter
    mean_victims: float
    ransom_rate: float  # families who pay a "debt" to free a victim
    hotline_rate: float  # families who call a hotline


def _w(**kw: float) -> Weighted[str]:
    return Weighted.of(kw)


_SCAM_ORIGINS = _w(
    CHN=0.2,
    VNM=0.14,
    IDN=0.12,
    THA=0.1,
    PHL=0.08,
    KHM=0.07,
    LAO=0.04,
    MMR=0.06,
    IND=0.05,
    NPL=0.02,
    BGD=0.03,
    PAK=0.03,
    UGA=0.03,
    KEN=0.03,
)


def _excluding(weights: Weighted[str], country: str) -> Weighted[str]:
    pairs = [(i, w) for i, w in zip(weights.items, weights.weights, strict=True) if i != country]
    return Weighted([i for i, _ in pairs], [w for _, w in pairs])


def _kinds() -> dict[str, Kind]:
    fl_female = figures.female_share("ForcedLabour")
    scam_dest = Weighted.of({k: float(v) for k, v in figures.SCAM_DESTINATIONS.items()})
    kinds = [
        Kind(
            "scam_compound",
            "ForcedLabour",
            _w(J_InformationAndCommunication=0.7, R_ArtsEntertainmentAndRecreation=0.3),
            None,
            scam_dest,
            {d: _excluding(_SCAM_ORIGINS, d) for d in figures.SCAM_DESTINATIONS},
            fl_female,
            {
                d: _w(CHN=0.7, **{d: 0.3}) if d in ("KHM", "LAO", "MMR") else _w(CHN=1.0)
                for d in figures.SCAM_DESTINATIONS
            },
            22,
            0.25,
            0.35,
        ),
        Kind(
            "fishing",
            "ForcedLabour",
            _w(A_AgricultureForestryAndFishing=1.0),
            None,
            _w(THA=1.0),
            {"THA": _w(MMR=0.5, KHM=0.35, LAO=0.1, IDN=0.05)},
            0.05,
            {"THA": _w(THA=1.0)},
            15,
            0.1,
            0.15,
        ),
        Kind(
            "construction",
            "ForcedLabour",
            _w(F_Construction=1.0),
            None,
            _w(THA=0.6, MYS=0.4),
            {"THA": _w(MMR=0.4, KHM=0.4, LAO=0.2), "MYS": _w(IDN=0.3, MMR=0.25, BGD=0.2, NPL=0.15, KHM=0.1)},
            0.2,
            {"THA": _w(THA=1.0)},
            14,
            0.1,
            0.15,
        ),
        Kind(
            "domestic_work",
            "ForcedLabour",
            _w(T_ActivitiesOfHouseholdsAsEmployers=1.0),
            None,
            _w(MYS=0.6, THA=0.4),
            {"MYS": _w(IDN=0.45, PHL=0.35, KHM=0.1, MMR=0.1), "THA": _w(MMR=0.45, LAO=0.35, KHM=0.2)},
            0.92,
            {},
            8,
            0.05,
            0.2,
        ),
        Kind(
            "sexual_exploitation",
            "SexualExploitation",
            None,
            _w(Prostitution=0.8, RemoteInteractiveServices=0.1, PrivateSexualServices=0.1),
            _w(THA=0.5, MYS=0.3, KHM=0.2),
            {
                "THA": _w(LAO=0.35, MMR=0.3, VNM=0.15, KHM=0.2),
                "MYS": _w(VNM=0.3, THA=0.2, IDN=0.2, LAO=0.15, PHL=0.15),
                "KHM": _w(VNM=0.8, LAO=0.2),
            },
            figures.female_share("SexualExploitation"),
            {"THA": _w(THA=1.0), "KHM": _w(KHM=0.5, CHN=0.5), "MYS": _w(CHN=1.0)},
            12,
            0.25,
            0.3,
        ),
        Kind(
            "forced_marriage",
            "ForcedMarriage",
            None,
            None,
            _w(CHN=1.0),
            {"CHN": _w(VNM=0.45, LAO=0.25, MMR=0.2, KHM=0.1)},
            1.0,
            {},
            6,
            0.05,
            0.3,
        ),
    ]
    return {k.name: k for k in kinds}


KINDS = _kinds()
_fl = 1 - figures.sexual_exploitation_share() - figures.FORCED_MARRIAGE_SHARE
# Networks are drawn so that victims (not networks) follow the shares: weight by share / mean size.
_share = {name: _fl * w for name, w in figures.FORCED_LABOUR_KINDS.items()}
_share["sexual_exploitation"] = figures.sexual_exploitation_share()
_share["forced_marriage"] = figures.FORCED_MARRIAGE_SHARE
NETWORK_KIND = Weighted.of({name: _share[name] / KINDS[name].mean_victims for name in KINDS})
MEAN_VICTIMS_PER_NETWORK = sum(_share.values()) / sum(_share[n] / KINDS[n].mean_victims for n in KINDS)
