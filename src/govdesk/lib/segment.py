"""Chinese word segmentation with jieba, taught the unit tree's names.

Documents are indexed in jieba's search mode (a long word also yields its
two-character parts, so 防汛 finds 防汛抗旱); queries are cut in precise mode and
every word must match. Tokens are lower-cased and stripped of punctuation, so the
same text gives the same tokens on SQLite (FTS5 unicode61) and PostgreSQL ('simple').

jieba's HMM step copies its path at every character of a run of unknown characters,
so one unbroken run costs the square of its length (64,000 repeated characters took
33 s). Runs are therefore cut every ``RUN_MAX`` characters — real sentences end in
punctuation long before — and no more than ``TEXT_MAX`` characters are segmented, so
the time is linear and bounded for any text.
"""

import logging
import re
import threading

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)
RUN_MAX = 100
TEXT_MAX = 50_000  # above the body limit (20,000) plus title and metadata
# What jieba cuts as one block (its re_han_default).
_RUN = re.compile(rf"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]{{{RUN_MAX}}}")
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


def bounded(text: str) -> str:
    """``text`` cut to ``TEXT_MAX`` characters, a space after every ``RUN_MAX``-long run."""
    return _RUN.sub(lambda m: m[0] + " ", (text or "")[:TEXT_MAX])


def index_tokens(text: str) -> list[str]:
    return _keep(jieba.cut_for_search(bounded(text)))


def query_tokens(text: str) -> list[str]:
    """Distinct query words, in order."""
    return list(dict.fromkeys(_keep(jieba.cut(bounded(text)))))


def index_text(text: str) -> str:
    return " ".join(index_tokens(text))
