"""`make bench`'s archive search on a tiny archive (SQLite): the bulk seed is searchable the way
the indexer would have made it — words typed without diacritics find the text written with them,
a member's filter finds their meetings, a word nobody wrote finds nothing. Asserts what the
search returned, never a timing."""

import pytest

from bench import search_bench

pytestmark = [pytest.mark.live]


def test_the_search_bench_seeds_a_searchable_archive_and_measures_every_query(monkeypatch):
    monkeypatch.setenv("BENCH_SEARCH_ROUNDS", "1")
    result = search_bench.measure("sqlite", 40)
    hits = result["hits_by_query"]
    assert result["seed"]["meetings"] == 40 and result["seed"]["search_entries"] == 40 * 6
    assert result["samples"] == result["queries"] == len(hits) == len(search_bench.queries(result["seed"]))
    assert hits["words without diacritics: {'q': 'cao lanh'}"] > 0  # "Cao Lãnh" in the meetings' places
    assert hits["words with diacritics: {'q': 'giải phóng mặt bằng'}"] > 0
    assert hits["nothing found: {'q': 'tàu vũ trụ'}"] == 0
    member = str(result["seed"]["member_id"])
    assert 0 < hits[f"a member: {{'member': '{member}'}}"] < 40  # eight of sixty people sit in each meeting
