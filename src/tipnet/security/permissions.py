"""The permission check on the principal a request acts as (the matrix itself is tipnet.security.roles)."""

from __future__ import annotations

from tipnet.errors import Forbidden
from tipnet.security.roles import Perm
from tipnet.security.users import Principal


def require(principal: Principal, perm: Perm) -> None:
    """Raise Forbidden unless the principal's role holds `perm`."""
    if not principal.can(perm):
        raise Forbidden(f"role {principal.role} may not {perm.value}")
