"""The privacy gate: k-anonymity, small-cell suppression, differentially private releases."""
