"""Text material for the demo, read from ``data/topics.json`` and ``data/events.json``.

Written after the seeds in ``../shared/seeds`` (what 政务信息 covers: 工作动态、经验做法、
问题建议、社情民意、紧急信息; 要素齐全: time, place, subject, event, figures).

``DOMAINS`` maps a topic domain (``agri``, ``econ`` …, named in ``catalogue``) to its
topics: the subject matter one kind of 政务信息 is written about. Text fields are
templates for ``govdesk.demo.content.Filler``: ``{unit}``, ``{self}``, ``{scope}``,
``{date}``, ``{village}`` … come from the item's context; ``{12~48}`` is a random whole
number, ``{85.0~99.5}`` a random decimal, ``{n=12~48}`` stores the number as ``n`` and
``{m=<n}`` draws a number between half of ``n`` and ``n``.

``events`` holds emergencies and their follow-up reports, meetings, superior-level
news, web digests, generic phrases and what editors and reviewers say when they send
an item back. Each return reason names the part of the text the first version lacked
("result", "next", "measures", "suggestions"), had too much of ("fluff") or got wrong
("title"); the revised version fixes exactly that, so the version diff matches the reason.
"""

import json
from pathlib import Path
from types import SimpleNamespace

DATA = Path(__file__).resolve().parent / "data"

# A topic's fields in order, with their defaults; ``months`` limits it to a season
# (empty: all year) and ``keywords`` defaults to the topic's name.
_TOPIC = dict.fromkeys(
    ("months", "titles", "leads", "measures", "results", "problems", "suggestions"), ()
) | dict.fromkeys(("voices", "nexts", "keywords", "slogans"), ())


def _frozen(value):
    """JSON arrays back as the tuples the texts were written as, so every draw from
    them, and so the demo, stays exactly what it was."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _read(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _topic(fields: dict) -> dict:
    topic = {"name": fields["name"], **_TOPIC, "keywords": fields["name"]}
    topic.update(_frozen(fields))
    return topic


DOMAINS: dict[str, list[dict]] = {
    domain: [_topic(t) for t in topics] for domain, topics in _read("topics.json").items()
}

_events = _frozen(_read("events.json"))
_events["INCIDENTS"] = list(_events["INCIDENTS"])
events = SimpleNamespace(**_events)
