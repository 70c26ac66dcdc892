"""The demo documents' tables, from their ``[tables.NAME]`` data.

A table lists its ``columns`` (header, relative width, alignment L/C/R), a ``caption`` and maybe a
``unit``, and its ``rows``. Plain rows are printed as written (a whole number with thousands dots,
a decimal one with two places, a text with its ``{values}`` filled), numbered first when
``numbered = true``. A table whose figures add up names a ``compute`` function below: the data
holds the figures, the function derives totals and ratios, so they always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from demo.documents.content import fill
from documents.official_layout import Column, Table, vn_dec, vn_int, vn_percent

Computed = tuple[list[tuple[str, ...]], set[int], dict[str, str]]  # rows, bold rows, values for the text


def figure(value: int | float) -> str:
    """17842 → "17.842"; 7.6 → "7,60"."""
    return vn_int(value) if isinstance(value, int) else vn_dec(value)


def dossier_results(data: dict) -> Computed:
    """Per level: dossiers settled early, on time, late and pending → received, settled, the share
    settled early or on time; a total row."""
    rows, totals = [], [0, 0, 0, 0, 0, 0]
    for name, early, on_time, late, pending in data["rows"]:
        settled = early + on_time + late
        figures = (settled + pending, settled, early, on_time, late, pending)
        totals = [t + f for t, f in zip(totals, figures)]
        rows.append((name, *map(vn_int, figures), vn_percent(early + on_time, settled)))
    rows.append((data["total"], *map(vn_int, totals), vn_percent(totals[2] + totals[3], totals[1])))
    return rows, {len(rows) - 1}, {}


def land_use(data: dict) -> Computed:
    """Groups (number, name, code) followed by their parts (number, name, code, area): each area's
    share of the total, the groups' areas and the total computed."""
    groups: list[tuple[tuple, list[tuple]]] = []
    for row in data["rows"]:
        if len(row) == 3:
            groups.append((tuple(row), []))
        else:
            groups[-1][1].append(tuple(row))
    total = sum(area for _, parts in groups for *_, area in parts)
    rows, bold = [], set()
    for (number, name, code), parts in groups:
        group_area = sum(area for *_, area in parts)
        bold.add(len(rows))
        rows.append((number, name, code, vn_dec(group_area), vn_percent(group_area, total)))
        rows.extend((n, p, c, vn_dec(a), vn_percent(a, total)) for n, p, c, a in parts)
    bold.add(len(rows))
    rows.append(("", data["total"], "", vn_dec(total), vn_dec(100)))
    return rows, bold, {}


def budget(data: dict) -> Computed:
    """Items (name, unit, quantity, unit price) → numbered lines with their amounts and the total,
    which the text quotes as ``{budget_total}``."""
    rows = [
        (str(i), name, unit, vn_int(qty), vn_int(price), vn_int(qty * price))
        for i, (name, unit, qty, price) in enumerate(data["rows"], 1)
    ]
    total = sum(qty * price for *_, qty, price in data["rows"])
    rows.append(("", data["total"], "", "", "", vn_int(total)))
    return rows, {len(rows) - 1}, {"budget_total": vn_int(total)}


def compared(data: dict) -> Computed:
    """Indicators (name, unit, now, the same period a year before) → numbered, with now as a
    percentage of before."""
    rows = [
        (str(i), name, unit, figure(now), figure(before), vn_percent(now, before))
        for i, (name, unit, now, before) in enumerate(data["rows"], 1)
    ]
    return rows, set(), {}


COMPUTE: dict[str, Callable[[dict], Computed]] = {
    "dossier_results": dossier_results,
    "land_use": land_use,
    "budget": budget,
    "compared": compared,
}


def build_table(data: dict, values: Mapping[str, object]) -> tuple[Table, dict[str, str]]:
    """The :class:`Table` of one ``[tables.NAME]`` and the values it gives the text."""
    if "compute" in data:
        rows, bold, given = COMPUTE[data["compute"]](data)
    else:
        rows = [
            tuple(fill(cell, values) if isinstance(cell, str) else figure(cell) for cell in row) for row in data["rows"]
        ]
        if data.get("numbered"):
            rows = [(str(i), *row) for i, row in enumerate(rows, 1)]
        bold, given = set(), {}
    columns = tuple(Column(fill(header, values), width, *align) for header, width, *align in data["columns"])
    table = Table(
        columns=columns,
        rows=tuple(rows),
        caption=fill(data.get("caption", ""), values),
        unit=data.get("unit", ""),
        bold_rows=frozenset(bold),
    )
    return table, given
