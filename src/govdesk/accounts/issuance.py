"""The account issuance sheet (开通账号表): its columns, the template people download,
and reading a filled-in sheet into a plan of new units and people. Every row is
checked here, before anything is written; ``services.accounts_issue_from_sheet``
carries out a plan only when it has no problems."""

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet

from govdesk.accounts.models import Role, User
from govdesk.accounts.roles import duty_conflict, membership_problem
from govdesk.lib.pinyin import pinyin_keys
from govdesk.lib.text import spreadsheet_cell
from govdesk.units.models import Level, Unit, UnitKind

COLUMNS = (
    "单位名称",
    "上级单位",
    "单位类型",
    "姓名",
    "用户名",
    "角色",
    "领导层级",
    "职务",
    "手机",
    "邮箱",
)
REQUIRED_COLUMNS = ("单位名称", "上级单位", "单位类型", "姓名", "角色", "邮箱")
# Headings people write instead of ours.
HEADER_ALIASES = {"电子邮箱": "邮箱", "电子邮件": "邮箱", "手机号": "手机", "手机号码": "手机"}
MAX_ROWS = 2000

KIND_BY_LABEL = {label: value for value, label in UnitKind.choices} | {
    "乡镇": UnitKind.TOWNSHIP,
    "街道": UnitKind.TOWNSHIP,
}
ROLE_BY_LABEL = {label: value for value, label in Role.choices} | {"分管领导": Role.REVIEWER}
LEADER_LEVELS = (Level.COUNTY, Level.CITY, Level.PROVINCE, Level.NATIONAL)
LEVEL_BY_LABEL = {level.label: level.value for level in LEADER_LEVELS}
ROLE_SEPARATORS = re.compile(r"[、,，;；/\s]+")
PHONE = re.compile(r"[0-9+\-() ]{5,30}")


@dataclass
class Problem:
    row: int | None  # the sheet's own row number; None for the file as a whole
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.message}" if self.row else self.message


@dataclass
class NewUnit:
    """A unit the sheet names that does not exist yet, under an existing or new office."""

    name: str
    kind: str
    level: int | None
    parent: "Unit | NewUnit"
    row: int
    created: Unit | None = None  # set when the plan is carried out

    @property
    def parent_unit(self) -> Unit:
        return self.parent.created if isinstance(self.parent, NewUnit) else self.parent


@dataclass
class Person:
    row: int
    full_name: str
    username: str
    email: str
    phone: str
    title: str
    roles: list[str]
    leader_level: int | None
    unit: "Unit | NewUnit"

    @property
    def target_unit(self) -> Unit:
        return self.unit.created if isinstance(self.unit, NewUnit) else self.unit


@dataclass
class Plan:
    units: list[NewUnit] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class SheetError(Exception):
    """The file as a whole cannot be read as an issuance sheet."""


# --- the template ------------------------------------------------------------------


