"""Character-level diff for Chinese text, where word-level diffs are meaningless."""

from difflib import SequenceMatcher
from typing import NamedTuple


class Segment(NamedTuple):
    op: str  # "same", "insert" or "delete"
    text: str


def diff_segments(before: str, after: str) -> list[Segment]:
    """Segments that turn ``before`` into ``after``; a replacement is a delete then an insert."""
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", before[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment("delete", before[i1:i2]))
        if j2 > j1:
            segments.append(Segment("insert", after[j1:j2]))
    return segments
