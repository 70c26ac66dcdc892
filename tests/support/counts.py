"""The counts the hostile-input tests and the fault drills report (docs/security.md and
docs/reliability.md quote them): kept here as the tests run and written at the end of every
run's summary by tests/conftest.py, so they are seen in a plain `make test` (a print is not)."""

from __future__ import annotations

LINES: list[str] = []


def report(line: str) -> None:
    """Say ``line`` in the run's summary (and at once, for `pytest -s`)."""
    line = line.strip("\n")
    LINES.append(line)
    print("\n" + line)
