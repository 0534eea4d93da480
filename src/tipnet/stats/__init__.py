"""Monitoring statistics: people counted by resolved identity, the 3P tables, SDG 16.2.2."""
