"""Forms of the secretariat's pages (labels and messages in Vietnamese; CSRF by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional

from meetings.models import MeetingKind

try:  # WTForms ≥ 3.3 wants SelectChoice objects; older versions take (value, label) pairs
    from wtforms.fields.choices import SelectChoice as _Choice
except ImportError:  # pragma: no cover

    def _Choice(value, label):  # noqa: N802
        return (value, label)


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class MeetingForm(FlaskForm):
    title = StringField(
        _l("Tên cuộc họp"),
        validators=[
            DataRequired(_l("Vui lòng nhập tên cuộc họp.")),
            Length(max=300, message=_l("Tên cuộc họp dài quá 300 ký tự.")),
        ],
    )
    body_id = SelectField(
        _l("Cơ quan chủ trì"),
        coerce=lambda v: int(v) if str(v).isdigit() else None,
        validate_choice=False,  # the service refuses an unknown or dissolved body with its own message
        validators=[DataRequired(_l("Vui lòng chọn cơ quan chủ trì."))],
    )
    kind = SelectField(
        _l("Loại cuộc họp"), choices=[_Choice(k.value, k.value) for k in MeetingKind], default=MeetingKind.regular.value
    )
    starts_at = DateTimeLocalField(
        _l("Bắt đầu (giờ Việt Nam)"),
        format=DATETIME_FORMAT,
        validators=[DataRequired(_l("Vui lòng nhập thời gian bắt đầu."))],
    )
    ends_at = DateTimeLocalField(_l("Kết thúc (giờ Việt Nam)"), format=DATETIME_FORMAT, validators=[Optional()])
    place = StringField(_l("Địa điểm"), validators=[Length(max=300)])
    video_url = StringField(
        _l("Đường dẫn họp trực tuyến (nếu có)"),
        validators=[
            Optional(),
            URL(message=_l("Đường dẫn họp trực tuyến phải là địa chỉ http(s) hợp lệ.")),
            Length(max=500),
        ],
    )

    def __init__(self, *args, current_body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body_id.choices = body_choices(current_body)
        self.kind.choices = [_Choice(k.value, k.label) for k in MeetingKind]
        for field in (self.starts_at, self.ends_at):  # browsers' own message would be in English
            field.render_kw = {"step": 60}

    def service_data(self) -> dict:
        from meetings.localtime import as_local

        return {
            "title": self.title.data,
            "body_id": self.body_id.data,
            "kind": self.kind.data,
            "starts_at": as_local(self.starts_at.data) if self.starts_at.data else None,
            "ends_at": as_local(self.ends_at.data) if self.ends_at.data else None,
            "place": self.place.data,
            "video_url": self.video_url.data,
        }


def body_choices(current=None) -> list:
    """Active bodies, the province first and its communes after it (and the meeting's own body, even
    dissolved, when editing a record of it)."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Body, BodyLevel

    rows = db.session.scalars(
        sa.select(Body).where(sa.or_(Body.dissolved_on.is_(None), Body.id == getattr(current, "id", None)))
    ).all()
    order = {BodyLevel.province: 0, BodyLevel.commune: 1, BodyLevel.district: 2}
    rows = sorted(rows, key=lambda b: (order[b.level], b.name))
    return [_Choice("", _l("— Chọn cơ quan —"))] + [_Choice(b.id, b.label) for b in rows]
