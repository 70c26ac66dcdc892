"""Reading the demo's data files (demo/content/*.toml) and their small text conventions.

A document's ``body`` is plain text, read line by line:

* ``# I. KẾT QUẢ …`` a heading, one line (``##`` level 2, ``###`` level 3);
* ``@table NAME`` the table ``[tables.NAME]`` of the same file, one line;
* ``- …`` a bullet, printed as its own paragraph with the dash, as administrative documents do;
* any other text a paragraph, up to the next blank line, heading, table or bullet; ``**…**``
  marks bold runs.

A paragraph or a bullet may wrap over several lines anywhere between words: its lines are joined
with single spaces (indent a bullet's further lines, for the eye).

``{name}`` anywhere in a text is replaced by a value: one of the period's (see
:meth:`demo.documents.period.Period.values`), a ``[[variants.NAME]]`` chosen for the period, or a
value a computed table gives (the budget's ``{budget_total}``). A name nobody gives is an error.
"""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

from documents.official_layout import Block, Heading, Para, Table


@cache
def read_content(name: str) -> dict:
    """The parsed demo/content/``name``.toml (read once; do not change what it returns)."""
    text = resources.files("demo").joinpath("content", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def fold(text: str) -> str:
    """Lines joined with single spaces: a paragraph written over several lines."""
    return " ".join(line.strip() for line in text.strip().splitlines())


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with each ``{name}`` replaced by its value."""
    try:
        return text.format_map(values)
    except KeyError as exc:
        raise KeyError(f"no value named {exc.args[0]!r} for the demo text {text[:60]!r}…") from None


def parse_body(text: str, tables: Mapping[str, Table], values: Mapping[str, object]) -> tuple[Block, ...]:
    """The blocks of a document's ``body`` text (see the module's docstring)."""
    blocks: list[Block] = []
    lines: list[str] = []  # the paragraph or bullet being read

    def end_paragraph() -> None:
        if lines:
            blocks.append(Para(fill(fold("\n".join(lines)), values)))
            lines.clear()

    for line in text.splitlines():
        if not line.strip():
            end_paragraph()
        elif line.startswith("#"):
            end_paragraph()
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Heading(fill(line[level:].strip(), values), level))
        elif line.startswith("@table "):
            end_paragraph()
            blocks.append(tables[line.removeprefix("@table ").strip()])
        else:
            if line.startswith("- "):
                end_paragraph()
            lines.append(line)
    end_paragraph()
    return tuple(blocks)


# -- variants: a text that depends on the period --------------------------------------------------
_CONDITION = re.compile(r"(\w+)\s*(<=|>=|==|!=|<|>)\s*(-?\w+)")
_COMPARE = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}


def holds(condition: str, values: Mapping[str, object]) -> bool:
    """Whether ``condition`` ("plan_year <= 2020", "plan_year == budget_year") holds for ``values``."""
    match = _CONDITION.fullmatch(condition.strip())
    if match is None:
        raise ValueError(f"a variant's condition compares a value with a number or another value: {condition!r}")
    left, op, right = match.groups()

    def operand(token: str):
        return int(token) if token.lstrip("-").isdigit() else values[token]

    return _COMPARE[op](operand(left), operand(right))


def choose(cases: list[dict], values: Mapping[str, object]) -> str:
    """The text of the first case whose ``when`` holds (a case without ``when`` always does)."""
    for case in cases:
        if "when" not in case or holds(case["when"], values):
            return fill(fold(case["text"]), values)
    raise ValueError("no variant applies: give the last case no 'when'")
