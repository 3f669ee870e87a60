"""Bringing the rows of a records workbook in, sheet by sheet, in dependency order.

Units, categories, people, roles, schemes and targets go through their apps' own
services (each writes its own change-log entries); past items, adoptions, annotations
and penalties have no live workflow to replay, so ``services`` writes them as they
were, backdated and marked with an ``ImportedRecord``. A row that fails is reported
with its sheet, row and column and the rest carries on (each service runs in its own
savepoint), so one dry run lists every problem; ``services.records_import`` keeps the
result only when there are none."""

from collections import Counter
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from govdesk import policy
from govdesk.accounts.models import Role, User
from govdesk.accounts.services import membership_grant
from govdesk.awards.services import awards_install_preset
from govdesk.bulletins.models import Issue
from govdesk.items.models import Item
from govdesk.items.workflow import TransitionError
from govdesk.publications.models import Publication
from govdesk.publications.services import publications_install_preset
from govdesk.records import imported
from govdesk.records.columns import SHEETS
from govdesk.records.models import ImportBatch
from govdesk.records.workbook import Problem, Rows
from govdesk.scoring import ledger
from govdesk.scoring.models import Scheme
from govdesk.scoring.services import scheme_install_preset, target_add, target_delete
from govdesk.solicitations.models import Solicitation
from govdesk.units.models import Unit, UnitKind
from govdesk.units.services import unit_category_set, unit_create, unit_update

TITLES = {sheet.key: sheet.title for sheet in SHEETS}
LABELS = {(sheet.key, c.key): c.label for sheet in SHEETS for c in sheet.columns}
# What a service may refuse a row with; anything else is a bug and must surface.
REFUSALS = (PermissionDenied, TransitionError, ValueError)


