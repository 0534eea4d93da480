"""Machine-readable zones (ICAO Doc 9303): check digits, composers, and the parser/validator.

Pure functions, no I/O. The implementation is split over mrz_core (check digits, layouts), mrz_names
(transliteration, name field), mrz_compose (composers) and mrz_parse (parser, validator, OCR repair,
risk signals); this module is the public face. See mrz_parse for the choices behind `valid`.
"""

from __future__ import annotations

from tipnet.identity.mrz.compose import compose_mrva, compose_mrvb, compose_td1, compose_td2, compose_td3
from tipnet.identity.mrz.formats import check_digit
from tipnet.identity.mrz.names import compose_name_field, read_name_field, transliterate
from tipnet.identity.mrz.parse import KNOWN_STATES, Finding, MrzResult, is_valid_mrz, parse_mrz

__all__ = [
    "KNOWN_STATES",
    "Finding",
    "MrzResult",
    "check_digit",
    "compose_mrva",
    "compose_mrvb",
    "compose_name_field",
    "compose_td1",
    "compose_td2",
    "compose_td3",
    "is_valid_mrz",
    "parse_mrz",
    "read_name_field",
    "transliterate",
]
