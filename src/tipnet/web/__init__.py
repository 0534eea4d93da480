"""Server-rendered pages of case management and link review (Jinja2 + HTMX shipped in the package),
in English and Khmer; every label goes through the i18n catalogues. The request machinery is
`web.base`, each page family a module of its own, mounted by `web.app`."""
