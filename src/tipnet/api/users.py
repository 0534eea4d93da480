"""Accounts of the caller's organisation, for administrators (the CLI creates the first one)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from tipnet.api.deps import DB, Caller
from tipnet.errors import Invalid
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm, Role
from tipnet.security.users import UserError, create_user
from tipnet.store.tables.security import UserAccount

router = APIRouter(prefix="/api/users", tags=["users"])


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=2, max_length=100)
    password: str = Field(min_length=10, max_length=1000)
    role: Role


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    active: bool


class UserCreated(BaseModel):
    id: int


@router.get("", response_model=list[UserOut], responses={401: {}, 403: {}})
def list_users(db: DB, caller: Caller) -> list[UserOut]:
    """The accounts of your organisation."""
    require(caller, Perm.USER_MANAGE)
    rows = db.scalars(
        select(UserAccount).where(UserAccount.org_id == caller.org_id).order_by(UserAccount.username)
    )
    return [UserOut(id=user.id, username=user.username, role=user.role, active=user.active) for user in rows]


@router.post("", status_code=201, response_model=UserCreated, responses={401: {}, 403: {}, 422: {}})
def add_user(body: UserIn, db: DB, caller: Caller) -> UserCreated:
    """A new account in your organisation (administrators manage their own organisation only)."""
    require(caller, Perm.USER_MANAGE)
    try:
        user = create_user(db, body.username, body.password, body.role.value, caller.org_id)
    except UserError as exc:
        raise Invalid(str(exc)) from None
    audit.record(db, caller.username, "create", "user_account", user.id, details={"role": user.role})
    return UserCreated(id=user.id)
