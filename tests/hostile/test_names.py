"""Issue 12 item 1, names and titles: a generated matrix of hostile values (control characters, NUL,
bidi overrides and isolates, zero-width-only, blank, 10,000 characters, HTML/JS, template syntax,
CR/LF header and calendar injection, spreadsheet formulas, decomposed Vietnamese; names_cases.py)
× every field people type a name or title into (names_fields.py: user name and unit by the admin
API and by the CSV import, meeting title and place, agenda item, document, body, task title and
unit, vote question, written opinion ballot title, question and answer comment, annotation note)
sent through its real entry point (JSON API, web form, CSV import, Socket.IO).

Each case is either refused — a 4xx with a Vietnamese message (the field's "required" message
when nothing is left after cleaning, its limit when too long), every table's row count and the
bucket's keys unchanged — or accepted: the database holds exactly the cleaned text
(names_cases.SINGLE/MULTI) and the page showing the field shows it HTML-escaped, no live markup,
no control or bidi character, template syntax as typed. Never a 5xx, and the server answers
normally afterwards. What the other surfaces (PDFs, watermark, e-mail, iCalendar, record export)
make of the same values: test_names_outputs.py. The counts are printed (docs/security.md)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.conftest import login
from tests.hostile.names_cases import HOSTILE, assert_page_shows, expected
from tests.hostile.names_fields import FIELDS, world
from tests.support.counts import report

VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđĐ]")
AUDIT_TABLES = ("audit_entries", "audit_head")
RESULTS: dict[tuple[str, str], tuple[str, int]] = {}


def counts(store, skip=()) -> dict:
    """The row count of every table (but ``skip``) and every key of the bucket."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in skip]
    rows = {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables}
    return {"rows": rows, "keys": sorted(store.list_keys(""))}


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from strings(item)


class Pages:
    """One signed-in test client per user, so the matrix logs each person in once."""

    def __init__(self, app):
        self.app, self.clients = app, {}

    def client(self, user):
        if user.id not in self.clients:
            self.clients[user.id] = self.app.test_client()
            login(self.clients[user.id], user)
        return self.clients[user.id]

    def get(self, user, url: str):
        return self.client(user).get(url, headers={"Accept": "text/html"})


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_hostile_values_in_a_field(app, store, field):
    api = app.test_client()  # bearer tokens, no cookies
    pages = Pages(app)
    w = world(app, api)
    if field.send.__name__.startswith("import_"):  # the admin's web session (CSV import)
        client = pages.client(w.admin)
    elif field.send.__name__.startswith("task_"):  # the secretariat's web session (task form)
        client = pages.client(w.office)
    else:
        client = api
    failures = []
    for name, value in HOSTILE.items():
        want = expected(name, field.multiline) or field.empty
        refused = (not want and field.required) or len(want) > field.max_len
        words = field.required if not want else field.too_long
        if field.prepare:
            field.prepare(w)
        # applying an import is an admin action: the audit log records it even when every row was refused
        skip = AUDIT_TABLES if field.send.__name__.startswith("import_") else ()
        before = counts(store, skip) if refused else None
        status, error = field.send(w, client, value)
        RESULTS[(field.name, name)] = ("refused" if status >= 400 else "accepted", status)
        case = f"{field.name} × {name}"
        if status >= 500:
            failures.append(f"{case}: {status} {error[:200]}")
            continue
        if refused:
            if not 400 <= status < 500 or words not in (error or ""):
                failures.append(f"{case}: expected a 4xx saying {words!r}, got {status} {error[:200]!r}")
            elif counts(store, skip) != before:
                failures.append(f"{case}: refused but something was stored")
            continue
        if status not in (200, 201):
            failures.append(f"{case}: expected accepted, got {status} {error[:200]!r}")
            continue
        stored = field.read(w)
        if stored != want:
            failures.append(f"{case}: stored {stored[:80]!r}, expected {want[:80]!r}")
            continue
        if want:
            user, url = field.page(w)
            response = pages.get(user, url)
            try:
                assert response.status_code == 200, f"{url}: {response.status_code}"
                text = response.get_data(as_text=True)
                if response.is_json:  # the tablet's state and the votes: the scripts show them with textContent
                    assert want in set(strings(response.get_json())), f"{url}: {want[:60]!r} not in the JSON"
                else:
                    for line in want.split("\n"):
                        assert_page_shows(text, line, url)
            except AssertionError as exc:
                failures.append(f"{case}: {exc}")
    assert api.get("/healthz").status_code == 200  # healthy afterwards
    assert not failures, "\n".join(failures)


def test_zz_print_the_counts():
    """Runs after the matrix (file order): the line docs/security.md quotes."""
    if not RESULTS:
        pytest.skip("the matrix did not run in this session")
    refused = sum(1 for outcome, _ in RESULTS.values() if outcome == "refused")
    fives = sum(1 for _, status in RESULTS.values() if status >= 500)
    fields = len({f for f, _ in RESULTS})
    report(
        f"\nhostile names: {len(RESULTS)} cases ({len(HOSTILE)} values × {fields} fields), {fives} 5xx, "
        f"refused {refused}, accepted {len(RESULTS) - refused}"
    )
    assert fives == 0
