"""The access matrix's fixtures: one world per module inside one rolled-back transaction, every
case inside its own savepoint (rolled back after the case, whatever the request committed), and
the count of cases printed at the end of the run."""

from __future__ import annotations

import functools
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

CASES = pytest.StashKey[Counter]()


@pytest.fixture(autouse=True, scope="module")
def _hash_the_test_password_once():
    """The world has a dozen accounts with the same test password: hash it once (the hash stays real)."""
    import app.models.user as user_module

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            user_module, "generate_password_hash", functools.lru_cache(maxsize=8)(user_module.generate_password_hash)
        )
        yield


@dataclass
class Matrix:
    app: object
    world: object
    people: object
    connection: object
    counter: Counter

    @contextmanager
    def isolate(self):
        """One case: whatever it commits is released into this savepoint and rolled back after it."""
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            if savepoint.is_active:
                savepoint.rollback()

    def count(self, kind: str, n: int = 1) -> None:
        self.counter[kind] += n


@pytest.fixture(scope="module")
def matrix(app, request):
    from tests.security.matrix_http import People
    from tests.security.matrix_world import build_world
    from tests.support.rollback import rolled_back

    with rolled_back(app) as session:
        world = build_world()
        session.commit()  # released into the outer transaction that rolled_back undoes at the end
        session.close()  # no ORM object of the world is touched while the cases run
        people = People(app, world)
        counter = request.config.stash.setdefault(CASES, Counter())
        yield Matrix(app, world, people, session.get_bind(), counter)


@pytest.fixture(autouse=True)
def db_session(matrix):
    """Replaces the per-test transaction of tests/conftest.py: the module's world is shared by its
    tests and every case isolates itself (Matrix.isolate)."""
    yield None


def pytest_terminal_summary(terminalreporter, config):
    counter = config.stash.get(CASES, None)
    if not counter:
        return
    parts = ", ".join(f"{counter[k]} {k}" for k in ("routes", "events", "received") if counter[k])
    terminalreporter.write_line(
        f"access matrix: {sum(counter.values())} cases (principals × routes/events × objects): {parts}"
    )
