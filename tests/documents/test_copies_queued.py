"""Uploading, replacing and publishing queue the preparation of the members' watermark base on the job
queue (a real redis-server of the test's own), once the change commits; the worker's job prepares it."""

from __future__ import annotations

import io

import pytest
from rq import Queue

from app.extensions import db
from app.jobs import redis_connection, resolve
from meetings.services.documents import replace_document
from meetings.services.documents.copies import base_key
from meetings.services.meetings import publish_meeting
from tests.support.factories import create_document, create_meeting, create_user
from tests.support.jobs import own_redis
from tests.support.pdfs import make_pdf


@pytest.fixture
def queued(app, tmp_path):
    with own_redis(tmp_path) as server:
        old = app.config.get("REDIS_URL"), app.config.get("JOBS_QUEUE")
        app.config.update(REDIS_URL=server.settings.url, JOBS_QUEUE="copies-test")
        try:
            yield Queue("copies-test", connection=redis_connection())
        finally:
            app.config.update(REDIS_URL=old[0], JOBS_QUEUE=old[1])


def test_upload_replace_and_publish_queue_the_base_after_commit(app, store, queued):
    secretary, chair, member = create_user(), create_user(), create_user()
    meeting = create_meeting({secretary: "secretary", chair: "chair", member: "member"}, state="draft", items=1)
    db.session.commit()
    document = create_document(meeting, secretary, pages=2, title="Tờ trình")
    assert queued.count == 0  # not before the commit
    db.session.commit()
    assert queued.job_ids == [f"prepare-copies-{document.id}-v1"]
    job = queued.fetch_job(queued.job_ids[0])
    assert job.args == ("meetings.services.documents.copies:prepare_document_copies", document.id)

    assert not store.exists(base_key(document.object_key))
    resolve(job.args[0])(*job.args[1:])  # what the worker runs (app.jobs.run_job, in the test's app)
    assert store.exists(base_key(document.object_key))

    replace_document(secretary, document, io.BytesIO(make_pdf(3)), "tai-lieu-v2.pdf")
    db.session.commit()
    assert f"prepare-copies-{document.id}-v2" in queued.job_ids

    queued.empty()
    publish_meeting(secretary, meeting)
    db.session.rollback()  # a publication that did not happen queues nothing
    assert queued.count == 0
    publish_meeting(secretary, meeting)
    db.session.commit()
    assert queued.job_ids == [f"prepare-copies-{document.id}-v2"]
