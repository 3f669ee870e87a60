"""Publication presets: the bulletins and columns an office starts with, as data.

The presets live in ``data/presets.json``; every publication and column names the
seed clause it encodes in its ``source`` field (see ``../shared/seeds/001_…txt``,
政务信息通报范文2 for the county, 范文6 for the city). This module only reads and
checks that file; ``services.publications_install_preset`` writes the rows.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govdesk.publications.models import AdoptionKind

PRESETS_FILE = Path(__file__).resolve().parent / "data" / "presets.json"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    adoption_kinds: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class PublicationSpec:
    code: str
    name: str
    description: str
    adoption_kinds: tuple[str, ...]
    source: str
    columns: tuple[ColumnSpec, ...]


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    source: str
    publications: tuple[PublicationSpec, ...]


class PresetError(ValueError):
    """The preset file is malformed or the requested preset does not exist."""


def _kinds(raw: list, where: str) -> tuple[str, ...]:
    unknown = [k for k in raw if k not in AdoptionKind.values]
    if unknown:
        raise PresetError(f"{where}：未知的采用类型 {unknown}（可用：{AdoptionKind.values}）")
    return tuple(raw)


def _parse(key: str, raw: dict) -> Preset:
    publications = []
    codes = set()
    for pub in raw["publications"]:
        where = f"预设“{key}”《{pub['name']}》"
        if pub["code"] in codes:
            raise PresetError(f"{where}：代码 {pub['code']} 重复")
        codes.add(pub["code"])
        if not pub.get("source"):
            raise PresetError(f"{where}：缺少 source（依据）")
        columns = tuple(
            ColumnSpec(
                name=col["name"],
                adoption_kinds=_kinds(col["adoption_kinds"], f"{where}·{col['name']}"),
                source=col["source"],
            )
            for col in pub.get("columns", [])
        )
        publications.append(
            PublicationSpec(
                code=pub["code"],
                name=pub["name"],
                description=pub.get("description", ""),
                adoption_kinds=_kinds(pub["adoption_kinds"], where),
                source=pub["source"],
                columns=columns,
            )
        )
    return Preset(
        key=key, label=raw["label"], source=raw["source"], publications=tuple(publications)
    )


@cache
def all_presets() -> dict[str, Preset]:
    raw = json.loads(PRESETS_FILE.read_text(encoding="utf-8"))
    return {key: _parse(key, value) for key, value in raw.items()}


def get_preset(key: str) -> Preset:
    presets = all_presets()
    try:
        return presets[key]
    except KeyError:
        raise PresetError(f"没有名为“{key}”的刊物预设，可选：{'、'.join(presets)}。") from None
