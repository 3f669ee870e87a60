"""Chinese word segmentation with jieba, taught the unit tree's names.

Documents are indexed in jieba's search mode (a long word also yields its
two-character parts, so 防汛 finds 防汛抗旱); queries are cut in precise mode and
every word must match. Tokens are lower-cased and stripped of punctuation, so the
same text gives the same tokens on SQLite (FTS5 unicode61) and PostgreSQL ('simple').
"""

import logging
import re
import threading

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)
_lock = threading.Lock()
_taught: set[str] = set()


def teach(names) -> None:
    """Add place and unit names to jieba's dictionary (once per name and process)."""
    with _lock:
        for name in names:
            name = (name or "").strip()
            if len(name) >= 2 and name not in _taught:
                jieba.add_word(name, freq=20000)
                _taught.add(name)


def _keep(tokens) -> list[str]:
    return [t.lower() for t in tokens if _WORD.search(t)]


def index_tokens(text: str) -> list[str]:
    return _keep(jieba.cut_for_search(text or ""))


def query_tokens(text: str) -> list[str]:
    """Distinct query words, in order."""
    return list(dict.fromkeys(_keep(jieba.cut(text or ""))))


def index_text(text: str) -> str:
    return " ".join(index_tokens(text))
