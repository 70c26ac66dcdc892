"""Bodies (cơ quan): the People's Committees that hold meetings, under the two-level local
government (province and commune since 1 July 2025; district bodies dissolved on 30 June 2025 stay
as records). A body has standing members with offices, floor rules (``meetings.models.FloorRuleSet``
keyed by ``body_id``) and a seal (``agency_seals``) used on its meetings' minutes."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class BodyLevel(enum.Enum):
    province = "province"  # cấp tỉnh
    commune = "commune"  # cấp xã (xã, phường, đặc khu)
    district = "district"  # cấp huyện — dissolved on 30/06/2025, kept for records

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"province": _("Cấp tỉnh"), "commune": _("Cấp xã"), "district": _("Cấp huyện (đã giải thể)")}[self.value]


class BodyOffice(enum.Enum):
    chairman = "chairman"  # Chủ tịch
    vice_chairman = "vice_chairman"  # Phó Chủ tịch
    member = "member"  # Ủy viên

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"chairman": _("Chủ tịch"), "vice_chairman": _("Phó Chủ tịch"), "member": _("Ủy viên")}[self.value]


# the day district-level People's Committees ended (Resolution 202/2025/QH15: two-level local government)
DISTRICTS_DISSOLVED_ON = date(2025, 6, 30)


def guess_level(name: str) -> BodyLevel:
    """The level a body's name says: "huyện"/"quận"/"thị xã" → district, "tỉnh"/"thành phố" → province,
    anything else (xã, phường, đặc khu) → commune. Used by the migration of free-text bodies."""
    lowered = (name or "").lower()
    if any(word in lowered for word in ("huyện", "quận", "thị xã")):
        return BodyLevel.district
    if "tỉnh" in lowered or "thành phố" in lowered:
        return BodyLevel.province
    return BodyLevel.commune


class Body(db.Model):
    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)  # "UBND xã Mỹ Thọ"
    short_code: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    level: Mapped[BodyLevel] = mapped_column(
        sa.Enum(BodyLevel, name="body_level", native_enum=False, length=20), default=BodyLevel.commune
    )
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id", ondelete="SET NULL"), index=True)
    dissolved_on: Mapped[date | None] = mapped_column(sa.Date())
    successor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id", ondelete="SET NULL"))
    # the seal credential (documents.models.AgencySeal) applied to this body's minutes
    seal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency_seals.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    parent = relationship("Body", remote_side=[id], foreign_keys=[parent_id])
    successor = relationship("Body", remote_side=[id], foreign_keys=[successor_id])
    seal = relationship("AgencySeal")  # documents.models.AgencySeal, by name: app/ imports no lower layer
    members = relationship("BodyMember", back_populates="body", cascade="all, delete-orphan", order_by="BodyMember.id")

    @property
    def dissolved(self) -> bool:
        return self.dissolved_on is not None

    @property
    def status_text(self) -> str:
        """ "Đã giải thể ngày 30/06/2025, kế thừa: UBND tỉnh Đồng Tháp" for a dissolved body, else ""."""
        from flask_babel import gettext as _

        if self.dissolved_on is None:
            return ""
        day = self.dissolved_on.strftime("%d/%m/%Y")
        if self.successor is not None:
            return _("Đã giải thể ngày %(day)s, kế thừa: %(successor)s", day=day, successor=self.successor.name)
        return _("Đã giải thể ngày %(day)s", day=day)

    @property
    def label(self) -> str:
        """The name, with the dissolution for a dissolved body (archive filters, lists)."""
        return f"{self.name} ({self.status_text})" if self.dissolved_on else self.name

    @classmethod
    def named(cls, name: str) -> Body:
        """The body called ``name``, made (level guessed from the name) when there is none yet — for
        seeding and test data written on the model; the services take a ``body_id``."""
        name = (name or "").strip()
        with db.session.no_autoflush:
            found = db.session.scalar(sa.select(cls).where(cls.name == name))
            if found is None:
                found = next((o for o in db.session.new if isinstance(o, cls) and o.name == name), None) or cls(
                    name=name, level=guess_level(name)
                )
                db.session.add(found)
        return found

    def __repr__(self) -> str:
        return f"<Body {self.id} {self.name!r}>"


class BodyMember(db.Model):
    """A standing member of a body with their office, from/to dates (open ends: still in office)."""

    __tablename__ = "body_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    office: Mapped[BodyOffice] = mapped_column(
        sa.Enum(BodyOffice, name="body_office", native_enum=False, length=20), default=BodyOffice.member
    )
    starts_on: Mapped[date | None] = mapped_column(sa.Date())
    ends_on: Mapped[date | None] = mapped_column(sa.Date())

    body = relationship("Body", back_populates="members")
    user = relationship("User")

    def serves_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or day <= self.ends_on)
