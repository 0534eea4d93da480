"""What identifies a person: MRZs, names across scripts, phonetic keys, phones, dates, documents.

Pure functions, no I/O: used by ingestion, screening, linkage and the simulator alike.
"""
