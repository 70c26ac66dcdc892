"""The agenda: ordered items with one level of sub-items, numbered 1, 1.1 … from their positions."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import User
from app.permissions import Perm, require_perm
from meetings.archive.search_index import index_agenda_item, remove_source
from meetings.models import AgendaItem, Meeting, MeetingState, Vote
from meetings.services.meetings import require_editable
from meetings.services.notifications import Notice, notice, notify_members
from meetings.services.text import clean_text

MAX_MINUTES = 24 * 60
MAX_SPEAKING_MINUTES = 60


@dataclass
class AgendaEntry:
    item: AgendaItem
    number: str
    children: list[AgendaEntry] = field(default_factory=list)


def siblings(meeting: Meeting, parent_id: int | None) -> list[AgendaItem]:
    return sorted((i for i in meeting.agenda_items if i.parent_id == parent_id), key=lambda i: (i.position, i.id))


def agenda_tree(meeting: Meeting) -> list[AgendaEntry]:
    """Top-level items numbered 1, 2 …; their sub-items 1.1, 1.2 …"""
    tree = []
    for n, item in enumerate(siblings(meeting, None), start=1):
        entry = AgendaEntry(item, str(n))
        entry.children = [AgendaEntry(child, f"{n}.{k}") for k, child in enumerate(siblings(meeting, item.id), 1)]
        tree.append(entry)
    return tree


def flat_agenda(meeting: Meeting) -> list[AgendaEntry]:
    """The agenda in reading order: 1, 1.1, 1.2, 2 …"""
    return [entry for top in agenda_tree(meeting) for entry in [top, *top.children]]


def get_item(meeting: Meeting, item_id) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(_("Không tìm thấy mục chương trình trong cuộc họp này."))
    return item


def _clean(meeting: Meeting, data: dict, *, partial: bool) -> dict:
    out = {}
    if "title" in data or not partial:
        out["title"] = clean_text(
            data.get("title"),
            max_len=500,
            required=_("Vui lòng nhập tên nội dung."),
            too_long=_("Tên nội dung dài quá 500 ký tự."),
        )
    if "presenter_id" in data or not partial:
        presenter_id = data.get("presenter_id")
        if presenter_id in (None, ""):
            out["presenter_id"] = None
        else:
            user = db.session.get(User, presenter_id) if isinstance(presenter_id, int) else None
            if user is None or not user.is_active:
                raise ValidationError(_("Người trình bày không tồn tại."))
            out["presenter_id"] = user.id
    if "presenter_name" in data or not partial:
        out["presenter_name"] = clean_text(
            data.get("presenter_name"), max_len=200, too_long=_("Tên người trình bày dài quá 200 ký tự.")
        )
    if "duration_minutes" in data or not partial:
        minutes = data.get("duration_minutes")
        if minutes in (None, ""):
            out["duration_minutes"] = None
        else:
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
                raise ValidationError(_("Thời lượng phải là số phút từ 1 đến %(max)s.", max=MAX_MINUTES))
            out["duration_minutes"] = minutes
    if "speaking_minutes" in data or not partial:
        minutes = data.get("speaking_minutes")
        if minutes in (None, ""):
            out["speaking_minutes"] = None  # the meeting's default (5 minutes)
        else:
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_SPEAKING_MINUTES:
                raise ValidationError(
                    _("Thời gian mỗi lượt phát biểu phải là số phút từ 1 đến %(max)s.", max=MAX_SPEAKING_MINUTES)
                )
            out["speaking_minutes"] = minutes
    if "description" in data or not partial:
        out["description"] = clean_text(
            data.get("description"), max_len=10000, multiline=True, too_long=_("Mô tả dài quá 10.000 ký tự.")
        )
    if "for_decision" in data or not partial:
        for_decision = data.get("for_decision") or False
        if not isinstance(for_decision, bool):
            raise ValidationError(_("Giá trị «cần biểu quyết» phải là true hoặc false."))
        out["for_decision"] = for_decision
    return out


def _changed(actor, meeting: Meeting, what: Notice) -> None:
    """A published agenda change reaches every member (in-app, and by e-mail when configured);
    ``what`` is a notice too, so the whole sentence reads in the member's language."""
    if meeting.state in (MeetingState.published, MeetingState.in_session):
        notify_members(
            meeting,
            notice("Chương trình cuộc họp «%(title)s» đã thay đổi: %(what)s", title=meeting.title, what=what),
            skip=actor,
        )


