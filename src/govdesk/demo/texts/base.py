"""The shape of a topic: the subject matter one kind of 政务信息 is written about.

Text fields are templates for ``govdesk.demo.content.fill``: ``{unit}``, ``{self}``,
``{scope}``, ``{date}``, ``{village}`` … come from the item's context; ``{12~48}`` is
a random whole number, ``{85.0~99.5}`` a random decimal, ``{n=12~48}`` stores the
number as ``n`` and ``{m=<n}`` draws a number between half of ``n`` and ``n``.
"""


def T(
    name: str,
    *,
    months: tuple[int, ...] = (),
    titles: tuple[str, ...] = (),
    leads: tuple[str, ...] = (),
    measures: tuple[tuple[str, str], ...] = (),
    results: tuple[str, ...] = (),
    problems: tuple[str, ...] = (),
    suggestions: tuple[str, ...] = (),
    voices: tuple[tuple[str, str, str], ...] = (),
    nexts: tuple[str, ...] = (),
    keywords: str = "",
    slogans: tuple[str, ...] = (),
) -> dict:
    """A topic. ``months`` limits it to a season (empty: all year)."""
    return {
        "name": name,
        "months": months,
        "titles": titles,
        "leads": leads,
        "measures": measures,
        "results": results,
        "problems": problems,
        "suggestions": suggestions,
        "voices": voices,
        "nexts": nexts,
        "keywords": keywords or name,
        "slogans": slogans,
    }
