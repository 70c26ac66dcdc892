"""One demo document's data file (demo/content/<key>.toml) → a :class:`DocumentSpec`.

The file gives the letterhead (issuer, number, and either the day it was ``issued`` or how many
``working_days_before_meeting`` it is dated), the kind, the subject lines, the addressee, whether
it is a ``draft``, the recipients, who signs and in which capacity, the ``body`` text, its
``[tables.*]`` and its ``[[variants.*]]``; see :mod:`demo.documents.content` for the text's form.
"""

from __future__ import annotations

from collections.abc import Mapping

from demo.documents.content import choose, fill, parse_body
from demo.documents.officials import signature
from demo.documents.period import Period
from demo.documents.tables import build_table
from documents.official_layout import DocumentSpec, Letterhead


def document_values(period: Period | None) -> dict[str, object]:
    """The values a document's text may name: the period's (none for the 2020 documents)."""
    return period.values() if period is not None else {}


def letterhead(data: Mapping, period: Period | None) -> Letterhead:
    head = data["letterhead"]
    if "issued" in head:
        issued = head["issued"]
    elif period is not None:
        issued = period.issued(head["working_days_before_meeting"])
    else:
        raise ValueError("a document dated before its meeting needs the meeting's day")
    optional = {key: head[key] for key in ("place", "author") if key in head}
    return Letterhead(tuple(head["issuer"]), head["number"], issued, parent=tuple(head.get("parent", ())), **optional)


def document_spec(data: Mapping, period: Period | None) -> DocumentSpec:
    """The spec of the document ``data`` (a parsed data file), written for ``period``."""
    values = document_values(period)
    tables = {}
    for name, table_data in data.get("tables", {}).items():
        tables[name], given = build_table(table_data, values)
        values.update(given)
    for name, cases in data.get("variants", {}).items():
        values[name] = choose(cases, values)
    signer = data["signature"]
    return DocumentSpec(
        letterhead=letterhead(data, period),
        kind=data["kind"],
        subject=tuple(fill(line, values) for line in data["subject"]),
        body=parse_body(data["body"], tables, values),
        recipients=tuple(data["recipients"]),
        signature=signature(signer["official"], signer["capacity"]),
        addressee=data.get("addressee", ""),
        draft=data.get("draft", False),
    )
