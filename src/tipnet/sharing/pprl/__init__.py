"""Privacy-preserving record linkage: keyed Bloom-filter encodings of person records, and their matching.

`schema` fixes what is encoded and how (fields, weights, filter length, key derivation); `features`
turns a record into the strings to encode, through the one matching core; `encode` hashes them into
filters; `clkfile` reads and writes `.clk` files; `match` compares two files without any key.
"""
