"""The schema, one module per domain, aligned with IOM's Human Trafficking Case Data Standard (HTCDS) v2.0.

Column names keep HTCDS field names (`prs_FirstName`, `vic_TypeOfExploitation`, ...) wherever
the standard has one, so exports and the API speak HTCDS without a mapping layer. Picklist
values are HTCDS value names, validated by tipnet.vocab before they reach the store.
Multi-select picklists are JSON lists. Partial dates are ISO strings (`1990`, `1990-05`,
`1990-05-01`) with a sortable `*_year` beside them where statistics need it.

- `sources`: organisations, import runs and source rows (where every record comes from);
- `people`: persons as each source recorded them, with names, documents, phones, addresses;
- `cases`: cases, their people, events, referrals, support, consent, proceedings, victim assessments,
  follow-ups;
- `crossings`, `hotline`, `finance` (accounts, transactions), `adverts`: the other source records;
- `watchlists`: watchlists, their entries and the screening log;
- `linkage`: link runs, resolved identities, scored pairs and analysts' decisions;
- `releases`: the privacy gate's yearly budgets and its ledger of DP releases;
- `sharing`: partners, their agreements, bundles sent and received, what was told to whom;
- `security`: accounts, sessions, sealed person data, blind indexes and the audit log.

All share `tipnet.store.base.Base`. Importing any of them imports this package, which imports every
domain module, so `Base.metadata` (what Alembic compares against) and the mappers are always whole.
"""

from tipnet.store.tables import (  # noqa: F401 (every table in Base.metadata)
    adverts,
    cases,
    crossings,
    finance,
    hotline,
    linkage,
    people,
    releases,
    security,
    sharing,
    sources,
    watchlists,
)
