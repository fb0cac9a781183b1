"""Report forms of the catalog, stored as checked JSON definitions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from thongke.extensions import db


class Form(db.Model):
    """One report form; `definition` is the whole catalog entry, checked before it is stored.

    `code`, `title`, `filled_by` and `sent_to` repeat parts of the definition so lists and
    queries need not read the JSON; `thongke.catalog.store` writes them together.
    """

    __tablename__ = "form"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    filled_by: Mapped[str] = mapped_column(String(20), index=True)
    sent_to: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    definition: Mapped[dict] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    def __str__(self) -> str:
        return self.code
