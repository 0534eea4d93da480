"""Controlled vocabularies: HTCDS v2.0 picklists and tipnet's own code lists, kept as data.

Each list is one CSV file (`value,label`) under `data/htcds/` (generated from the HTCDS field
dictionary by tools/htcds_codelists.py) or `data/tipnet/`. Countries and languages come from
pycountry (ISO 3166-1 and ISO 639). Validation returns the canonical value name or raises
`VocabError`, whose message names the list and the value.
"""

from tipnet.vocab.codelists import (
    VocabError,
    code_list,
    list_names,
    normalize_country,
    normalize_language,
    validate,
    validate_many,
)

__all__ = [
    "VocabError",
    "code_list",
    "list_names",
    "normalize_country",
    "normalize_language",
    "validate",
    "validate_many",
]
