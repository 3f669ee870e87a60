"""The seed award rules as data (``data/awards.json``), one rule set per scoring
preset: ``county`` (../shared/seeds/001_…txt 政务信息通报范文2 三) and ``city`` (范文6
四、五). Every award and criterion names its clause in ``source``."""

import json
from functools import cache
from pathlib import Path

AWARDS_FILE = Path(__file__).resolve().parent / "data" / "awards.json"


@cache
def _presets() -> dict:
    return json.loads(AWARDS_FILE.read_text(encoding="utf-8"))


def preset_names() -> list[str]:
    return list(_presets())


def get_preset(name: str) -> dict:
    try:
        return _presets()[name]
    except KeyError:
        raise ValueError(f"没有名为“{name}”的评先办法预设（可用：{preset_names()}）") from None
