"""Reading tests/security/access_matrix.toml and answering "what should principal P get on object
O of this entry?" (the rules are written at the top of the TOML file)."""

from __future__ import annotations

import tomllib
from functools import cached_property
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("access_matrix.toml")
# Content refusals: a non-GET request that got past the access check but whose (minimal) body was refused.
CONTENT_REFUSALS = frozenset({"400", "409", "413", "415", "422"})

# URL arguments → the objects they name (the first match wins). A published meeting answers every
# route as one in session does (the same permissions): routes are asked about the draft, the live
# (in session), the closed and another meeting; events and lists about the published one too.
OBJECT_KINDS = (
    (("ballot_id",), ("ballot_open", "ballot_closed", "ballot_other")),  # before user_id: a signed answer's member
    (
        ("item_id", "user_id", "substitution_id", "vote_id", "request_id"),
        ("draft", "live", "closed", "other", "live/other"),
    ),
    (("token",), ("screen_live", "screen_replaced", "screen_revoked")),
    (("meeting_id",), ("draft", "live", "closed", "other")),
    (("document_id",), ("doc_open", "doc_internal", "doc_secret", "doc_closed", "doc_closed_secret", "doc_other")),
    (("task_id",), ("task_live", "task_closed", "task_other")),
    (("notification_id",), ("note_mine", "note_other")),
)


def objects_for_arguments(arguments) -> tuple[str, ...]:
    for names, objects in OBJECT_KINDS:
        if any(name in arguments for name in names):
            return objects
    return ("-",)


class Table:
    def __init__(self, path: Path = TABLE_PATH):
        with open(path, "rb") as f:
            self.raw = tomllib.load(f)
        self.principals: list[str] = self.raw["principals"]
        self.groups: dict[str, list[str]] = self.raw["groups"]
        self.params: dict = self.raw["params"]
        self.routes: dict[str, dict] = self.raw["route"]
        self.events: dict[str, dict] = self.raw["event"]
        self.receives: dict[str, dict] = self.raw["receive"]

    def names(self, spec, sees: set[str] | None = None) -> set[str]:
        """A list of principals, groups ("@attendees") and "@sees", as a set of principals."""
        out: set[str] = set()
        for item in [spec] if isinstance(spec, str) else spec:
            if item == "@sees":
                out |= sees or set()
            elif item.startswith("@"):
                out |= self.names(self.groups[item[1:]], sees)
            else:
                if item not in self.principals:
                    raise KeyError(f"unknown principal {item!r} in {TABLE_PATH.name}")
                out.add(item)
        return out

    @cached_property
    def sees(self) -> dict[str, set[str]]:
        return {obj: self.names(spec) for obj, spec in self.raw["sees"].items()}

    def sees_of(self, entry: dict, obj: str, meeting_of) -> set[str]:
        base = obj.split(":", 1)[0]
        if entry.get("sees_by") == "meeting":
            return self.sees[meeting_of(base)]
        return self.sees[base]

    def expected(self, entry: dict, principal: str, obj: str, *, anonymous: str, meeting_of=None) -> str:
        cases = entry.get("cases", {})
        if f"{principal}@{obj}" in cases:
            return cases[f"{principal}@{obj}"]
        if entry.get("public"):
            return "ok"
        sees = self.sees_of(entry, obj, meeting_of)
        if principal in ("anonymous", "revoked") and principal not in sees:
            return entry.get("anonymous", anonymous)
        if principal not in sees:
            return "404"
        on = entry.get("on", {}).get(obj, {})
        allowed = self.names(on.get("ok", entry.get("ok", [])), sees)
        if principal in allowed:
            return on.get("allowed", entry.get("allowed", "ok"))
        return on.get("denied", entry.get("denied", "403"))

    def receivers(self, channel: str, obj: str) -> set[str]:
        entry = self.receives[channel]
        on = entry.get("on", {}).get(obj, {})
        spec = on.get("receivers", entry.get("receivers", ["@sees"]))
        return self.names(spec, self.sees[obj]) & self.sees[obj]  # nobody receives what they may not see


def matches(expected: str, got: str, method: str) -> bool:
    """Whether ``got`` (a classified response) is what was ``expected``; for a state-changing
    request "ok" also covers a refusal of the request's content (it got past the access check)."""
    if expected == got:
        return True
    return expected == "ok" and method not in ("GET", "EVENT") and got in CONTENT_REFUSALS


ENTRY_KEYS = {
    "ok",
    "on",
    "cases",
    "public",
    "anonymous",
    "allowed",
    "denied",
    "sees_by",
    "objects",
    "shows",
    "json",
    "form",
    "pdf",
    "note",
}
ON_KEYS = {"ok", "allowed", "denied", "receivers"}
RECEIVE_KEYS = {"what", "objects", "receivers", "on"}
OUTCOMES = {"ok", "login", "401", "403", "404", "405", "refused"} | CONTENT_REFUSALS


def table_problems(table: Table, objects_of) -> list[str]:
    """Typos and stale parts of the table: unknown keys, overrides for objects or principals the
    entry never asks about, unknown outcomes, groups or principals. ``objects_of(section, key,
    entry)`` gives the objects an entry is asked about."""
    problems = []
    sections = [("route", k, e) for k, e in table.routes.items()] + [("event", k, e) for k, e in table.events.items()]
    sections += [("receive", k, e) for k, e in table.receives.items()]
    for section, key, entry in sections:
        where = f"[{section}.{key!r}]"
        objects = objects_of(section, key, entry)
        unknown = set(entry) - (RECEIVE_KEYS if section == "receive" else ENTRY_KEYS)
        problems += [f"{where}: unknown key {k!r}" for k in sorted(unknown)]
        problems += [
            f"{where}: object {o!r} has no [sees] entry"
            for o in objects
            if o.split(":")[0] not in table.sees and entry.get("sees_by") != "meeting"
        ]
        for obj, over in entry.get("on", {}).items():
            if obj not in objects:
                problems.append(f"{where}: on.{obj!r} names an object the entry is not asked about")
            problems += [f"{where}: on.{obj!r}: unknown key {k!r}" for k in sorted(set(over) - ON_KEYS)]
        for case, outcome in entry.get("cases", {}).items():
            principal, _, obj = case.partition("@")
            if principal not in table.principals or obj not in objects:
                problems.append(f"{where}: cases.{case!r} names no principal@object of the entry")
            if outcome not in OUTCOMES:
                problems.append(f"{where}: cases.{case!r}: unknown outcome {outcome!r}")
        outcomes = [entry.get(k) for k in ("anonymous", "allowed", "denied")]
        outcomes += [over.get(k) for over in entry.get("on", {}).values() for k in ("allowed", "denied")]
        problems += [f"{where}: unknown outcome {o!r}" for o in outcomes if o is not None and o not in OUTCOMES]
        for spec in [entry.get("ok", []), entry.get("receivers", [])] + [
            over.get(k, []) for over in entry.get("on", {}).values() for k in ("ok", "receivers")
        ]:
            try:
                table.names(spec, set())
            except KeyError as exc:
                problems.append(f"{where}: {exc}")
    return problems
