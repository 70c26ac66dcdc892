"""URL converters. ``<int:…>`` only matches what the database can hold: ids are 32-bit
INTEGER columns on PostgreSQL, and SQLite stops at 64 bits, so a larger number in a URL
(``/api/v1/bodies/2/members/1537601414199171874816``) used to reach the query and fail there with
a 500 (OverflowError on SQLite, "integer out of range" on PostgreSQL). Now it is answered 404, like
any id that does not exist (not "no match", which would turn into a 405 where another rule of the
same path takes other methods). Found by schemathesis (tests/hostile/test_api_schemathesis.py)."""

from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if abs(number) > DB_INT_MAX:
            raise NotFound()
        return number
