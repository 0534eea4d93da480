"""Machine-readable zones (ICAO Doc 9303): check digits, composers, and (to come) the parser/validator.

Pure functions, no I/O. The implementation is split over mrz_core (check digits, layouts), mrz_names
(transliteration, name field) and mrz_compose (composers); this module is the public face.
"""

from __future__ import annotations

from tipnet.identity.mrz_compose import compose_mrva, compose_mrvb, compose_td1, compose_td2, compose_td3
from tipnet.identity.mrz_core import check_digit
from tipnet.identity.mrz_names import compose_name_field, read_name_field, transliterate

__all__ = [
    "check_digit",
    "compose_mrva",
    "compose_mrvb",
    "compose_name_field",
    "compose_td1",
    "compose_td2",
    "compose_td3",
    "read_name_field",
    "transliterate",
]
