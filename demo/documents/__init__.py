"""Demo documents of Ủy ban nhân dân huyện Cao Lãnh: multi-page Vietnamese administrative PDFs.

The documents follow the presentation rules of Decree 30/2020/NĐ-CP on clerical work: A4, the
issuing body top-left with the document number, the national motto top-right with the place and
date in italics, a bold centred title, justified paragraphs with a first-line indent, page
numbers at the top from page 2, "Nơi nhận:" bottom-left and the signature block bottom-right.
Their figures come from the news item about Cao Lãnh's first quarter of 2020 (zero overdue
dossiers, e-Cabinet paperless meetings); the names of officials are invented.

Their content is data: demo/content/catalogue.toml lists each meeting's documents in agenda
order, and demo/content/<key>.toml holds one document (letterhead, paragraphs, headings, tables),
which :mod:`demo.documents.loader` turns into the
:class:`~documents.official_layout.DocumentSpec` that ``documents.official_layout`` draws.

The closed meeting of March 2020 keeps its 2020 documents. The upcoming meeting is dated relative
to today, so its documents are written for its :class:`Period`: the last completed quarter, the
plan year, dates some working days before the meeting (``{reported}``, ``{plan_year}`` … in the
text).

Everything is deterministic: fonts are embedded from fixed files, and the creation date is the
document's own date, so ``build()`` returns the same bytes on every run with the same fpdf2 and
the same meeting day.

    for doc in demo_documents(meeting_day):
        pdf_bytes = doc.build()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from demo.documents.content import fill, read_content
from demo.documents.loader import document_spec, document_values
from demo.documents.period import Period
from documents.official_layout import DocumentSpec, render

# -- the catalogue ------------------------------------------------------------------------------
UPCOMING = "upcoming"  # the next regular meeting (published)
PAST = "2020-03"  # the closed regular meeting of March 2020


@dataclass(frozen=True)
class DemoDocument:
    key: str  # short stable slug, the name of its data file
    meeting: str  # UPCOMING or PAST
    agenda_index: int  # position of the agenda item the document belongs to
    title: str
    filename: str
    spec: DocumentSpec = field(repr=False, compare=False)
    keywords: str = ""
    observer_visible: bool = False  # the guest (khách mời) may read it

    def build(self) -> bytes:
        """The PDF; identical bytes on every call."""
        return render(self.spec, self.title, self.keywords)


def load_document(key: str, meeting: str, period: Period | None = None) -> DemoDocument:
    """The document of demo/content/``key``.toml, written for ``period`` (the upcoming meeting's)."""
    data = read_content(key)
    values = document_values(period)
    return DemoDocument(
        key,
        meeting,
        data["agenda_index"],
        fill(data["title"], values),
        fill(data["filename"], values),
        document_spec(data, period),
        data.get("keywords", ""),
        data.get("observer_visible", False),
    )


def upcoming_documents(period: Period) -> list[DemoDocument]:
    """The documents of the upcoming meeting, written for its period, in agenda order."""
    return [load_document(key, UPCOMING, period) for key in read_content("catalogue")[UPCOMING]]


def past_documents() -> list[DemoDocument]:
    """The documents of the closed meeting of March 2020, in agenda order."""
    return [load_document(key, PAST) for key in read_content("catalogue")[PAST]]


def demo_documents(meeting_day: date) -> list[DemoDocument]:
    """All demo documents, the upcoming meeting's (held on ``meeting_day``) first, in agenda order."""
    return upcoming_documents(Period(meeting_day)) + past_documents()


def documents_for(meeting: str, meeting_day: date | None = None) -> list[DemoDocument]:
    """The documents of one demo meeting; the upcoming one needs its day."""
    if meeting == PAST:
        return past_documents()
    if meeting_day is None:
        raise ValueError("the upcoming meeting's documents depend on its day")
    return upcoming_documents(Period(meeting_day))
