"""What minutes say, as plain data for documents/minutes_pdf.py: the meeting, who attended, and per
agenda item its documents, speeches, votes and conclusion. The meetings package fills it in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Person:
    name: str
    position: str = ""

    def line(self) -> str:
        return f"{self.name} – {self.position}" if self.position else self.name


@dataclass(frozen=True)
class AttendeeLine:
    person: Person
    status: str  # present | absent | substitute
    reason: str = ""
    substitute_name: str = ""  # who attends in ``person``'s place ("Name – position"), for status substitute
    note: str = ""  # from the floor's check-in: "điểm danh lúc 07:28, trực tuyến, đến muộn"
    counted: bool = True  # a seat of the body (chair, member); the secretary attends but is not counted


@dataclass(frozen=True)
class MinutesItem:
    title: str
    presenter: str = ""
    documents: tuple[str, ...] = ()  # titles; never those of confidential ("Mật") documents
    conclusion: str = ""
    number: str = ""  # the agenda's numbering, "1", "1.1" … (items come in reading order: 1, 1.1, 1.2, 2 …)
    speeches: str = ""  # "Ý kiến phát biểu": one line per speaker ("- Đồng chí X (chức vụ) phát biểu 4 phút 20 giây;")
    votes: tuple[str, ...] = ()  # one line per closed vote on the item: its question, tally and decision
    confidential_documents: int = 0  # counted, not named: "01 tài liệu mật"

    @property
    def documents_line(self) -> tuple[str, ...]:
        """What "Tài liệu:" lists: the titles, then the confidential ones as a zero-padded count."""
        counted = (f"{self.confidential_documents:02d} tài liệu mật",) if self.confidential_documents else ()
        return self.documents + counted


@dataclass(frozen=True)
class MinutesDocument:
    body: str  # "UBND huyện Cao Lãnh"
    number: str  # "15/BB-UBND"
    title: str  # the meeting's name
    starts_at: datetime  # aware, shown in Vietnam time
    closed_at: datetime | None
    place: str
    attendees: tuple[AttendeeLine, ...]
    chair: Person | None
    secretary: Person | None
    narrative: str
    items: tuple[MinutesItem, ...]
    recipients: tuple[str, ...] = ()
    parent_body: str = ""  # tên cơ quan chủ quản, if any
    timezone: str = "Asia/Ho_Chi_Minh"
    guests: tuple[Person, ...] = ()  # khách mời (observers): listed, never counted as members
    substitutes_count: bool = False  # the floor rules: a substitute fills the absent member's seat in the count
    draft: bool = False  # a preview before signing: every page marked "DỰ THẢO"; never for the signed PDF

    def plain_text(self) -> str:
        """What the minutes say, as text for the archive's search index: the same content the PDF
        shows, taken from the data rather than extracted back out of 30 rendered pages."""
        people = [a.person.line() for a in self.attendees] + [a.substitute_name for a in self.attendees]
        lines = [self.parent_body, self.body, "BIÊN BẢN", self.title, self.number, self.place, *people]
        lines += [p.line() for p in (self.chair, self.secretary, *self.guests) if p is not None]
        lines.append(self.narrative)
        for item in self.items:
            lines += [f"{item.number} {item.title}".strip(), item.presenter, *item.documents_line]
            lines += [item.speeches, *item.votes, item.conclusion]
        lines += self.recipients
        return "\n".join(line for line in lines if line)
