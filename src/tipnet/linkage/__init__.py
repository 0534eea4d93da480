"""Cross-source entity resolution: person records of every agency → resolved identities and a network.

Splink runs the linkage (DuckDB embedded, Spark for scale); its comparisons are generated from the
matching core (`tipnet.matching`), so linkage and screening agree on what makes two records alike.
"""