class Refused(Exception):
    """A row's problem found by the loader itself, with the column it concerns."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


class Loader:
    def __init__(self, *, actor, batch: ImportBatch):
        self.actor = actor
        self.batch = batch
        self.problems: list[Problem] = []
        self.counts: Counter = Counter()
        self.units: dict[str, Unit] = {}
        self.users: dict[str, User] = {}
        self.items: dict[str, Item] = {}
        self.solicitations: dict[str, Solicitation] = {}
        self.issues: set[tuple] = set()  # (publication, year, supplement, number) brought in
        self.new_schemes: set[int] = set()
        self.cleared_targets: set[int] = set()
        self.sheet = ""

    # --- running the rows ---------------------------------------------------------

    def load(self, rows: Rows) -> None:
        for key, handle in (
            ("units", self.unit_row),
            ("units", self.counterpart_row),
            ("categories", self.category_row),
            ("people", self.person_row),
            ("schemes", self.scheme_row),
            ("targets", self.target_row),
            ("items", self.item_row),
            ("adoptions", self.adoption_row),
            ("annotations", self.annotation_row),
            ("penalties", self.penalty_row),
            ("solicitations", self.solicitation_row),
            ("responses", self.response_row),
            ("combined", self.combined_row),
        ):
            self.sheet = key
            for number, cells in rows.get(key, ()):
                self._run(number, handle, cells)

    def _run(self, number: int, handle: Callable, cells: dict) -> None:
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                handle(cells)
                return
        except Refused as exc:
            found = [(exc.column, str(exc))]
        except ValidationError as exc:
            # A model's field errors name the column when the field is one (email, title …).
            fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            found = [(field, "".join(messages)) for field, messages in fields.items()]
        except REFUSALS as exc:
            found = [("", str(exc) or "无权导入该行。")]
        for column, message in found:
            label = LABELS.get((self.sheet, column), "")
            self.problems.append(Problem(TITLES[self.sheet], number, label, message))

    # --- references -----------------------------------------------------------------

    def unit(self, name: str, column: str = "unit") -> Unit:
        if name not in self.units:
            found = list(Unit.objects.filter(name=name)[:2])
            if not found:
                raise Refused(column, f"找不到单位“{name}”（须是本系统已有的单位或在“单位”表中）。")
            if len(found) > 1:
                raise Refused(column, f"系统中有多个名为“{name}”的单位，无法确定是哪一个。")
            self._require(found[0], column)
            self.units[name] = found[0]
        return self.units[name]

    def _require(self, unit: Unit, column: str) -> None:
        if self.actor is not None and not policy.can(self.actor, "records.import", unit):
            raise Refused(column, f"您无权为“{unit.name}”导入台账。")

    def user(self, username: str | None, column: str, *, default=None) -> User:
        if not username:
            if default is None:
                raise Refused(column, "请填写用户名（命令行导入没有操作人可代替）。")
            return default
        if username not in self.users:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise Refused(column, f"找不到用户“{username}”（须在“人员”表中或系统中已有）。")
            self.users[username] = user
        return self.users[username]

    def item(self, number: str, column: str = "item") -> Item:
        if number not in self.items:
            raise Refused(column, f"找不到编号为“{number}”的信息（须在“信息”表中且该行无误）。")
        return self.items[number]

    def scheme(self, office: Unit, year: int) -> Scheme:
        scheme = ledger.in_force(office.pk, year).first()
        if scheme is None:
            raise Refused("year", f"{office.name}{year}年没有执行中的考核方案。")
        return scheme

    # --- one handler per sheet --------------------------------------------------------

    def unit_row(self, c: dict) -> None:
        name = c["unit"]
        if name in self.units:
            raise Refused("unit", f"单位“{name}”在本表中重复。")
        parent = self.unit(c["parent"], "parent") if c["parent"] else None
        if parent is None and self.actor is not None and not self.actor.is_superuser:
            raise Refused("parent", "只有系统超级管理员可以导入顶级办公室，请填写上级单位。")
        siblings = Unit.objects.get_children(parent) if parent else Unit.objects.get_root_nodes()
        unit = siblings.filter(name=name).first()
        if unit is not None:  # already here (moved in earlier, or set up by hand)
            if unit.kind != c["kind"]:
                raise Refused("kind", f"单位“{name}”已存在，类型为“{unit.get_kind_display()}”。")
            self._require(unit, "unit")
        else:
            is_office = c["kind"] == UnitKind.OFFICE
            if is_office and c["level"] is None:
                raise Refused("level", "政府办公室须填写行政层级。")
            unit = unit_create(
                actor=self.actor,
                parent=parent,
                name=name,
                short_name=c["short_name"] or "",
                kind=c["kind"],
                level=c["level"] if is_office else None,
                is_active=c["active"] is not False,
            )
            imported.mark(self.batch, unit)
            self.counts["units"] += 1
        if c["preset"]:
            if not unit.is_office:
                raise Refused("preset", "只有政府办公室主办刊物。")
            publications_install_preset(actor=self.actor, office=unit, preset=c["preset"])
        self.units[name] = unit  # last: a refused row's savepoint took the unit away

    def counterpart_row(self, c: dict) -> None:
        if c["counterpart"] and c["unit"] in self.units:
            unit = self.units[c["unit"]]
            counterpart = self.unit(c["counterpart"], "counterpart")
            if unit.counterpart_id != counterpart.pk:
                unit_update(actor=self.actor, unit=unit, counterpart=counterpart)

    def category_row(self, c: dict) -> None:
        unit_category_set(
            actor=self.actor,
            unit=self.unit(c["unit"]),
            year=c["year"],
            category=c["category"],
            note=c["note"] or "",
        )
        self.counts["categories"] += 1

    def person_row(self, c: dict) -> None:
        username, full_name = c["username"], c["full_name"]
        user = self.users.get(username) or User.objects.filter(username=username).first()
        if user is None:
            if c["email"]:
                try:
                    validate_email(c["email"])
                except ValidationError:
                    raise Refused("email", f"邮箱“{c['email']}”格式不正确。") from None
            user = imported.person_import(
                actor=self.actor,
                batch=self.batch,
                username=username,
                full_name=full_name,
                email=c["email"] or "",
                phone=c["phone"] or "",
            )
            self.counts["people"] += 1
        elif user.full_name != full_name:
            raise Refused("username", f"用户名“{username}”已是“{user.full_name}”的账号。")
        if bool(c["unit"]) != bool(c["role"]):
            column = "role" if c["unit"] else "unit"
            raise Refused(column, "单位名称和角色须同时填写（只建账号时都留空）。")
        if c["unit"]:
            membership_grant(
                actor=self.actor,
                user=user,
                unit=self.unit(c["unit"]),
                role=c["role"],
                leader_level=c["leader_level"],
                title=c["title"] or "",
            )
            self.counts["memberships"] += 1
        self.users[username] = user

    def scheme_row(self, c: dict) -> None:
        office = self.unit(c["office"], "office")
        if not office.is_office:
            raise Refused("office", f"“{office.name}”不是政府办公室，不能制定考核方案。")
        if Scheme.objects.filter(office=office, year=c["year"]).exists():
            raise Refused("year", f"{office.name}{c['year']}年已有考核方案，请从本表删去此行。")
        scheme = scheme_install_preset(
            actor=self.actor, office=office, year=c["year"], preset=c["preset"]
        )
        if c["awards"]:
            awards_install_preset(actor=self.actor, scheme=scheme, preset=c["awards"])
        self.new_schemes.add(scheme.pk)
        self.counts["schemes"] += 1

    def target_row(self, c: dict) -> None:
        if not c["unit_kind"] and not c["category"]:
            raise Refused("unit_kind", "单位类型和考核类别至少填写一项。")
        scheme = self.scheme(self.unit(c["office"], "office"), c["year"])
        if scheme.pk in self.new_schemes and scheme.pk not in self.cleared_targets:
            # The sheet lists the whole target table of a scheme it brings in.
            for target in list(scheme.targets.all()):
                target_delete(actor=self.actor, target=target)
            self.cleared_targets.add(scheme.pk)
        target_add(
            actor=self.actor,
            scheme=scheme,
            unit_kind=c["unit_kind"] or "",
            category=(c["category"] or "").upper(),
            points=c["points"],
            source="往年台账导入",
        )
        self.counts["targets"] += 1

    def item_row(self, c: dict) -> None:
        number = c["number"]
        if number in self.items:
            raise Refused("number", f"编号“{number}”在本表中重复。")
        unit = self.unit(c["unit"])
        origin = self.item(c["forwarded_from"], "forwarded_from") if c["forwarded_from"] else None
        if origin is not None and origin.office_id != unit.pk:
            raise Refused("unit", f"转报稿的报送单位应为“{origin.office.name}”。")
        office = unit.superior_office()
        if office is None:
            raise Refused("unit", f"“{unit.name}”没有上级办公室，不能报送信息。")
        authors = [self.user(name, "authors") for name in _names(c["authors"])]
        creator = authors[0] if authors else self.actor
        if creator is None:
            raise Refused("authors", "请填写作者（命令行导入没有操作人可代替）。")
        self.items[number] = imported.item_import(
            batch=self.batch,
            number=number,
            unit=unit,
            office=office,
            origin=origin,
            created_by=creator,
            authors=authors,
            reviewer=self.user(c["reviewer"], "reviewer") if c["reviewer"] else None,
            fields={k: c[k] for k in imported.ITEM_FIELDS},
        )
        self.counts["items"] += 1

    def adoption_row(self, c: dict) -> None:
        item = self.item(c["item"])
        if c["office"]:
            office = self.unit(c["office"], "office")
            publications = Publication.objects.filter(office=office)
            where = office.name
        else:
            if c["level"] is None:
                raise Refused("level", "外部刊物须填写刊物层级（本系统内的刊物请填写主办单位）。")
            publications = Publication.objects.filter(office=None, level=c["level"])
            where, office = "外部刊物中", None
        publication = publications.filter(name=c["publication"]).first()
        if publication is None:
            raise Refused("publication", f"{where}没有刊物《{c['publication']}》。")
        if office is not None and office.pk != item.office_id:
            raise Refused("office", f"信息“{c['item']}”报送的是{item.office.name}。")
        column = None
        if c["column"]:
            column = publication.columns.filter(name=c["column"]).first()
            if column is None:
                raise Refused("column", f"{publication}没有栏目“{c['column']}”。")
        elif publication.columns.filter(is_active=True).exists():
            raise Refused("column", f"请填写{publication}的栏目。")
        if c["kind"] not in dict((column or publication).kind_choices()):
            raise Refused("kind", f"{column or publication}不支持该采用类型。")
        if item.adoptions.filter(publication=publication).exists():
            raise Refused("publication", f"信息“{c['item']}”已被{publication}采用，不能重复。")
        imported.adoption_import(
            batch=self.batch,
            item=item,
            publication=publication,
            column=column,
            adopted_by=self.user(c["adopted_by"], "adopted_by", default=self.actor),
            fields={k: c[k] for k in ("kind", "adopted_at", "source_issue", "note")},
        )
        self.counts["adoptions"] += 1

    def annotation_row(self, c: dict) -> None:
        item = self.item(c["item"])
        leader = self.user(c["leader"], "leader") if c["leader"] else None
        if leader is not None and not leader.memberships.filter(role=Role.LEADER).exists():
            raise Refused("leader", f"“{leader}”不是领导。")
        imported.annotation_import(
            batch=self.batch,
            item=item,
            leader=leader,
            entered_by=self.user(c["entered_by"], "entered_by", default=self.actor),
            fields={k: c[k] for k in ("leader_name", "leader_level", "text", "annotated_at")},
        )
        self.counts["annotations"] += 1

    def penalty_row(self, c: dict) -> None:
        imported.penalty_import(
            batch=self.batch,
            actor=self.actor,
            unit=self.unit(c["unit"]),
            item=self.item(c["item"]) if c["item"] else None,
            fields={
                k: c[k] for k in ("kind", "occurred_on", "description", "learned_from", "serious")
            },
        )
        self.counts["penalties"] += 1

    def solicitation_row(self, c: dict) -> None:
        number = c["number"]
        if number in self.solicitations:
            raise Refused("number", f"约稿编号“{number}”在本表中重复。")
        office = self.unit(c["office"], "office")
        if not office.is_office:
            raise Refused("office", f"“{office.name}”不是政府办公室，不能发起约稿。")
        units = [self.unit(name, "units") for name in _names(c["units"])]
        if outside := [u.name for u in units if u == office or not u.path.startswith(office.path)]:
            raise Refused("units", f"{'、'.join(outside)}不是{office.name}所属的单位。")
        self.solicitations[number] = imported.solicitation_import(
            batch=self.batch,
            number=number,
            office=office,
            units=units,
            created_by=self.user(c["created_by"], "created_by", default=self.actor),
            fields={k: c[k] for k in ("topic", "requirements", "deadline", "created_at")},
        )
        self.counts["solicitations"] += 1

    def response_row(self, c: dict) -> None:
        if c["solicitation"] not in self.solicitations:
            raise Refused(
                "solicitation",
                f"找不到编号为“{c['solicitation']}”的约稿（须在“约稿”表中且该行无误）。",
            )
        solicitation = self.solicitations[c["solicitation"]]
        item = self.item(c["item"])
        if item.office_id != solicitation.office_id:
            raise Refused("item", f"信息“{c['item']}”没有报送{solicitation.office.name}。")
        if not solicitation.units.filter(pk=item.unit_id).exists():
            raise Refused("item", f"约稿“{c['solicitation']}”没有向{item.unit.name}约稿。")
        if solicitation.responses.filter(item=item).exists():
            raise Refused("item", f"信息“{c['item']}”已关联此约稿。")
        imported.response_import(
            batch=self.batch,
            solicitation=solicitation,
            item=item,
            linked_by=self.user(c["linked_by"], "linked_by", default=self.actor),
            linked_at=c["linked_at"],
        )
        self.counts["responses"] += 1

    def combined_row(self, c: dict) -> None:
        office = self.unit(c["office"], "office")
        publication = Publication.objects.filter(office=office, name=c["publication"]).first()
        if publication is None:
            raise Refused("publication", f"{office.name}没有刊物《{c['publication']}》。")
        numbers = list(dict.fromkeys(_names(c["items"])))
        if len(numbers) < 2:
            raise Refused("items", "合编稿须由至少两条信息合编，请填写两个以上信息编号。")
        items = [self.item(number, "items") for number in numbers]
        if not_adopted := [
            n for n, i in zip(numbers, items, strict=True) if not _adopted(i, publication)
        ]:
            raise Refused("items", f"信息“{'、'.join(not_adopted)}”没有被{publication}采用。")
        key = (publication.pk, c["year"], bool(c["supplement"]), c["number"])
        if (
            key not in self.issues
            and Issue.objects.filter(
                publication=publication, year=key[1], supplement=key[2], number=key[3]
            ).exists()
        ):
            raise Refused("number", f"{publication}{key[1]}年第{key[3]}期已在本系统中，不能导入。")
        imported.combined_entry_import(
            batch=self.batch,
            publication=publication,
            items=items,
            editor=self.user(c["editor"], "editor", default=self.actor),
            fields={
                k: c[k]
                for k in ("year", "number", "supplement", "date", "title", "body", "editor_note")
            },
        )
        self.issues.add(key)
        self.counts["combined"] += 1


def _adopted(item: Item, publication: Publication) -> bool:
    return item.adoptions.filter(publication=publication).exists()


def _names(text: str | None) -> list[str]:
    text = (text or "").replace("，", "、").replace(",", "、")
    return [name for name in text.split("、") if name]
