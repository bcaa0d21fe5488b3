"""Spreadsheets uploaded for import, kept parsed between the mapping, preview and commit steps.

Only the parsed table is kept, never the file: each step reads the table instead of opening
the workbook again. An upload nobody commits is deleted a day later (services/import_uploads).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime


class ImportUpload(Base):
    __tablename__ = "import_uploads"

    # The random token in the page's address; honoured only for this coordinator and visit.
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # people | rooms | sessions
    filename: Mapped[str] = mapped_column(String(255))
    table: Mapped[dict[str, Any]] = mapped_column(JSON)  # headers, rows and first_row of the sheet
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
