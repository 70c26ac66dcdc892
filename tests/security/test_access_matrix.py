"""The access matrix (issue 9): every route of app.url_map and every Socket.IO event handler, for
every principal, on every object it can name — and what each receives (search hits, live events,
snapshots, catch-up, exports, lists) — against the declared table tests/security/access_matrix.toml.

Each test gathers every case before failing, so one run lists all disagreements, grouped."""

from __future__ import annotations

from collections import defaultdict

from tests.security.matrix_http import route_keys, run_routes
from tests.security.matrix_table import Table, objects_for_arguments, table_problems

TABLE = Table()
TABLE_NAME = "tests/security/access_matrix.toml"


def report(mismatches) -> str:
    """Disagreements grouped by entry: "expected …, got …: principal@object, …"."""
    groups = defaultdict(list)
    for m in mismatches:
        groups[(m.kind, m.entry, m.expected, m.got)].append(f"{m.principal}@{m.obj}")
    lines = [f"{len(mismatches)} case(s) disagree with {TABLE_NAME}:"]
    for (kind, entry, expected, got), who in sorted(groups.items()):
        lines.append(f"  {kind} {entry}: expected {expected}, got {got}: {', '.join(sorted(who))}")
    return "\n".join(lines)


def test_every_route_and_event_has_an_entry_and_every_entry_exists(app):
    from tests.security.matrix_sockets import socket_events

    served = set(route_keys(app))
    declared = set(TABLE.routes)
    assert not served - declared, f"routes without an entry in {TABLE_NAME}: {sorted(served - declared)}"
    assert not declared - served, (
        f"entries in {TABLE_NAME} for routes that no longer exist: {sorted(declared - served)}"
    )
    events = set(socket_events())
    assert not events - set(TABLE.events), f"Socket.IO events without an entry: {sorted(events - set(TABLE.events))}"
    assert not set(TABLE.events) - events, (
        f"entries for events that no longer exist: {sorted(set(TABLE.events) - events)}"
    )


def test_the_table_has_no_typos_nor_stale_overrides(app):
    routes = route_keys(app)

    def objects_of(section, key, entry):
        if section == "route" and key in routes and "objects" not in entry:
            return objects_for_arguments(routes[key][0].arguments)
        return entry.get("objects", ["-"])

    problems = table_problems(TABLE, objects_of)
    assert not problems, "\n".join(problems)


def test_routes(matrix):
    mismatches = run_routes(matrix.app, TABLE, matrix.world, matrix.people, matrix.isolate, matrix.count)
    assert not mismatches, report(mismatches)


def test_socket_events(matrix):
    from tests.security.matrix_sockets import run_events

    mismatches = run_events(matrix.app, TABLE, matrix.world, matrix.people, matrix.isolate, matrix.count)
    assert not mismatches, report(mismatches)


def test_a_socket_whose_token_was_revoked_is_refused_every_event(matrix):
    """A socket whose API token was revoked where no emit reached it (the command line without Redis)
    is refused every event at once, not only after the periodic re-check (the floor's handlers lacked
    @still_signed_in when they landed; this test found it)."""
    from tests.security.matrix_sockets import run_after_revocation

    mismatches = run_after_revocation(matrix.app, TABLE, matrix.world, matrix.isolate, matrix.count)
    assert not mismatches, report(mismatches)


def test_what_each_receives(matrix):
    from tests.security.matrix_receive import run_receiving

    mismatches = run_receiving(matrix.app, TABLE, matrix.world, matrix.people, matrix.isolate, matrix.count)
    assert not mismatches, report(mismatches)
