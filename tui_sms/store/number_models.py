"""Numbers already known to take texts, with the zone they live in: classifying a number with
phonenumbers is the costly step of checking it, and a reminder round checks thousands."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class TextableNumber(SQLModel, table=True):
    """`number` passed every check of `parse_number` under phonenumbers' metadata
    `metadata_version`, which found it lives in `time_zone` (None: unsure, the shop's zone
    applies). Keyed by the number itself, not by a contact: a contact whose number changes
    points at another row, so no stored classification can outlive the number it is about."""

    number: str = Field(primary_key=True)  # E.164
    time_zone: str | None = None
    metadata_version: str
