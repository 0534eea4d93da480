"""What identifies a person: MRZs, names across scripts, phonetic keys, phones, dates, documents.

Owns `mrz/` (ICAO Doc 9303 machine-readable zones: composing, parsing, OCR repair), `romanize/` (any
script to ranked Latin spellings, one module per script), and the modules on names (`names`,
`name_compare`, `phonetic`, `scripts`), `phones`, `dates` and `documents`.

Pure functions, no I/O: used by ingestion, screening, linkage and the simulator alike.
"""
