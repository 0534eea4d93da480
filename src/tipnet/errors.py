"""The errors tipnet's services raise for their callers to turn into answers, in one hierarchy
(as httpx keeps its exceptions in one module), so the API, the web pages, the CLI and every service
agree on what went wrong without importing one another:

* TipnetError
  * NotFound   - no such object within the caller's scope (HTTP 404)
  * Forbidden  - the caller's role does not allow this, or the object is theirs to read only (403)
  * Invalid    - a value that fails validation (422)

A message names the field, never the value of a person field: messages reach users and logs.
Errors of a lower layer's own inputs (tipnet.vocab's VocabError, tipnet.identity's parse errors)
stay ValueErrors of that layer; a service turns them into Invalid with the field named.
"""

from __future__ import annotations

__all__ = ["Forbidden", "Invalid", "NotFound", "TipnetError"]


class TipnetError(Exception):
    """Base of the errors the API and the pages turn into responses."""


class NotFound(TipnetError):
    """No such object within the caller's scope (outside it is reported the same: ids reveal nothing)."""


class Forbidden(TipnetError):
    """The caller's role does not allow this, or the object is theirs to read but not to change."""


class Invalid(TipnetError):
    """A value that fails validation; the message names the field, never the value of a person field."""
