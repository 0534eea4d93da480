"""Evaluation tools: how well matching, screening and linkage do against a known truth.

Used by the demo, the benchmarks and the tests only; no capability imports this package (the contract
in pyproject.toml says so). `pairs` generates labelled query/entry pairs from the simulator's names,
`calibration` estimates the matching weights and threshold from them, `link_records` reads a
simulated scenario's agency files as linkage records and its ground truth, `clusters` scores
resolved identities against that truth.
"""
