from meetings.models.agenda_item import AgendaItem
from meetings.models.annotation import Annotation, AnnotationKind, AnnotationLayer
from meetings.models.live_presence import LivePresence
from meetings.models.live_state import LiveState
from meetings.models.meeting import Meeting, MeetingKind, MeetingState
from meetings.models.meeting_event import MeetingEvent
from meetings.models.meeting_member import MeetingMember, MeetingRole

__all__ = ["AgendaItem", "Annotation", "AnnotationKind", "AnnotationLayer", "LivePresence", "LiveState", "Meeting",
           "MeetingEvent", "MeetingKind", "MeetingMember", "MeetingRole", "MeetingState"]
