"""How two similar items relate: the same unit reporting again, one unit copying
another, or 条块双报.

条块双报 is recognised from the unit tree alone: one item comes from a township-level
unit (乡镇/街道, 开发区) and the other from a department (部门), and both units report to
the same office. That is the situation the seeds describe (the department that
supervises a line of work reports the same township event to the same county office);
such pairs are linked for the editor, never counted as copying.
"""

from govdesk.units.models import UnitKind

BLOCK_KINDS = {UnitKind.TOWNSHIP, UnitKind.DEV_ZONE}

SAME_UNIT = "same_unit"
COPY = "copy"
BLOCK_LINE = "block_line"
LABELS = {SAME_UNIT: "重复报送", COPY: "疑似雷同", BLOCK_LINE: "条块双报"}


def is_block_line_pair(a, b) -> bool:
    """Whether two items are a township's and its supervising department's report."""
    kinds = {a.unit.kind, b.unit.kind}
    return a.office_id == b.office_id and UnitKind.DEPARTMENT in kinds and bool(kinds & BLOCK_KINDS)


def relation(a, b) -> str:
    if a.unit_id == b.unit_id:
        return SAME_UNIT
    return BLOCK_LINE if is_block_line_pair(a, b) else COPY
