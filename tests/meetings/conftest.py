import functools

import pytest

from tests.support.factories import meeting_people


@pytest.fixture(autouse=True, scope="session")
def _hash_each_test_password_once():
    """The matrix tests create seven accounts per test; hashing the same test password with scrypt
    (~0.3 s) each time would dominate the run. The hash stays real, it is just computed once."""
    import app.models.user as user_module

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(user_module, "generate_password_hash",
                   functools.lru_cache(maxsize=8)(user_module.generate_password_hash))
        yield


@pytest.fixture
def people(app):
    """secretariat, chair, secretary, member, observer, outsider, archivist."""
    return meeting_people()
