"""Machine-readable zones (ICAO Doc 9303), all five formats: composing them and reading them back.

Owns the MRZ alphabet and check digits (`formats`), the name field and its transliteration
(`names`), the composers (`compose`) and the parser/validator: `parse.parse_mrz` and
`parse.is_valid_mrz`, which return `results.MrzResult` with its `results.Finding`s, built from the
check digits (`checks`), the fields (`fields`), the visual-zone comparison (`visual`) and OCR repair
(`repair`). Pure functions, no I/O. See `parse` for the choices behind `valid`.

Import from the module that defines a name: importing this package loads nothing, so that name
handling (`tipnet.identity.names` uses the name field) does not pay for the parser's country tables.
"""
