"""Cooperation across borders: privacy-preserving record linkage and exchange with partners."""
