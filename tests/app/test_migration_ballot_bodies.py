"""The migration that keys opinion ballots by body (5b2e7c41d9a0) on a database with old rows: a ballot
naming an existing body points to it, a name no body has becomes a body (a district one dissolved on
30/06/2025, as the bodies migration did); the downgrade writes the names back."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.extensions import db

BEFORE, REVISION = "1ea21ad76d45", "5b2e7c41d9a0"
WHEN = datetime(2026, 11, 2, 1, 15, tzinfo=UTC)


def _insert(conn, table: str, **values):
    types = {"rules": sa.JSON()}
    conn.execute(sa.table(table, *(sa.column(c, types.get(c)) for c in values)).insert().values(**values))


def _ballot(conn, ballot_id: int, body: str):
    _insert(
        conn,
        "opinion_ballots",
        id=ballot_id,
        title=f"Phiếu {ballot_id}",
        question="Thông qua dự thảo.",
        body=body,
        state="open",
        deadline=WHEN,
        rules={},
        draft_key=f"opinion-ballots/{ballot_id}/draft.pdf",
        draft_filename="du-thao.pdf",
        draft_size=1,
        draft_sha256="0" * 64,
        draft_pages=1,
        draft_text="",
        created_at=WHEN,
        cancel_reason="",
    )


def test_ballot_body_names_become_body_ids_and_come_back(app, tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.support.apps import second_app
    from tests.support.databases import fresh_database

    with fresh_database(tmp_path, "ballotbodies") as url:
        other = second_app(app, DATABASE_URL=url)
        with other.app_context():
            engine = db.engine
            upgrade(revision=BEFORE)
            with engine.begin() as conn:
                _insert(conn, "bodies", id=5, name="UBND xã Mỹ Thọ", level="commune", created_at=WHEN, updated_at=WHEN)
                _ballot(conn, 1, "UBND xã Mỹ Thọ")
                _ballot(conn, 2, " UBND xã Mỹ Thọ ")
                _ballot(conn, 3, "UBND huyện Tháp Mười")
                _ballot(conn, 4, "UBND tỉnh Đồng Tháp")
            upgrade(revision=REVISION)
            with engine.connect() as conn:
                bodies = {
                    row.name: row for row in conn.execute(sa.text("SELECT id, name, level, dissolved_on FROM bodies"))
                }
                ballots = dict(conn.execute(sa.text("SELECT id, body_id FROM opinion_ballots")).all())
                columns = {c["name"] for c in sa.inspect(conn).get_columns("opinion_ballots")}
            assert sorted(bodies) == ["UBND huyện Tháp Mười", "UBND tỉnh Đồng Tháp", "UBND xã Mỹ Thọ"]
            district, province = bodies["UBND huyện Tháp Mười"], bodies["UBND tỉnh Đồng Tháp"]
            assert (district.level, str(district.dissolved_on)[:10]) == ("district", "2025-06-30")
            assert (province.level, province.dissolved_on) == ("province", None)
            assert ballots == {1: 5, 2: 5, 3: district.id, 4: province.id}
            assert "body" not in columns and "body_id" in columns

            downgrade(revision=BEFORE)
            with engine.connect() as conn:
                back = dict(conn.execute(sa.text("SELECT id, body FROM opinion_ballots")).all())
                columns = {c["name"] for c in sa.inspect(conn).get_columns("opinion_ballots")}
            engine.dispose()
    assert back == {1: "UBND xã Mỹ Thọ", 2: "UBND xã Mỹ Thọ", 3: "UBND huyện Tháp Mười", 4: "UBND tỉnh Đồng Tháp"}
    assert "body_id" not in columns
