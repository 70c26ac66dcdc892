"""Vietnamese text folding for search: "Cao Lãnh" → "cao lanh", "Đất đai" → "dat dai".

The index stores folded text (so both databases compare plain ASCII-ish words), and snippets are
cut from the ORIGINAL text: ``fold_with_map`` remembers, for every folded character, which
original character it came from, so a match found in folded text is highlighted in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
MAX_QUERY_TOKENS = 12


@lru_cache(maxsize=8192)  # a text has few distinct characters: fold each once (search snippets, indexing)
def fold_char(char: str) -> str:
    """One character, without diacritics, lower case (may be empty for a lone combining mark)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """The search form of ``text``: no diacritics, đ → d, lower case, whitespace collapsed."""
    return _SPACE.sub(" ", "".join(fold_char(c) for c in text or "")).strip()


def query_tokens(query: str) -> list[str]:
    """The words of a query, folded; at most ``MAX_QUERY_TOKENS``, duplicates dropped."""
    seen: list[str] = []
    for token in _WORD.findall(fold(query)):
        if token not in seen:
            seen.append(token)
    return seen[:MAX_QUERY_TOKENS]


def display_text(text: str) -> str:
    """Original text (NFC) with runs of whitespace collapsed (pypdf doubles spaces)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """``text`` folded character by character, and for each folded character its index in ``text``."""
    folded = "".join(map(fold_char, text))
    if len(folded) == len(text):  # one character for one (nearly always: NFC Vietnamese): no map to build
        return folded, range(len(text))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def match_spans(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` (original characters) where a word starts with one of ``tokens``."""
    if not tokens:
        return []
    folded, origin = fold_with_map(text)
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)) + ")"
    )
    spans = []
    for match in pattern.finditer(folded):
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        # a match ending on a base letter keeps the diacritics that follow it ("Lã" not "La")
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end))
    return spans


def highlight(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` HTML-escaped, with the spans inside ``<mark>``."""
    end = len(text) if end is None else end
    parts: list[str] = []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(str(escape(text[cursor:s])))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(str(escape(text[cursor:end])))
    return Markup("".join(parts))


@dataclass(frozen=True)
class Snippet:
    html: Markup
    matches: int


def snippet(text: str, tokens: list[str], width: int = 240) -> Snippet:
    """A window of about ``width`` characters of ``text`` around the densest cluster of matches,
    escaped, matches in ``<mark>``, with "…" where it was cut."""
    text = display_text(text)
    spans = match_spans(text, tokens)
    if not spans:
        cut = text[:width]
        return Snippet(Markup(escape(cut)) + ("…" if len(text) > width else ""), 0)
    # the window starting at a match that holds the most matches; spans are sorted and do not
    # overlap, so the matches inside the window starting at spans[i] are spans[i:last] (two pointers)
    best, best_count, last = spans[0][0], 0, 0
    for i, (s, _e) in enumerate(spans):
        last = max(last, i)
        while last < len(spans) and spans[last][1] <= s + width:
            last += 1
        if last - i > best_count:
            best, best_count = s, last - i
    start = max(0, best - width // 4)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > best else end
    html = highlight(text, spans, start, end)
    if start > 0:
        html = Markup("…") + html
    if end < len(text):
        html = html + Markup("…")
    return Snippet(html, len(spans))
