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

jieba is imported and its dictionary loaded on first use (``tokenizer``), in the
processes that segment: a second of CPU that no other process should pay at start-up.
"""

import logging
import marshal
import os
import re
import tempfile
import threading
from functools import cache

_WORD = re.compile(r"\w", re.UNICODE)
RUN_MAX = 100
TEXT_MAX = 50_000  # above the body limit (20,000) plus title and metadata
# What jieba cuts as one block (its re_han_default).
_RUN = re.compile(rf"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]{{{RUN_MAX}}}")
_lock = threading.Lock()
_taught: set[str] = set()


@cache
def tokenizer():
    """jieba's tokenizer, its dictionary loaded."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    load_dictionary(jieba.dt)
    return jieba.dt


def load_dictionary(dt) -> None:
    """What ``dt.initialize()`` does, faster: jieba reads its dictionary cache (the
    prefix dictionary of ~500,000 words, in the temporary directory) with marshal.load
    on the open file, which reads it in small pieces (0.8 s of CPU); read whole it loads
    in 0.3 s. Without a readable cache jieba builds and writes it, as always."""
    import jieba

    with dt.lock:
        if dt.initialized:
            return
        if dt.dictionary == jieba.DEFAULT_DICT and not dt.cache_file:
            cache_file = os.path.join(dt.tmp_dir or tempfile.gettempdir(), "jieba.cache")
            try:
                with open(cache_file, "rb") as f:
                    dt.FREQ, dt.total = marshal.loads(f.read())
            except (OSError, EOFError, ValueError, TypeError):
                pass  # missing or damaged: jieba's initialize builds it again
            else:
                dt.initialized = True
                return
        dt.initialize()


def teach(names) -> None:
    """Add place and unit names to jieba's dictionary (once per name and process)."""
    add_word = tokenizer().add_word
    with _lock:
        for name in names:
            name = (name or "").strip()
            if len(name) >= 2 and name not in _taught:
                add_word(name, freq=20000)
                _taught.add(name)


def _keep(tokens) -> list[str]:
    return [t.lower() for t in tokens if _WORD.search(t)]


def bounded(text: str) -> str:
    """``text`` cut to ``TEXT_MAX`` characters, a space after every ``RUN_MAX``-long run."""
    return _RUN.sub(lambda m: m[0] + " ", (text or "")[:TEXT_MAX])


def index_tokens(text: str) -> list[str]:
    return _keep(tokenizer().cut_for_search(bounded(text)))


def query_tokens(text: str) -> list[str]:
    """Distinct query words, in order."""
    return list(dict.fromkeys(_keep(tokenizer().cut(bounded(text)))))


def index_text(text: str) -> str:
    return " ".join(index_tokens(text))
