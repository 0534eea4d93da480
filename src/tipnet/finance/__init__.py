"""Financial intelligence: a bank's accounts and transactions read and checked row by row, trafficking
typologies detected columnar (DuckDB SQL, networkx for cycles), alerts grouped per scheme, goAML STRs.

Modules: `load` (CSV/Parquet in, rejects with reasons, dated exchange rates), `typologies` (one module per
typology under it), `detect` (runs them, groups alerts, writes alerts.csv), `anchor` (first-line bank
rules, the benchmark's baseline), `goaml` (STR export validated against the FIU's schema).
"""