def template_workbook(*, superior_name: str) -> bytes:
    """The sheet to fill in: our header row, one example row and a page of instructions."""
    from openpyxl import Workbook  # on first use, not at start-up (docs/testing.md, "Speed")
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "开通账号"
    ws.append(COLUMNS)
    ws.append(
        [
            "城关镇人民政府",
            spreadsheet_cell(superior_name),
            UnitKind.TOWNSHIP.label,
            "张晓梅",
            "",
            f"{Role.OFFICER.label}、{Role.REVIEWER.label}",
            "",
            "党政办主任",
            "13800000000",
            "zhangxiaomei@example.gov.cn",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True, color="B3261E" if cell.value in REQUIRED_COLUMNS else None)
    for cell in ws[2]:
        cell.fill = PatternFill("solid", fgColor="FFF6E5")
    for column, width in zip("ABCDEFGHIJ", (24, 24, 14, 10, 16, 22, 10, 14, 14, 28), strict=True):
        ws.column_dimensions[column].width = width
    kinds = DataValidation(type="list", formula1=f'"{",".join(UnitKind.labels)}"', allow_blank=True)
    levels = DataValidation(type="list", formula1=f'"{",".join(LEVEL_BY_LABEL)}"', allow_blank=True)
    ws.add_data_validation(kinds)
    ws.add_data_validation(levels)
    kinds.add(f"C2:C{MAX_ROWS + 1}")
    levels.add(f"G2:G{MAX_ROWS + 1}")
    ws.freeze_panes = "A2"

    notes = wb.create_sheet("填写说明")
    for line in (
        "填写说明",
        "1. 每行填写一个人（只开设单位、暂不开账号时，人员各列留空）。"
        "第 2 行是示例，请删除或改写。",
        "2. 红色表头为必填列。上级单位须是您管理范围内的政府办公室，或本表前面几行新建的办公室。",
        f"3. 单位类型：{'、'.join(UnitKind.labels)}。系统中没有的单位将在上级单位下新建。",
        "4. 用户名可不填，系统按姓名拼音生成（如 zhangxiaomei，重名时为 zhangxiaomei2）。",
        f"5. 角色：{'、'.join(Role.labels)}，可填多个，用顿号或逗号分隔；"
        "编辑、主编、领导、管理员只能设在政府办公室。",
        f"6. 领导层级：{'、'.join(LEVEL_BY_LABEL)}，角色含“领导”时必填。",
        "7. 邮箱必填：初始密码通过邮件发送，首次登录须修改密码。",
        "8. 表中任何一行有误，整张表都不会导入；请按提示改正后重新上传。",
    ):
        notes.append([line])
    notes["A1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading a sheet ---------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    return str(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def _rows(file) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook  # on first use, not at start-up (docs/testing.md, "Speed")

    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl fails in many ways on a file that is not a workbook; all mean the same.
        raise SheetError("无法读取该文件：请上传用本系统模板填写的 Excel（.xlsx）文件。") from exc
    try:
        values = wb.worksheets[0].iter_rows(values_only=True)
        header = [_text(cell) for cell in next(values, ())]
        index = {HEADER_ALIASES.get(name, name): i for i, name in enumerate(header) if name}
        missing = [name for name in REQUIRED_COLUMNS if name not in index]
        if missing:
            raise SheetError(
                f"第 1 行表头缺少以下列：{'、'.join(missing)}。请下载模板，按模板的表头填写。"
            )
        rows = []
        for number, row in enumerate(values, start=2):
            cells = {
                name: _text(row[index[name]]) if name in index and index[name] < len(row) else ""
                for name in COLUMNS
            }
            if not any(cells.values()):
                continue
            if len(rows) == MAX_ROWS:
                raise SheetError(f"一次最多导入 {MAX_ROWS} 行，请分成几张表上传。")
            rows.append((number, cells))
    finally:
        wb.close()
    if not rows:
        raise SheetError("表格中没有可导入的数据行。")
    return rows


def read_plan(file, *, managed: QuerySet) -> Plan:
    """Check every row of the sheet against the database and the actor's ``managed`` units."""
    plan = Plan()
    try:
        rows = _rows(file)
    except SheetError as exc:
        plan.problems.append(Problem(None, str(exc)))
        return plan
    units = _UnitFinder(managed, plan)
    for number, cells in rows:
        row = _Row(number, plan.problems)
        unit = units.find(row, cells)
        person = _person(row, cells, unit)
        if person is not None:
            plan.people.append(person)
    _assign_usernames(plan)
    return plan


class _Row:
    def __init__(self, number: int, problems: list[Problem]):
        self.number = number
        self._problems = problems
        self.failed = False

    def problem(self, message: str) -> None:
        self.failed = True
        self._problems.append(Problem(self.number, message))


def _named(qs: QuerySet, name: str) -> QuerySet:
    return qs.filter(Q(name=name) | Q(short_name=name))


class _UnitFinder:
    """Finds each row's unit among the managed units, or plans it under the named office."""

    def __init__(self, managed: QuerySet, plan: Plan):
        self.managed = managed
        self.plan = plan
        self.new_offices: dict[str, NewUnit] = {}
        self.new_units: dict[tuple[int, str], NewUnit] = {}  # by (superior, name)

    def find(self, row: _Row, cells: dict) -> "Unit | NewUnit | None":
        name, superior_name, kind_label = cells["单位名称"], cells["上级单位"], cells["单位类型"]
        kind = KIND_BY_LABEL.get(kind_label)
        if kind_label and kind is None:
            row.problem(f"单位类型“{kind_label}”无法识别，应为：{'、'.join(UnitKind.labels)}。")
        if not name:
            row.problem("缺少单位名称。")
            return None
        superior = self._superior(superior_name) if superior_name else None
        if isinstance(superior, NewUnit):
            return self._plan(row, name, kind, kind_label, superior)
        if superior is not None:
            existing = _named(Unit.objects.get_children(superior), name).first()
            if existing is None:
                return self._plan(row, name, kind, kind_label, superior)
            return self._check_existing(row, existing, kind, kind_label)
        # No usable superior: the row may still name an existing unit of ours, such as the
        # administrator's own office, whose superior lies above their jurisdiction.
        candidates = [
            unit
            for unit in _named(self.managed, name)
            if not superior_name or _is_named(Unit.objects.get_parent(unit), superior_name)
        ]
        if len(candidates) == 1:
            return self._check_existing(row, candidates[0], kind, kind_label)
        if len(candidates) > 1:
            row.problem(f"您管理的单位中有多个“{name}”，请在“上级单位”列写明其上级办公室。")
        elif superior_name:
            row.problem(self._superior_problem(superior_name))
        else:
            row.problem(f"找不到单位“{name}”；新建单位须填写上级单位（政府办公室）。")
        return None

    def _superior(self, name: str) -> "Unit | NewUnit | None":
        if name in self.new_offices:
            return self.new_offices[name]
        offices = list(_named(self.managed.filter(kind=UnitKind.OFFICE, is_active=True), name)[:2])
        return offices[0] if len(offices) == 1 else None

    def _superior_problem(self, name: str) -> str:
        mine = _named(self.managed, name)
        if mine.filter(kind=UnitKind.OFFICE).count() > 1:
            return f"您管理的单位中有多个名为“{name}”的办公室，请填写全称。"
        if mine.filter(kind=UnitKind.OFFICE, is_active=False).exists():
            return f"上级单位“{name}”已停用。"
        if mine.exists():
            return f"上级单位“{name}”不是政府办公室，不能下设报送单位。"
        if _named(Unit.objects.all(), name).exists():
            return f"上级单位“{name}”不在您的管理范围内。"
        return f"找不到上级单位“{name}”。如上级办公室也在本表中新建，请把它所在的行排在前面。"

    def _check_existing(self, row: _Row, unit: Unit, kind, kind_label: str) -> Unit | None:
        if not unit.is_active:
            row.problem(f"单位“{unit.name}”已停用。")
            return None
        if kind and unit.kind != kind:
            row.problem(
                f"单位“{unit.name}”已存在，类型为“{unit.get_kind_display()}”，"
                f"与表中填写的“{kind_label}”不一致。"
            )
        return unit

    def _plan(self, row: _Row, name: str, kind, kind_label: str, superior) -> NewUnit | None:
        # An existing office by its id, a planned one by identity (it has no id yet).
        key = (superior.pk if isinstance(superior, Unit) else id(superior), name)
        planned = self.new_units.get(key)
        if planned is not None:
            if kind and kind != planned.kind:
                row.problem(f"单位“{name}”的类型与第 {planned.row} 行不一致。")
            return planned
        if not kind:
            if not kind_label:
                row.problem(f"单位“{name}”在系统中不存在，新建时须填写单位类型。")
            return None
        level = None
        if kind == UnitKind.OFFICE:
            # A new office sits one level below the office it reports to.
            level = (
                superior.level - 10 if superior.level and superior.level > Level.TOWNSHIP else None
            )
            if level is None:
                row.problem(f"“{superior.name}”之下不能再设政府办公室。")
                return None
        planned = NewUnit(name=name, kind=kind, level=level, parent=superior, row=row.number)
        self.new_units[key] = planned
        if kind == UnitKind.OFFICE:
            self.new_offices.setdefault(name, planned)
        self.plan.units.append(planned)
        return planned


def _is_named(unit: Unit | None, name: str) -> bool:
    return unit is not None and name in (unit.name, unit.short_name)


def _person(row: _Row, cells: dict, unit) -> Person | None:
    person_columns = ("姓名", "用户名", "角色", "领导层级", "职务", "手机", "邮箱")
    if not any(cells[name] for name in person_columns):
        return None  # a row that only opens a unit
    full_name, username, email = cells["姓名"], cells["用户名"], cells["邮箱"]
    phone, title = cells["手机"], cells["职务"]
    if not full_name:
        row.problem("缺少姓名。")
    elif len(full_name) > User._meta.get_field("full_name").max_length:
        row.problem(f"姓名“{full_name}”过长。")
    if username:
        try:
            User.username_validator(username)
        except ValidationError:
            row.problem(f"用户名“{username}”只能包含字母、数字和 @ . + - _ 字符。")
        if len(username) > 150:
            row.problem("用户名不能超过 150 个字符。")
    if not email:
        row.problem("缺少邮箱（初始密码将通过邮件发送）。")
    else:
        try:
            validate_email(email)
        except ValidationError:
            row.problem(f"邮箱“{email}”格式不正确。")
    if phone and not PHONE.fullmatch(phone):
        row.problem(f"手机“{phone}”格式不正确。")
    if len(title) > 50:
        row.problem("职务不能超过 50 个字。")

    roles: list[str] = []
    for label in ROLE_SEPARATORS.split(cells["角色"]):
        if not label:
            continue
        role = ROLE_BY_LABEL.get(label)
        if role is None:
            row.problem(f"角色“{label}”无法识别，应为：{'、'.join(Role.labels)}。")
        elif role not in roles:
            roles.append(role)
    if not cells["角色"]:
        row.problem("缺少角色。")
    level_label = cells["领导层级"]
    leader_level = LEVEL_BY_LABEL.get(level_label)
    if level_label and leader_level is None:
        row.problem(f"领导层级“{level_label}”无法识别，应为：{'、'.join(LEVEL_BY_LABEL)}。")

    if unit is not None:
        for role in roles:
            if role == Role.LEADER and level_label and leader_level is None:
                continue  # the unreadable level is reported above
            problem = membership_problem(unit=unit, role=role, leader_level=leader_level)
            if problem:
                row.problem(problem)
    for i, role in enumerate(roles):
        problem = duty_conflict(held=set(roles[:i]), role=role)
        if problem:
            row.problem(problem)
    if row.failed or unit is None:
        return None
    return Person(
        row=row.number,
        full_name=full_name,
        username=username,
        email=email,
        phone=phone,
        title=title,
        roles=roles,
        leader_level=leader_level if Role.LEADER in roles else None,
        unit=unit,
    )


def username_base(full_name: str) -> str:
    """'张晓梅' -> 'zhangxiaomei': the name's pinyin, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", pinyin_keys(full_name)[0])[:30] or "user"


def _assign_usernames(plan: Plan) -> None:
    """Check the usernames the sheet gives; make one from pinyin for everyone else."""
    given: dict[str, int] = {}
    for person in plan.people:
        if not person.username:
            continue
        if person.username in given:
            plan.problems.append(
                Problem(
                    person.row, f"用户名“{person.username}”与第 {given[person.username]} 行重复。"
                )
            )
        else:
            given[person.username] = person.row
    for username in User.objects.filter(username__in=given).values_list("username", flat=True):
        plan.problems.append(Problem(given[username], f"用户名“{username}”已被占用，请换一个。"))
    taken = set(given)
    for person in plan.people:
        if person.username:
            continue
        base = username_base(person.full_name)
        taken |= set(
            User.objects.filter(username__startswith=base).values_list("username", flat=True)
        )
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        person.username = candidate
        taken.add(candidate)
    plan.problems.sort(key=lambda p: p.row or 0)
