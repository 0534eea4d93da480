"""Server-rendered pages of case management (Jinja2 + HTMX shipped in the package), in English and
Khmer; every label goes through the i18n catalogues."""
