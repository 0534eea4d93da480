# SPDX-License-Identifier: Apache-2.0
"""An independent set of job adverts and recruiters' messages, deceptive and genuine, in nine languages of
the region, written from the published indicator literature without reference to tipnet's simulator or
its advert code (see ../README.md)."""

# Bump when any output for a given seed and size changes.
GENERATOR_VERSION = "1.0.0"
