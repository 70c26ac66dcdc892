"""Stopping the S3 server while the app runs gives a clear error page; starting it again recovers
without restarting the app. Uses its own weed mini instance so the session store stays up."""

import io

import pytest

from documents.embedded_s3 import EmbeddedS3Server, load_or_create_settings
from documents.storage import ObjectStore
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_pdf


@pytest.fixture
def own_store(app, tmp_path):
    settings = load_or_create_settings(tmp_path / "s3")
    server = EmbeddedS3Server(settings).start()
    store = ObjectStore(
        settings.endpoint, settings.access_key, settings.secret_key, "phonghop-outage", timeout=5
    )  # a stopped server refuses at once; the timeout only covers a slow machine
    store.ensure_bucket()
    previous = app.extensions.get("phonghop.store")
    app.extensions["phonghop.store"] = store
    yield server
    app.extensions["phonghop.store"] = previous
    server.stop()


def test_outage_shows_a_clear_page_and_recovers(app, client, own_store):
    from meetings.services.documents import store_document

    secretary, member = create_user("out-sec"), create_user("out-mem")
    meeting = create_meeting({secretary: "secretary", member: "member"})
    document = store_document(secretary, meeting, io.BytesIO(make_pdf(2)), "bao-cao.pdf")
    login(client, member)
    assert client.get(f"/documents/{document.id}/view").data.startswith(b"%PDF-")

    own_store.stop()
    page = client.get(f"/documents/{document.id}/view", headers={"Accept": "text/html"})
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "Kho lưu trữ không phản hồi" in html and "Traceback" not in html
    api = client.get(f"/documents/{document.id}/view", headers={"Accept": "application/json"})
    assert api.status_code == 503 and api.get_json()["code"] == "StorageUnavailable"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["storage"] == "unavailable"

    own_store.start()
    again = client.get(f"/documents/{document.id}/view")
    assert again.status_code == 200, again.get_data(as_text=True)[:500]
    assert again.data.startswith(b"%PDF-")  # a watermarked copy
    assert client.get("/healthz").get_json() == {
        "database": "ok",
        "storage": "ok",
        "redis": "not configured",  # this test app has no job queue
        "workers": 0,
    }


def test_upload_during_outage_changes_nothing(app, own_store):
    import sqlalchemy as sa

    from app.extensions import db
    from documents.models import Document
    from documents.storage import StorageUnavailable
    from meetings.services.documents import store_document

    secretary = create_user("out-up")
    meeting = create_meeting({secretary: "secretary"})
    own_store.stop()
    with pytest.raises(StorageUnavailable):
        store_document(secretary, meeting, io.BytesIO(make_pdf(1)), "x.pdf")
    assert db.session.scalar(sa.select(sa.func.count(Document.id)).where(Document.meeting_id == meeting.id)) == 0


def test_outage_message_in_english(app, client, own_store):
    from meetings.services.documents import store_document

    secretary = create_user("out-en")
    meeting = create_meeting({secretary: "secretary"})
    document = store_document(secretary, meeting, io.BytesIO(make_pdf(1)), "x.pdf")
    login(client, secretary)
    own_store.stop()
    page = client.get(f"/documents/{document.id}/view?lang=en", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "The document store is not responding" in page.get_data(as_text=True)
