"""A refused form leads back to the form: the error page offers "Quay lại để sửa" to the page the
form was on (same site only), besides the way home; refusals of access do not."""

from __future__ import annotations

from tests.conftest import login
from tests.support.factories import create_meeting, create_user

HTML = {"Accept": "text/html"}


def test_a_refused_form_offers_the_way_back_to_it(client):
    member = create_user(full_name="Trần Thị Đào")
    meeting = create_meeting({member: "member"}, state="published", items=1)
    login(client, member)
    form_page = f"http://localhost/meetings/{meeting.id}"
    response = client.post(
        f"/meetings/{meeting.id}/substitutions", data={"substitute_id": ""}, headers={**HTML, "Referer": form_page}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Traceback" not in body
    assert f'href="{form_page}" class="button" data-testid="error-back">Quay lại để sửa</a>' in body
    assert "Về trang chính" in body
    # the language switch of a page answering a POST must not re-request that URL with GET (405)
    assert '<a class="lang" href="/?lang=en">' in body


def test_no_way_back_to_another_site_or_after_a_refusal_of_access(client):
    member, outsider = create_user(), create_user()
    meeting = create_meeting({member: "member"}, state="published", items=1)
    login(client, member)
    foreign = client.post(
        f"/meetings/{meeting.id}/substitutions",
        data={"substitute_id": ""},
        headers={**HTML, "Referer": "http://evil.example/phish"},
    )
    assert foreign.status_code == 400 and "evil.example" not in foreign.get_data(as_text=True)
    client.post("/logout")
    login(client, outsider)
    refused = client.post(
        f"/meetings/{meeting.id}/substitutions",
        data={"substitute_id": ""},
        headers={**HTML, "Referer": f"http://localhost/meetings/{meeting.id}"},
    )
    assert refused.status_code == 404 and 'data-testid="error-back"' not in refused.get_data(as_text=True)


def test_opening_an_action_address_leads_to_the_page_it_belongs_to(client):
    """A refused button leaves its action's address in the bar (the page is drawn at
    /meetings/3/minutes/lock); reloading or reopening it is a GET the action does not answer. It
    leads to the page above it, not to "method not allowed"; the API still says 405 in JSON."""
    member = create_user()
    meeting = create_meeting({member: "member"}, state="published", items=1)
    login(client, member)
    for action, page in (
        (f"/meetings/{meeting.id}/minutes/lock", f"/meetings/{meeting.id}/minutes"),
        (f"/meetings/{meeting.id}/substitutions", f"/meetings/{meeting.id}"),
    ):
        response = client.get(action, headers=HTML)
        assert response.status_code == 303, (action, response.status_code)
        assert response.headers["Location"] == page
    api = client.get(f"/api/meetings/{meeting.id}/start", headers={"Accept": "application/json"})
    assert api.status_code in (404, 405) and api.is_json
    # a page that answers GET itself is not redirected anywhere
    assert client.get(f"/meetings/{meeting.id}", headers=HTML).status_code == 200
