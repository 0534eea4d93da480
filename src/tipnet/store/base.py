"""What every table module of the store shares: the declarative `Base` (one MetaData, one naming
convention, so one Alembic history covers every table) and the foreign-key column helper.

It exists so that the table modules of `tipnet.store.tables` import this one module and never each
other for the base, which is what used to make the schema module and its siblings import one another.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, MetaData
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012 (SQLAlchemy API)


def fk_column(target: str, *, nullable: bool = True, ondelete: str = "CASCADE") -> Any:
    """An indexed foreign-key column to `target` ("table.column"), deleted with it by default."""
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)