def _check(actor, meeting: Meeting) -> None:
    require_perm(actor, Perm.AGENDA_EDIT, meeting)
    require_editable(meeting)


def add_agenda_item(actor, meeting: Meeting, parent_id: int | None = None, **data) -> AgendaItem:
    _check(actor, meeting)
    if parent_id not in (None, ""):
        parent = get_item(meeting, parent_id)
        if parent.parent_id is not None:
            raise ValidationError(_("Chỉ có thể thêm nội dung con cho nội dung cấp 1."))
        parent_id = parent.id
    else:
        parent_id = None
    fields = _clean(meeting, data, partial=False)
    position = max((i.position for i in siblings(meeting, parent_id)), default=-1) + 1
    item = AgendaItem(meeting=meeting, parent_id=parent_id, position=position, **fields)
    db.session.add(item)
    db.session.flush()
    index_agenda_item(item)
    _changed(actor, meeting, notice("thêm nội dung «%(item)s».", item=item.title))
    return item


def update_agenda_item(actor, meeting: Meeting, item: AgendaItem, **data) -> AgendaItem:
    _check(actor, meeting)
    if item.meeting_id != meeting.id:
        raise NotFound()
    fields = _clean(meeting, data, partial=True)
    changed = [k for k, v in fields.items() if getattr(item, k) != v]
    for key in changed:
        setattr(item, key, fields[key])
    db.session.flush()
    if changed:
        index_agenda_item(item)
        _changed(actor, meeting, notice("cập nhật nội dung «%(item)s».", item=item.title))
    return item


def delete_agenda_item(actor, meeting: Meeting, item: AgendaItem) -> None:
    _check(actor, meeting)
    if item.meeting_id != meeting.id:
        raise NotFound()
    if item.documents or any(child.documents for child in item.children):
        raise ValidationError(
            _("Nội dung «%(item)s» còn tài liệu; hãy xóa hoặc chuyển tài liệu trước.", item=item.title)
        )
    # a vote's record names its item (the minutes carry it there)
    if db.session.scalar(sa.select(Vote.id).where(Vote.agenda_item_id.in_([item.id, *(c.id for c in item.children)]))):
        raise ValidationError(_("Nội dung «%(item)s» đã được biểu quyết; không thể xóa.", item=item.title))
    parent_id, title = item.parent_id, item.title
    for child in list(item.children):
        remove_source("agenda", child.id)
        meeting.agenda_items.remove(child)
    remove_source("agenda", item.id)
    meeting.agenda_items.remove(item)
    db.session.flush()
    for position, sibling in enumerate(siblings(meeting, parent_id)):
        sibling.position = position
    db.session.flush()
    _changed(actor, meeting, notice("xóa nội dung «%(item)s».", item=title))


def reorder_agenda(actor, meeting: Meeting, ordered_ids, parent_id: int | None = None) -> list[AgendaItem]:
    """``ordered_ids`` must be exactly the ids of the items under ``parent_id``, in their new order."""
    _check(actor, meeting)
    if parent_id is not None:
        get_item(meeting, parent_id)
    current = siblings(meeting, parent_id)
    if not isinstance(ordered_ids, (list, tuple)) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ordered_ids
    ):
        raise ValidationError(_("Danh sách thứ tự không hợp lệ."))
    if len(ordered_ids) != len(current) or set(ordered_ids) != {i.id for i in current}:
        raise ValidationError(_("Danh sách thứ tự phải gồm đúng các nội dung cùng cấp của cuộc họp này."))
    if list(ordered_ids) == [i.id for i in current]:
        return current
    by_id = {i.id: i for i in current}
    for position, item_id in enumerate(ordered_ids):
        by_id[item_id].position = position
    db.session.flush()
    _changed(actor, meeting, notice("sắp xếp lại thứ tự nội dung."))
    return [by_id[i] for i in ordered_ids]


def move_agenda_item(actor, meeting: Meeting, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """The keyboard/button fallback for drag and drop: one step up or down among its siblings."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Hướng di chuyển không hợp lệ."))
    _check(actor, meeting)
    if item.meeting_id != meeting.id:
        raise NotFound()
    ids = [i.id for i in siblings(meeting, item.parent_id)]
    index = ids.index(item.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ids):
        return siblings(meeting, item.parent_id)
    ids[index], ids[other] = ids[other], ids[index]
    return reorder_agenda(actor, meeting, ids, item.parent_id)
