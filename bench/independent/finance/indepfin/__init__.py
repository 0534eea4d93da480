# SPDX-License-Identifier: Apache-2.0
"""An independent bank-transaction set with trafficking typologies among ordinary traffic, written
without reference to tipnet's simulator or its finance code (see ../README.md)."""

# Bump when any output for a given seed and size changes.
GENERATOR_VERSION = "1.0.0"
