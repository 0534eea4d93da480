"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendation)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of `password`; refuses passwords too short to resist guessing."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


# Verified against when the account does not exist, so a wrong name costs as long as a wrong password.
_DUMMY = None


def burn_time(password: str) -> None:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = _hasher().hash("not-a-real-password")
    verify_password(_DUMMY, password)
