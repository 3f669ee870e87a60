"""Where text lands on a PDF's pages, read with poppler's ``pdftotext -bbox``."""

import re
import shutil
import subprocess

import pytest

from govdesk.lib import officialdoc

WORD = re.compile(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
)
PT_PER_MM = 72 / 25.4
# The foot of the type area, in points from the top of the page.
TYPE_AREA_FOOT_PT = (officialdoc.PAGE_MM[1] - officialdoc.MARGINS_MM["bottom"]) * PT_PER_MM


def pages(pdf: bytes, tmp_path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (top, bottom, text), in reading order."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [
        [(float(top), float(bottom), text) for top, bottom, text in WORD.findall(page)]
        for page in html.split("<page ")[1:]
    ]


def foot_text(page, *, height_pt: float) -> str:
    """The text set in the lowest ``height_pt`` of the page's type area."""
    top = TYPE_AREA_FOOT_PT - height_pt
    return "".join(text for y0, y1, text in page if y1 > top and y0 < TYPE_AREA_FOOT_PT + 1)


def page_text(page) -> str:
    return "".join(text for _, _, text in page)
