"""Cooperation across borders: privacy-preserving record linkage, and safe exchange with partners (keys, agreements, bundles, consent, retention)."""
