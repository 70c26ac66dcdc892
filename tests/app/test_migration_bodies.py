"""The bodies migration on a database with old rows: each distinct free-text ``meetings.body``
becomes one body (level guessed from its name; districts dissolved on 30/06/2025), meetings and
floor rule sets point to it, a seal uploaded under the name is attached; the downgrade writes the
names back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.extensions import db

BEFORE, REVISION = "8f0aaac33c1c", "843a9df774ba"
WHEN = datetime(2020, 3, 26, 0, 30, tzinfo=UTC)


TYPES = {"rules": sa.JSON()}


def _insert(conn, table: str, **values):
    conn.execute(sa.table(table, *(sa.column(c, TYPES.get(c)) for c in values)).insert().values(**values))


def test_free_text_bodies_become_rows_and_come_back(app, tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.support.apps import second_app
    from tests.support.databases import fresh_database

    names = {1: "UBND huyện Cao Lãnh", 2: "UBND xã Mỹ Thọ", 3: " UBND huyện Cao Lãnh ", 4: "UBND tỉnh Đồng Tháp"}
    with fresh_database(tmp_path, "bodies") as url:
        other = second_app(app, DATABASE_URL=url)
        with other.app_context():
            engine = db.engine
            upgrade(revision=BEFORE)
            with engine.begin() as conn:
                for meeting_id, name in names.items():
                    _insert(
                        conn,
                        "meetings",
                        id=meeting_id,
                        title=f"Phiên họp {meeting_id}",
                        body=name,
                        kind="regular",
                        state="closed",
                        starts_at=WHEN,
                        place="",
                        created_at=WHEN,
                    )
                rules = {"quorum": {"num": 1, "den": 2, "strict": False}}
                _insert(conn, "floor_rule_sets", id=1, body="", kind=None, rules=rules, updated_at=WHEN)
                _insert(
                    conn, "floor_rule_sets", id=2, body="UBND xã Mỹ Thọ", kind="special", rules=rules, updated_at=WHEN
                )
                _insert(
                    conn,
                    "agency_seals",
                    id=7,
                    body="UBND xã Mỹ Thọ",
                    encrypted_p12=b"x",
                    subject="",
                    issuer="",
                    serial="1",
                    fingerprint="f",
                    not_before=WHEN,
                    not_after=WHEN,
                    created_at=WHEN,
                )
            upgrade(revision=REVISION)
            with engine.connect() as conn:
                bodies = {
                    row.name: row
                    for row in conn.execute(sa.text("SELECT id, name, level, dissolved_on, seal_id FROM bodies"))
                }
                meetings = dict(conn.execute(sa.text("SELECT id, body_id FROM meetings")).all())
                rule_sets = dict(conn.execute(sa.text("SELECT id, body_id FROM floor_rule_sets")).all())
            assert sorted(bodies) == ["UBND huyện Cao Lãnh", "UBND tỉnh Đồng Tháp", "UBND xã Mỹ Thọ"]
            district, commune, province = (
                bodies[n] for n in ("UBND huyện Cao Lãnh", "UBND xã Mỹ Thọ", "UBND tỉnh Đồng Tháp")
            )
            assert (district.level, str(district.dissolved_on)[:10]) == ("district", str(date(2025, 6, 30)))
            assert (commune.level, commune.dissolved_on, commune.seal_id) == ("commune", None, 7)
            assert (province.level, province.dissolved_on) == ("province", None)
            assert meetings == {1: district.id, 2: commune.id, 3: district.id, 4: province.id}
            assert rule_sets == {1: None, 2: commune.id}

            downgrade(revision=BEFORE)
            with engine.connect() as conn:
                back = dict(conn.execute(sa.text("SELECT id, body FROM meetings")).all())
                rules_back = dict(conn.execute(sa.text("SELECT id, body FROM floor_rule_sets")).all())
                tables = set(sa.inspect(conn).get_table_names())
            engine.dispose()
    assert back == {1: "UBND huyện Cao Lãnh", 2: "UBND xã Mỹ Thọ", 3: "UBND huyện Cao Lãnh", 4: "UBND tỉnh Đồng Tháp"}
    assert rules_back == {1: "", 2: "UBND xã Mỹ Thọ"}
    assert "bodies" not in tables and "body_members" not in tables
