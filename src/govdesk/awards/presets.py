"""The seed award rules as data (``data/awards.json``), one rule set per scoring
preset: ``county`` (../shared/seeds/001_…txt 政务信息通报范文2 三) and ``city`` (范文6
四、五). Every award and criterion names its clause in ``source``."""

from pathlib import Path

from govdesk.lib.presets import PresetFile

AWARDS = PresetFile(Path(__file__).resolve().parent / "data" / "awards.json", "评先办法")
preset_names, get_preset = AWARDS.names, AWARDS.get
