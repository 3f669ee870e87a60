"""The seed schemes as data (``data/schemes.json``): every rule and target names the
seed clause it encodes in ``source`` (../shared/seeds/001_…txt, 政务信息通报范文2 for
the county scheme, 范文6 for the city). ``services.scheme_install_preset`` writes them."""

import json
from functools import cache
from pathlib import Path

from govdesk.units.models import Level

SCHEMES_FILE = Path(__file__).resolve().parent / "data" / "schemes.json"


@cache
def _presets() -> dict:
    return json.loads(SCHEMES_FILE.read_text(encoding="utf-8"))


def preset_names() -> list[str]:
    return list(_presets())


def get_preset(name: str) -> dict:
    """One preset with its rules' ``level`` turned from a name ("city") into a Level."""
    try:
        raw = _presets()[name]
    except KeyError:
        raise ValueError(f"没有名为“{name}”的考核方案预设（可用：{preset_names()}）") from None
    rules = [
        {**rule, "level": Level[rule["level"].upper()] if "level" in rule else None}
        for rule in raw["rules"]
    ]
    return {**raw, "rules": rules}
