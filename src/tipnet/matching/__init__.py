"""Comparing two person descriptions: preparation → comparison levels → calibrated score + explanation.

The one core shared by screening (Python, here) and linkage (SQL over the same prepared columns).
"""
