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
