"""Highlighted excerpts: plain-text helpers returning safe HTML with <mark> tags."""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120
SHARED_MIN_CHARS = 8


def _marked(text: str, spans: list[tuple[int, int]]) -> SafeString:
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if end <= start:
            continue
        out += [escape(text[pos:start]), "<mark>", escape(text[start:end]), "</mark>"]
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole text with every occurrence of the words marked."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    return _marked(text, [m.span() for m in pattern.finditer(text)])


def mentions(text: str, words: list[str]) -> bool:
    lowered = (text or "").lower()
    return any(w in lowered for w in words)


def snippet(text: str, words: list[str], *, size: int = SNIPPET_CHARS) -> SafeString:
    """About ``size`` characters around the first occurrence of any word, marked."""
    lowered = (text or "").lower()
    hits = [i for i in (lowered.find(w) for w in words) if i >= 0]
    start = max(0, min(hits) - size // 3) if hits else 0
    piece = text[start : start + size]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(text) else ""
    return mark_safe(prefix + highlight(piece, words) + suffix)


def shared_passages(text: str, others: list[str]) -> SafeString:
    """``text`` with the passages (at least SHARED_MIN_CHARS long) it shares with any
    of ``others`` marked."""
    spans = []
    for other in others:
        matcher = SequenceMatcher(None, text, other, autojunk=False)
        spans += [
            (block.a, block.a + block.size)
            for block in matcher.get_matching_blocks()
            if block.size >= SHARED_MIN_CHARS
        ]
    return _marked(text, _merge(spans))


def _merge(spans):
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(s) for s in merged]
