"""The one table of the records workbook (往年台账): its sheets, their columns, and how a
cell of each column is read. The template, the export and the importer are all made
from ``SHEETS``, so a column added here appears in all three.

A sheet's first row holds the Chinese column names, its second row a note for each
column (the importer recognises and skips it); data starts on row 3."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from govdesk.accounts.issuance import KIND_BY_LABEL, LEVEL_BY_LABEL, ROLE_BY_LABEL
from govdesk.items.models import ItemKind, State, Urgency
from govdesk.publications.models import AdoptionKind
from govdesk.scoring.models import LearnedFrom, PenaltyKind
from govdesk.units.models import Level, UnitKind

PRESETS = {"县级": "county", "市级": "city"}
YES_NO = {"是": True, "否": False}
ALL_LEVELS = {level.label: level.value for level in Level}


def _labels(choices) -> dict[str, object]:
    return {label: value for value, label in choices.choices}


@dataclass(frozen=True)
class Col:
    """One column: ``key`` for the code, ``label`` for people, how its cells are read
    (``kind``: text, int, decimal, date, datetime, or choice from ``choices``)."""

    key: str
    label: str
    note: str
    required: bool = False
    kind: str = "text"
    max_length: int = 100
    choices: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Col, ...]

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def notes(self) -> list[str]:
        return [("必填。" if c.required else "") + c.note for c in self.columns]


def _choice(key, label, note, choices, *, required=False) -> Col:
    return Col(
        key, label, f"{note}可填：{'、'.join(choices)}。", required, "choice", choices=choices
    )


UNIT = Col("unit", "单位名称", "单位全称，全表以全称互相引用。", True)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "units",
        "单位",
        (
            UNIT,
            Col("short_name", "简称", "", max_length=30),
            _choice("kind", "单位类型", "", _labels(UnitKind) | KIND_BY_LABEL, required=True),
            Col("parent", "上级单位", "上级政府办公室全称；顶级办公室留空。上级须排在前面。"),
            _choice("level", "行政层级", "仅政府办公室填写。", ALL_LEVELS),
            Col("counterpart", "对口上级部门", "基层信息直报点的对口部门全称。"),
            _choice("preset", "刊物预设", "政府办公室的刊物和栏目按此安装。", PRESETS),
            _choice("active", "启用", "留空为“是”。", YES_NO),
        ),
    ),
    Sheet(
        "categories",
        "考核类别",
        (
            UNIT,
            Col("year", "年度", "如 2026。", True, "int"),
            Col("category", "类别", "如 A、B、C。", True, max_length=16),
            Col("note", "说明", "", max_length=200),
        ),
    ),
    Sheet(
        "people",
        "人员",
        (
            Col("username", "用户名", "登录名；同一人多个角色写多行。", True, max_length=150),
            Col("full_name", "姓名", "", True, max_length=50),
            Col("email", "邮箱", "", max_length=254),
            Col("phone", "联系电话", "", max_length=30),
            Col("unit", "单位名称", "担任角色的单位全称；只建账号不设角色时留空。"),
            _choice("role", "角色", "", ROLE_BY_LABEL),
            _choice("leader_level", "领导层级", "角色为领导时必填。", LEVEL_BY_LABEL),
            Col("title", "职务", "", max_length=50),
        ),
    ),
    Sheet(
        "schemes",
        "考核方案",
        (
            Col("office", "办公室", "制定方案的政府办公室全称。", True),
            Col("year", "年度", "", True, "int"),
            _choice("preset", "方案预设", "", PRESETS, required=True),
            _choice("awards", "评先预设", "留空则不设评先项目。", PRESETS),
        ),
    ),
    Sheet(
        "targets",
        "年度目标",
        (
            Col("office", "办公室", "方案所属办公室全称。", True),
            Col("year", "年度", "", True, "int"),
            _choice("unit_kind", "单位类型", "与考核类别至少填一项。", _labels(UnitKind)),
            Col("category", "考核类别", "", max_length=16),
            Col("points", "目标分值", "", True, "decimal"),
        ),
    ),
    Sheet(
        "items",
        "信息",
        (
            Col(
                "number",
                "编号",
                "原系统编号，供采用、批示、扣分、约稿回应、合编稿引用。",
                True,
                max_length=50,
            ),
            Col("unit", "报送单位", "单位全称（转报稿为转报的办公室）。", True),
            Col("forwarded_from", "转报自", "转报稿的原稿编号，原稿排在前面。", max_length=50),
            Col("title", "标题", "", True, max_length=200),
            Col("body", "正文", "", True, max_length=50000),
            _choice("kind", "信息类型", "", _labels(ItemKind), required=True),
            _choice("urgency", "时效级别", "留空为“日常”。", _labels(Urgency)),
            Col("submitted_at", "报送时间", "如 2026-03-05 09:30。", True, "datetime"),
            _choice(
                "state",
                "状态",
                "",
                {s.label: s.value for s in State if s != State.DRAFT},
                required=True,
            ),
            Col("decided_at", "处理时间", "采用或不予采用的时间。", kind="datetime"),
            Col("authors", "作者", "作者用户名，多人用顿号分隔。", max_length=500),
            Col("reviewer", "审核人", "签发人用户名。", max_length=150),
            Col("writer", "执笔人", "", max_length=50),
            Col("topics", "主题词", "", max_length=200),
        ),
    ),
    Sheet(
        "adoptions",
        "采用",
        (
            Col("item", "信息编号", "", True, max_length=50),
            Col("office", "主办单位", "本系统内刊物填主办办公室；省级、国家级刊物留空。"),
            _choice("level", "刊物层级", "仅省级、国家级等外部刊物填写。", ALL_LEVELS),
            Col("publication", "刊物名称", "不含书名号。", True, max_length=50),
            Col("column", "栏目", "刊物有栏目时必填。", max_length=50),
            _choice("kind", "采用类型", "", _labels(AdoptionKind), required=True),
            Col("adopted_at", "采用时间", "", True, "datetime"),
            Col("adopted_by", "采用人", "用户名；留空为导入人。", max_length=150),
            Col("source_issue", "刊载期号", "外部刊物填写，如 2026年第12期。", max_length=50),
            Col("note", "备注", "", max_length=200),
        ),
    ),
    Sheet(
        "annotations",
        "批示",
        (
            Col("item", "信息编号", "", True, max_length=50),
            Col("leader_name", "领导姓名职务", "", True),
            _choice("leader_level", "领导层级", "", LEVEL_BY_LABEL, required=True),
            Col("text", "批示内容", "", True, max_length=5000),
            Col("annotated_at", "批示时间", "", True, "datetime"),
            Col("leader", "领导用户名", "领导在本系统有账号时填写。", max_length=150),
            Col("entered_by", "录入人", "用户名；留空为导入人。", max_length=150),
        ),
    ),
    Sheet(
        "penalties",
        "扣分",
        (
            UNIT,
            _choice("kind", "类型", "", _labels(PenaltyKind), required=True),
            Col("occurred_on", "发生日期", "", True, "date"),
            Col("description", "情况说明", "", True, max_length=2000),
            Col("item", "信息编号", "涉及的信息，可空。", max_length=50),
            _choice("learned_from", "获知途径", "留空为“其他”。", _labels(LearnedFrom)),
            _choice("serious", "造成重大影响", "留空为“否”。", YES_NO),
        ),
    ),
    Sheet(
        "solicitations",
        "约稿",
        (
            Col("number", "约稿编号", "原系统编号，供约稿回应引用。", True, max_length=50),
            Col("office", "约稿单位", "发起约稿的政府办公室全称。", True),
            Col("topic", "主题", "", True, max_length=200),
            Col("requirements", "要求", "", max_length=5000),
            Col("deadline", "截止时间", "", True, "datetime"),
            Col("units", "约稿对象", "单位全称，多个用顿号分隔。", True, max_length=5000),
            Col("created_by", "发起人", "用户名；留空为导入人。", max_length=150),
            Col("created_at", "发起时间", "", True, "datetime"),
        ),
    ),
    Sheet(
        "responses",
        "约稿回应",
        (
            Col("solicitation", "约稿编号", "“约稿”表中的编号。", True, max_length=50),
            Col(
                "item",
                "信息编号",
                "回应约稿的信息，须是约稿对象报送约稿单位的信息。",
                True,
                max_length=50,
            ),
            Col("linked_by", "关联人", "用户名；留空为导入人。", max_length=150),
            Col("linked_at", "回应时间", "", True, "datetime"),
        ),
    ),
    Sheet(
        "combined",
        "合编稿",
        (
            Col("office", "主办单位", "刊物的主办办公室全称。", True),
            Col("publication", "刊物名称", "不含书名号。", True, max_length=50),
            Col("year", "年度", "", True, "int"),
            Col("number", "期号", "当年第几期，如 12。", True, "int"),
            _choice("supplement", "增刊", "留空为“否”。", YES_NO),
            Col("date", "印发日期", "", True, "date"),
            Col(
                "items", "信息编号", "合编的信息编号，至少两条，用顿号分隔。", True, max_length=2000
            ),
            Col("title", "标题", "", True, max_length=200),
            Col("body", "正文", "", True, max_length=50000),
            Col("editor_note", "编者按", "", max_length=5000),
            Col("editor", "责任编辑", "用户名；留空为导入人。", max_length=150),
        ),
    ),
)
BY_TITLE = {sheet.title: sheet for sheet in SHEETS}


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says why, in Chinese."""


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(12))
    else:
        text = str(value).strip().replace("/", "-").replace("T", " ")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise CellError(f"“{text}”不是日期时间，应写成 2026-03-05 09:30。") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def read_cell(col: Col, value):
    """The typed value of a non-empty cell; ``CellError`` when it cannot be read."""
    if col.kind == "text":
        text = str(value).strip()
        if len(text) > col.max_length:
            raise CellError(f"不能超过 {col.max_length} 个字（现有 {len(text)} 个）。")
        return text
    if col.kind == "choice":
        text = str(value).strip()
        if text not in col.choices:
            raise CellError(f"“{text}”无法识别，应为：{'、'.join(col.choices)}。")
        return col.choices[text]
    if col.kind == "int":
        try:
            return int(str(value).strip().removesuffix(".0"))
        except ValueError:
            raise CellError(f"“{value}”不是整数。") from None
    if col.kind == "decimal":
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            raise CellError(f"“{value}”不是数值。") from None
    if col.kind == "date":
        return timezone.localdate(_as_datetime(value))
    return _as_datetime(value)


def write_cell(col: Col, value):
    """The inverse of ``read_cell``, for the export."""
    if value is None or value == "":
        return ""
    if col.kind == "choice":
        return next(label for label, v in col.choices.items() if v == value)
    if col.kind == "datetime":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if col.kind == "date":
        return value.isoformat()
    return value
