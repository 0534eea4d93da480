"""Case management: cases and their persons in HTCDS terms, victim identification indicators,
referrals, consent, support plans, reintegration follow-ups and legal proceedings."""
