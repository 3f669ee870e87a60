"""The seed schemes as data (``data/schemes.json``): every rule and target names the
seed clause it encodes in ``source`` (../shared/seeds/001_…txt, 政务信息通报范文2 for
the county scheme, 范文6 for the city). ``services.scheme_install_preset`` writes them."""

from pathlib import Path

from govdesk.lib.presets import PresetFile
from govdesk.units.models import Level

SCHEMES = PresetFile(Path(__file__).resolve().parent / "data" / "schemes.json", "考核方案")
preset_names = SCHEMES.names


def get_preset(name: str) -> dict:
    """One preset with its rules' ``level`` turned from a name ("city") into a Level."""
    raw = SCHEMES.get(name)
    rules = [
        {**rule, "level": Level[rule["level"].upper()] if "level" in rule else None}
        for rule in raw["rules"]
    ]
    return {**raw, "rules": rules}
