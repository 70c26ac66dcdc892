"""Every test in this directory is a fault drill."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/drills/" in str(item.fspath):
            item.add_marker(pytest.mark.drill)


from tests.drills.private_services import drill_stack  # noqa: E402,F401  (the process drills' services)
