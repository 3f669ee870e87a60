"""Named presets shipped with an app as one JSON file (their entries cite the seeds)."""

import json
from functools import cached_property
from pathlib import Path


class PresetFile:
    def __init__(self, path: Path, what: str):
        self.path, self.what = path, what

    @cached_property
    def _all(self) -> dict:
        return json.loads(self.path.read_text(encoding="utf-8"))

    def names(self) -> list[str]:
        return list(self._all)

    def get(self, name: str) -> dict:
        try:
            return self._all[name]
        except KeyError:
            raise ValueError(f"没有名为“{name}”的{self.what}预设（可用：{self.names()}）") from None
