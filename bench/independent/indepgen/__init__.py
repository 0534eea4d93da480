# SPDX-License-Identifier: Apache-2.0
"""tipnet's independent evaluation set: a generator of multi-agency South-East Asian person records
and of a cross-script watchlist with travellers, written without reference to tipnet's simulator."""

# Bump when any output for a given seed changes (the hand-labelled pairs name the version they came from).
GENERATOR_VERSION = "1.0.0"
