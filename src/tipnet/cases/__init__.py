"""Case management: cases and their persons in HTCDS terms, the victim assessment and its
indicators, referrals, consent, support plans, reintegration follow-ups and legal proceedings.

Owns every read and change of case data (the API and the web pages only call it): the typed inputs
and responses (`models`), their validation, the caller's scope, sealing and audit of each change."""
