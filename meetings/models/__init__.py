from meetings.models.agenda_item import AgendaItem
from meetings.models.meeting import Meeting, MeetingKind, MeetingState
from meetings.models.meeting_member import MeetingMember, MeetingRole
from meetings.models.notification import Notification
from meetings.models.substitution import Substitution, SubstitutionState

__all__ = ["AgendaItem", "Meeting", "MeetingKind", "MeetingMember", "MeetingRole", "MeetingState", "Notification",
           "Substitution", "SubstitutionState"]
