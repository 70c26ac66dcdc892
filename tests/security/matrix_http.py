"""The principals as HTTP clients, and the route cases of the access matrix.

Pages are asked with the principal's session cookie (a real POST /login), /api/v1 with their API
token (no cookie), as the product's clients do. "anonymous" sends nothing; "revoked" sends the
member's revoked token everywhere."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.security.matrix_table import Table, matches, objects_for_arguments
from tests.security.matrix_world import SIGNED_IN, World
from tests.support.factories import PASSWORD
from tests.support.pdfs import make_pdf

IGNORED_ENDPOINTS = {"static"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
UPLOAD = make_pdf(1, title="Bản thay thế")


@dataclass(frozen=True)
class Mismatch:
    kind: str  # "route", "event" or "receive"
    entry: str
    principal: str
    obj: str
    expected: str
    got: str


class People:
    """One web client (session cookie) and one API identity (bearer header) per principal."""

    def __init__(self, app, world: World):
        self.app, self.world = app, world
        self.web, self.api, self.cookies = {}, {}, {}
        anonymous = app.test_client(use_cookies=False)
        self.web["anonymous"] = self.api["anonymous"] = (anonymous, {})
        revoked = (app.test_client(use_cookies=False), {"Authorization": f"Bearer {world.tokens['revoked']}"})
        self.web["revoked"] = self.api["revoked"] = revoked
        for name in SIGNED_IN:
            client = app.test_client()
            response = client.post("/login", data={"login": world.logins[name], "password": PASSWORD})
            assert response.status_code == 302, (name, response.status_code)
            self.cookies[name] = client.get_cookie("session").value
            self.web[name] = (client, {})
            self.api[name] = (app.test_client(use_cookies=False), {"Authorization": f"Bearer {world.tokens[name]}"})

    def browser(self, name: str):
        """The principal's web client: signed in (session cookie) or, for anonymous and revoked, not."""
        return self.web[name][0] if name in self.cookies else None

    def restore_session(self, name: str) -> None:
        """After POST /logout: the same signed-in session again."""
        if name in self.cookies:
            self.web[name][0].set_cookie("session", self.cookies[name])

    def send(self, principal: str, method: str, path: str, *, json=None, form=None, pdf: bool = False):
        client, headers = (self.api if path.startswith("/api/") else self.web)[principal]
        kwargs = {"method": method, "headers": headers}
        if json is not None:
            kwargs["json"] = json
        elif pdf:
            kwargs["data"] = {"file": (io.BytesIO(UPLOAD), "ban-thay-the.pdf"), **(form or {})}
            kwargs["content_type"] = "multipart/form-data"
        elif method != "GET":
            kwargs["data"] = form or {}
        return client.open(path, **kwargs)

    def get(self, principal: str, path: str):
        return self.send(principal, "GET", path)


def classify(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        location = urlsplit(response.headers.get("Location", ""))
        return "login" if location.path == "/login" and "next=" in location.query else "ok"
    return "ok" if status < 300 else str(status)


def route_keys(app) -> dict[str, tuple]:
    """Every (endpoint, method) Flask serves, as "endpoint METHOD" → (rule, method)."""
    keys = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - IGNORED_METHODS):
            keys[f"{rule.endpoint} {method}"] = (rule, method)
    return keys


def url_values(world: World, table: Table, rule, obj: str, principal: str) -> dict:
    """The URL arguments of ``rule`` filled from the object under test."""
    values = {}
    obj, _, variant = obj.partition(":")  # "live:grant": the live meeting, with action "grant"
    for arg in rule.arguments:
        if arg == "action" and variant:
            values[arg] = variant
        elif arg in table.params:
            values[arg] = table.params[arg]
        elif arg == "body_id":  # the other meeting's body, the member principal one of its standing members
            values[arg] = world.meetings["other"]["body_id"]
        elif arg == "user_id" and "body_id" in rule.arguments:
            values[arg] = world.users["member"]
        elif arg == "ballot_id":
            values[arg] = world.ballots[obj]["id"]
        elif arg == "user_id" and obj in world.ballots:
            values[arg] = world.ballots[obj]["signer_id"]
        elif arg == "meeting_id":
            values[arg] = world.meetings[obj]["id"]
        elif arg in ("item_id", "substitution_id", "vote_id", "request_id"):
            values[arg] = world.meetings[obj][arg]
        elif arg == "token":
            values[arg] = world.screens[obj]["token"]
        elif arg == "user_id":
            values[arg] = world.meetings[obj]["member_id"]
        elif arg == "account_id":  # user administration: the member's account
            values[arg] = world.users["member"]
        elif arg == "document_id":
            values[arg] = world.documents[obj]["id"]
        elif arg == "task_id":
            values[arg] = world.tasks[obj]["id"]
        elif arg == "notification_id":
            owner = "other" if obj == "note_other" else principal
            values[arg] = world.notifications.get(owner, world.notifications["member"])
        else:
            raise KeyError(f"no value for URL argument {arg!r} of {rule.rule}: teach url_values() about it")
    return values


def request_json(world: World, entry: dict, obj: str):
    """The entry's JSON body; a value "<item_id>" is the object's agenda item (as in the URL)."""
    body = entry.get("json")
    if body is None:
        return None
    meeting = world.meetings.get(obj.partition(":")[0], {})
    return {
        k: meeting[v[1:-1]] if isinstance(v, str) and v.startswith("<") and v.endswith(">") else v
        for k, v in body.items()
    }


def title_of(world: World, obj: str) -> str | None:
    for group in (world.meetings, world.documents, world.tasks, world.screens, world.ballots):
        if obj in group:
            return group[obj]["title"]
    return None


def run_routes(app, table: Table, world: World, people: People, isolate, count) -> list[Mismatch]:
    mismatches = []
    adapter = app.url_map.bind("localhost")
    for key, (rule, method) in sorted(route_keys(app).items()):
        entry = table.routes[key]
        anonymous = "401" if rule.rule.startswith("/api/") else "login"
        for obj in entry.get("objects") or objects_for_arguments(rule.arguments):
            for principal in table.principals:
                want = table.expected(entry, principal, obj, anonymous=anonymous)
                path = adapter.build(rule.endpoint, url_values(world, table, rule, obj, principal), method=method)
                with isolate():
                    response = people.send(
                        principal,
                        method,
                        path,
                        json=request_json(world, entry, obj),
                        form=entry.get("form"),
                        pdf=entry.get("pdf", False),
                    )
                    got = classify(response)
                    if (
                        got == "ok"
                        and method == "GET"
                        and entry.get("shows") == "title"
                        and title_of(world, obj) not in response.get_data(as_text=True)
                    ):
                        got = "ok without the object's title"
                    response.close()
                if key == "auth.logout POST":
                    people.restore_session(principal)
                count("routes")
                if not matches(want, got, method):
                    mismatches.append(Mismatch("route", key, principal, obj, want, got))
    return mismatches
