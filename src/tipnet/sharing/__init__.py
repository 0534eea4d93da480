"""Safe exchange with partners across borders: keys, agreements, bundles, consent, retention."""
