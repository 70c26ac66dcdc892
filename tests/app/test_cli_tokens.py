"""`flask users token LOGIN...`: one new API token per login, one per line, in order; a login that
does not exist makes none (scripts and the bench issue a room's tokens in one process)."""

import sqlalchemy as sa

from app.auth.services import bearer_token
from app.extensions import db
from app.models import ApiToken
from tests.support.factories import create_user


def _tokens() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken))


def test_one_token_per_login_in_the_order_given(app):
    first, second = create_user(login="tokencli1"), create_user(login="tokencli2")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "token", "tokencli2", "tokencli1", "--name", "máy tính bảng"])
    assert result.exit_code == 0, result.output
    raws = result.output.split()
    assert len(raws) == 2 and raws[0] != raws[1]
    assert [bearer_token(raw).user_id for raw in raws] == [second.id, first.id]
    assert {bearer_token(raw).name for raw in raws} == {"máy tính bảng"}


def test_an_unknown_login_makes_no_token_at_all(app):
    create_user(login="tokencli3")
    db.session.commit()
    before = _tokens()
    result = app.test_cli_runner().invoke(args=["users", "token", "tokencli3", "khongcoai"])
    assert result.exit_code != 0
    assert "Không có người dùng khongcoai" in result.output, result.output
    assert "Traceback" not in result.output
    db.session.rollback()
    assert _tokens() == before
