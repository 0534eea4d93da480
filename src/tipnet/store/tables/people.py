"""Tables of persons as each source recorded them (HTCDS Person): their names in every form,
identity documents, phones and addresses.

One row per source record: linkage resolves them into identities later (tables.linkage), never
overwriting what the source said. Victims' identifying fields are sealed (tables.security).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.sources import SourceRecord


class Person(Base):
    """A person as one source recorded them (HTCDS Person)."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int | None] = fk_column("source_record.id")
    prs_Salutation: Mapped[str | None] = mapped_column(String(100))
    prs_FirstName: Mapped[str | None] = mapped_column(String(300))
    prs_MiddleName: Mapped[str | None] = mapped_column(String(300))
    prs_SecondName: Mapped[str | None] = mapped_column(String(300))
    full_name: Mapped[str | None] = mapped_column(String(600))
    name_native: Mapped[str | None] = mapped_column(String(600))
    prs_Birthdate: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer, index=True)
    prs_Gender: Mapped[str | None] = mapped_column(String(32))
    prs_Citizenship: Mapped[list[str]] = mapped_column(JSON, default=list)
    prs_PrimaryLanguage: Mapped[str | None] = mapped_column(String(8))
    prs_SecondaryLanguage: Mapped[str | None] = mapped_column(String(8))
    prs_IdentityNumber: Mapped[str | None] = mapped_column(String(64), index=True)
    prs_Email: Mapped[str | None] = mapped_column(String(300))

    source_record: Mapped[SourceRecord | None] = relationship()
    names: Mapped[list[PersonName]] = relationship(cascade="all, delete-orphan", back_populates="person")
    documents: Mapped[list[IdentityDocument]] = relationship(
        cascade="all, delete-orphan", back_populates="person"
    )
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan", back_populates="person")
    addresses: Mapped[list[Address]] = relationship(cascade="all, delete-orphan", back_populates="person")


class PersonName(Base):
    """Every name a person goes by in a record: primary, alias, native script, MRZ form."""

    __tablename__ = "person_name"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(16))  # primary | alias | native | mrz
    name: Mapped[str] = mapped_column(String(600))
    script: Mapped[str | None] = mapped_column(String(16))
    person: Mapped[Person] = relationship(back_populates="names")


class IdentityDocument(Base):
    __tablename__ = "identity_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    document_type: Mapped[str | None] = mapped_column(String(2))
    document_number: Mapped[str] = mapped_column(String(64), index=True)
    issuing_state: Mapped[str | None] = mapped_column(String(3))
    expiry_date: Mapped[date | None] = mapped_column(Date)
    mrz: Mapped[str | None] = mapped_column(String(200))
    person: Mapped[Person] = relationship(back_populates="documents")


class Phone(Base):
    __tablename__ = "phone"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    number: Mapped[str] = mapped_column(String(32), index=True)  # E.164
    person: Mapped[Person] = relationship(back_populates="phones")


class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    text: Mapped[str] = mapped_column(String(1000))
    country: Mapped[str | None] = mapped_column(String(3))
    person: Mapped[Person] = relationship(back_populates="addresses")


Index("ix_person_name_lookup", PersonName.name)
