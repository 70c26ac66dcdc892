"""The floor of the access matrix's world (issue 10), built through the floor services: check-ins
and the quorum, the item under discussion, requests to speak, votes, the projector's links.

  * live (in session): chair, member and unnamed checked in; the item under discussion; the member
    waiting to speak; an open **secret** vote with no ballot yet; a projector link in force
    (``screen_live``) and the one it replaced (``screen_replaced``);
  * published: the member waiting to speak (named by its item); a projector link made and revoked
    (``screen_revoked``);
  * closed: its session as it ran before it closed: a named vote counted and closed, a speech given;
  * other (in session, none of the principals in it): its own item under discussion, a request to
    speak and an open named vote.
The draft names the live meeting's vote and request: nobody may touch the floor of a draft, so the
permission refuses before anything is looked up.
"""

from __future__ import annotations

import uuid


def _session(chair, voters, meeting, item) -> None:
    from meetings.services.floor_attendance import check_in
    from meetings.services.speakers import set_current_item

    for voter in voters:
        check_in(voter, meeting, "in_room")
    set_current_item(chair, meeting, item.id)


def build_floor(world, p: dict, strangers: dict, meetings: dict, items: dict) -> None:
    """``meetings``/``items``: "published", "live", "closed", "other" → the meeting / its agenda item;
    live, closed and other are in session (the caller closes the closed one afterwards)."""
    from meetings.services.floor_screens import issue_screen_link, revoke_screen_link
    from meetings.services.speakers import end_speech, next_speaker, request_floor
    from meetings.services.votes import cast_ballot, close_vote, open_vote

    chair, member, unnamed = p["chair"], p["member"], p["unnamed"]
    floor = {}

    live = meetings["live"]
    _session(chair, [chair, member, unnamed], live, items["live"])
    waiting, _ = request_floor(member, live)
    vote, _ = open_vote(chair, live, agenda_item_id=items["live"].id, question="Biểu quyết kín MXVOTELIVE", secret=True)
    floor["live"] = {"vote_id": vote.id, "request_id": waiting.id}

    published = meetings["published"]
    waiting, _ = request_floor(member, published, items["published"].id)
    floor["published"] = {"vote_id": floor["live"]["vote_id"], "request_id": waiting.id}

    closed = meetings["closed"]
    _session(chair, [chair, member, unnamed], closed, items["closed"])
    spoke, _ = request_floor(member, closed)
    next_speaker(chair, closed)
    end_speech(chair, closed)
    vote, _ = open_vote(chair, closed, agenda_item_id=items["closed"].id, question="Biểu quyết MXVOTECLOSED")
    for voter in (chair, member):
        cast_ballot(voter, closed, vote.id, "for", str(uuid.uuid4()))
    close_vote(chair, closed, vote.id)
    floor["closed"] = {"vote_id": vote.id, "request_id": spoke.id}

    other, their_chair, their_member = meetings["other"], strangers["other-chair"], strangers["other-member"]
    _session(their_chair, [their_chair, their_member], other, items["other"])
    waiting, _ = request_floor(their_member, other)
    vote, _ = open_vote(their_chair, other, agenda_item_id=items["other"].id, question="Biểu quyết MXVOTEOTHER")
    floor["other"] = {"vote_id": vote.id, "request_id": waiting.id}

    floor["draft"] = dict(floor["live"])
    floor["live/other"] = dict(floor["other"])  # the live meeting naming the other meeting's vote and request
    for key, ids in floor.items():
        world.meetings[key].update(ids)

    replaced = issue_screen_link(chair, live)
    world.screens["screen_replaced"] = {"token": replaced, "meeting_id": live.id, "title": live.title}
    world.screens["screen_live"] = {"token": issue_screen_link(chair, live), "meeting_id": live.id, "title": live.title}
    revoked = issue_screen_link(chair, published)
    revoke_screen_link(chair, published)
    world.screens["screen_revoked"] = {"token": revoked, "meeting_id": published.id, "title": published.title}
