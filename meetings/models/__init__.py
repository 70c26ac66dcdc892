from meetings.models.access_log import AccessAction, AccessLog
from meetings.models.advance_ballot import AdvanceBallot
from meetings.models.agenda_conclusion import AgendaConclusion
from meetings.models.agenda_item import AgendaItem
from meetings.models.annotation import Annotation, AnnotationKind, AnnotationLayer
from meetings.models.attendance_record import AttendanceRecord, AttendanceStatus
from meetings.models.calendar_feed import CalendarFeed, CalendarRevision
from meetings.models.floor_attendance import AttendanceMode, FloorAttendance
from meetings.models.floor_rule_set import FloorRuleSet
from meetings.models.live_presence import LivePresence, LiveServer
from meetings.models.live_state import LiveState
from meetings.models.meeting import Meeting, MeetingKind, MeetingState
from meetings.models.meeting_event import MeetingEvent
from meetings.models.meeting_member import MeetingMember, MeetingRole
from meetings.models.meeting_screen import MeetingScreen
from meetings.models.minutes_draft import MinutesDraft, MinutesState
from meetings.models.minutes_version import MinutesVersion
from meetings.models.notification import Notification
from meetings.models.opinion_ballot import OpinionBallot, OpinionBallotRecipient, OpinionBallotState, OpinionChoice
from meetings.models.reminder_delivery import ReminderDelivery
from meetings.models.search_entry import SearchEntry, SearchSource
from meetings.models.signed_minutes import SignedMinutes
from meetings.models.speaker_request import SpeakerRequest, SpeakerState
from meetings.models.substitution import Substitution, SubstitutionState
from meetings.models.task import Task, TaskStatus
from meetings.models.vote import Vote, VoteKind, VoteState
from meetings.models.vote_ballot import VoteBallot
from meetings.models.vote_choice import VoteChoice
from meetings.models.vote_participation import VoteParticipation

__all__ = [
    "AccessAction",
    "AccessLog",
    "AdvanceBallot",
    "AgendaConclusion",
    "AgendaItem",
    "Annotation",
    "AnnotationKind",
    "AnnotationLayer",
    "AttendanceMode",
    "AttendanceRecord",
    "AttendanceStatus",
    "CalendarFeed",
    "CalendarRevision",
    "FloorAttendance",
    "FloorRuleSet",
    "LivePresence",
    "LiveServer",
    "LiveState",
    "Meeting",
    "MeetingEvent",
    "MeetingKind",
    "MeetingMember",
    "MeetingRole",
    "MeetingScreen",
    "MeetingState",
    "MinutesDraft",
    "MinutesState",
    "MinutesVersion",
    "Notification",
    "OpinionBallot",
    "OpinionBallotRecipient",
    "OpinionBallotState",
    "OpinionChoice",
    "ReminderDelivery",
    "SpeakerRequest",
    "SpeakerState",
    "SearchEntry",
    "SearchSource",
    "SignedMinutes",
    "Substitution",
    "SubstitutionState",
    "Task",
    "TaskStatus",
    "Vote",
    "VoteBallot",
    "VoteChoice",
    "VoteKind",
    "VoteParticipation",
    "VoteState",
]
