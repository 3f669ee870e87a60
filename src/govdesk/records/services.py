"""Moving in (往年台账导入) and its inverse: a year of an office's records in and out of
the records workbook (``columns.SHEETS``)."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from govdesk.accounts.models import Membership
from govdesk.annotations.models import Annotation
from govdesk.audit.services import record
from govdesk.awards import presets as award_presets
from govdesk.bulletins.models import IssueEntry, IssueState
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.publications.models import Adoption
from govdesk.publications.presets import get_preset as publication_preset
from govdesk.records.columns import PRESETS, SHEETS
from govdesk.records.loader import Loader
from govdesk.records.models import ImportBatch, counts_summary
from govdesk.records.workbook import Problem, read_files, workbook
from govdesk.scoring import ledger
from govdesk.scoring.models import Penalty, Scheme, SchemeStatus
from govdesk.scoring.presets import get_preset as scheme_preset
from govdesk.solicitations.models import Solicitation, SolicitationResponse
from govdesk.units.models import Unit, UnitCategory


@dataclass
class ImportReport:
    """A dry run's or an apply's outcome: problems (then nothing was kept) or counts."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    batch: ImportBatch | None = None

    @property
    def summary(self) -> str:
        return counts_summary(self.counts)


class _DryRun(Exception):
    """Raised to roll a checked import back."""


def records_import(*, actor, files: list[tuple[str, object]], apply: bool) -> ImportReport:
    """Check (``apply`` False) or bring in the records in ``files`` (``(name, file)``,
    .xlsx or .csv). Either way every row is tried inside one transaction, so a dry run
    finds what the services would refuse too; the transaction is kept only when
    ``apply`` and no row has a problem: all or nothing."""
    rows, problems = read_files(files)
    report = ImportReport(problems=problems)
    names = "、".join(Path(name).name for name, _ in files)[:200]
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(created_by=actor, file_name=names)
            loader = Loader(actor=actor, batch=batch)
            loader.load(rows)
            order = {sheet.title: n for n, sheet in enumerate(SHEETS, start=1)}
            report.problems = sorted(
                report.problems + loader.problems,
                key=lambda p: (order.get(p.sheet, 0), p.row or 0),
            )
            report.counts = dict(loader.counts)
            if report.problems or not apply:
                raise _DryRun
            _rescore(batch)
            batch.counts = report.counts
            batch.save(update_fields=["counts"])
            record(
                actor=actor,
                action="records.imported",
                target=batch,
                summary=f"导入往年台账（{names}）：{report.summary}",
                counts=report.counts,
            )
            report.batch = batch
    except _DryRun:
        pass
    return report


def _rescore(batch: ImportBatch) -> None:
    """Rebuild the ledgers the imported items and penalties fall in, so each counts on
    its own date (the years and offices it touches)."""

    def imported(model):
        marked = batch.records.filter(content_type=ContentType.objects.get_for_model(model))
        return model.objects.filter(pk__in=marked.values("object_id"))

    items = imported(Item).filter(submitted_at__isnull=False)
    pairs = {
        (office_id, timezone.localtime(moment).year)
        for office_id, moment in items.values_list("office_id", "submitted_at")
    }
    for unit, occurred in (
        (p.unit, p.occurred_on) for p in imported(Penalty).select_related("unit")
    ):
        office = unit.superior_office()
        if office is not None:
            pairs.add((office.pk, occurred.year))
    # A solicitation's deadline counts against the units that did not answer it.
    for office_id, deadline in imported(Solicitation).values_list("office_id", "deadline"):
        pairs.add((office_id, timezone.localtime(deadline).year))
    condition = Q(pk__in=[])
    for office_id, year in pairs:
        condition |= Q(office_id=office_id, year=year)
    for scheme in Scheme.objects.filter(condition, status=SchemeStatus.IN_FORCE):
        ledger.rebuild(scheme)


# --- export ------------------------------------------------------------------------


def _preset_of(matches) -> str | None:
    """The preset (``county``, ``city``) that ``matches(key)`` recognises, if any."""
    return next((key for key in PRESETS.values() if matches(key)), None)


def records_export(*, office: Unit, year: int) -> bytes:
    """``office``'s ``year`` as a records workbook: its units (with the offices above
    it, so the tree can be rebuilt), people, schemes, and the items submitted that
    year with their adoptions, annotations and penalties. Importing the file into an
    empty database gives the same rankings and award candidates."""
    ancestors = list(Unit.objects.get_ancestors(office)) if not office.is_root() else []
    units = [*ancestors, *Unit.objects.get_tree(office)]
    unit_ids = {u.pk for u in units}
    offices = [u for u in units if u.is_office]
    rows: dict[str, list[dict]] = {}

    codes = {o.pk: set(o.publications.values_list("code", flat=True)) for o in offices}
    rows["units"] = [
        {
            "unit": u.name,
            "short_name": u.short_name,
            "kind": u.kind,
            "parent": parent.name if (parent := Unit.objects.get_parent(u)) else "",
            "level": u.level if u.is_office else None,
            "counterpart": u.counterpart.name if u.counterpart_id in unit_ids else "",
            "preset": _preset_of(
                lambda key, u=u: (
                    u.is_office
                    and {p.code for p in publication_preset(key).publications} <= codes[u.pk]
                )
            ),
            "active": u.is_active,
        }
        for u in units
    ]
    rows["categories"] = [
        {"unit": c.unit.name, "year": c.year, "category": c.category, "note": c.note}
        for c in UnitCategory.objects.filter(unit__in=unit_ids, year=year).select_related("unit")
    ]

    items = list(
        Item.objects.filter(
            office__in=[o.pk for o in offices],
            unit__in=unit_ids,
            submitted_at__gte=clock.midnight(date(year, 1, 1)),
            submitted_at__lt=clock.midnight(date(year + 1, 1, 1)),
        )
        .select_related("unit", "reviewer", "created_by")
        .prefetch_related("authors")
        .order_by("submitted_at", "pk")
    )
    numbers = {item.pk: str(item.pk) for item in items}
    adoptions = list(
        Adoption.objects.filter(item__in=numbers)
        .select_related("publication__office", "column", "adopted_by")
        .order_by("adopted_at", "pk")
    )
    annotations = list(
        Annotation.objects.filter(item__in=numbers)
        .select_related("leader", "entered_by")
        .order_by("annotated_at", "pk")
    )
    penalties = list(
        Penalty.objects.filter(unit__in=unit_ids, occurred_on__year=year, withdrawn=False)
        .select_related("unit")
        .order_by("occurred_on", "pk")
    )

    memberships = Membership.objects.filter(unit__in=unit_ids, is_active=True).select_related(
        "user", "unit"
    )
    people = [
        {
            "username": m.user.username,
            "full_name": m.user.full_name,
            "email": m.user.email,
            "phone": m.user.phone,
            "unit": m.unit.name,
            "role": m.role,
            "leader_level": m.leader_level,
            "title": m.title,
        }
        for m in memberships.order_by("unit__path", "user__username", "role")
    ]
    listed = {p["username"] for p in people}
    referenced = [
        *(a for item in items for a in item.authors.all()),
        *(item.reviewer for item in items if item.reviewer),
        *(a.adopted_by for a in adoptions),
        *(a.entered_by for a in annotations),
        *(a.leader for a in annotations if a.leader),
    ]
    for user in referenced:  # people who have left: accounts without a role
        if user.username not in listed:
            listed.add(user.username)
            people.append(
                {
                    "username": user.username,
                    "full_name": user.full_name,
                    "email": user.email,
                    "phone": user.phone,
                }
            )
    rows["people"] = people

    schemes = Scheme.objects.filter(office__in=offices, year=year, status=SchemeStatus.IN_FORCE)
    rows["schemes"], rows["targets"] = [], []
    for scheme in schemes.select_related("office"):
        award_codes = set(scheme.awards.values_list("code", flat=True))
        rows["schemes"].append(
            {
                "office": scheme.office.name,
                "year": year,
                "preset": _preset_of(lambda k, s=scheme: scheme_preset(k)["name"] == s.name),
                "awards": _preset_of(
                    lambda k, codes=award_codes: (
                        bool(codes)
                        and {a["code"] for a in award_presets.get_preset(k)["awards"]} == codes
                    )
                ),
            }
        )
        rows["targets"] += [
            {
                "office": scheme.office.name,
                "year": year,
                "unit_kind": t.unit_kind or None,
                "category": t.category,
                "points": t.points,
            }
            for t in scheme.targets.all()
        ]

    rows["items"] = [
        {
            "number": numbers[item.pk],
            "unit": item.unit.name,
            "forwarded_from": numbers.get(item.forwarded_from_id, ""),
            "title": item.title,
            "body": item.body,
            "kind": item.kind,
            "urgency": item.urgency,
            "submitted_at": item.submitted_at,
            "state": item.state,
            "decided_at": item.decided_at,
            "authors": "、".join(a.username for a in item.authors.all()),
            "reviewer": item.reviewer.username if item.reviewer else "",
            "writer": item.writer,
            "topics": item.topics,
        }
        for item in items
    ]
    rows["adoptions"] = [
        {
            "item": numbers[a.item_id],
            "office": a.publication.office.name if a.publication.office else "",
            "level": a.publication.level,
            "publication": a.publication.name,
            "column": a.column.name if a.column else "",
            "kind": a.kind,
            "adopted_at": a.adopted_at,
            "adopted_by": a.adopted_by.username,
            "source_issue": a.source_issue,
            "note": a.note,
        }
        for a in adoptions
    ]
    rows["annotations"] = [
        {
            "item": numbers[a.item_id],
            "leader_name": a.leader_name,
            "leader_level": a.leader_level,
            "text": a.text,
            "annotated_at": a.annotated_at,
            "leader": a.leader.username if a.leader else "",
            "entered_by": a.entered_by.username,
        }
        for a in annotations
    ]
    rows["penalties"] = [
        {
            "unit": p.unit.name,
            "kind": p.kind,
            "occurred_on": p.occurred_on,
            "description": p.description,
            "item": numbers.get(p.item_id, ""),
            "learned_from": p.learned_from,
            "serious": p.serious_impact,
        }
        for p in penalties
    ]
    rows["solicitations"], rows["responses"] = _solicitation_rows(offices, year, numbers)
    rows["combined"] = _combined_rows(numbers)
    return workbook(rows)


def _solicitation_rows(offices, year: int, numbers: dict[int, str]) -> tuple[list, list]:
    """The offices' solicitations due in ``year`` or answered by an exported item, and
    the answers among the exported items."""
    answers = list(
        SolicitationResponse.objects.filter(item__in=numbers, solicitation__office__in=offices)
        .select_related("linked_by")
        .order_by("linked_at", "pk")
    )
    solicitations = (
        Solicitation.objects.filter(
            Q(deadline__gte=clock.midnight(date(year, 1, 1)))
            & Q(deadline__lt=clock.midnight(date(year + 1, 1, 1)))
            | Q(pk__in={a.solicitation_id for a in answers}),
            office__in=offices,
        )
        .select_related("office", "created_by")
        .prefetch_related("units")
        .order_by("created_at", "pk")
    )
    asked = [
        {
            "number": str(s.pk),
            "office": s.office.name,
            "topic": s.topic,
            "requirements": s.requirements,
            "deadline": s.deadline,
            "units": "、".join(u.name for u in s.units.all()),
            "created_by": s.created_by.username,
            "created_at": s.created_at,
        }
        for s in solicitations
    ]
    answered = [
        {
            "solicitation": str(a.solicitation_id),
            "item": numbers[a.item_id],
            "linked_by": a.linked_by.username,
            "linked_at": a.linked_at,
        }
        for a in answers
    ]
    return asked, answered


def _combined_rows(numbers: dict[int, str]) -> list[dict]:
    """The 综合信息 articles of released issues whose items are all exported."""
    entries = (
        IssueEntry.objects.filter(
            combined=True, items__in=numbers, issue__state=IssueState.RELEASED
        )
        .distinct()
        .select_related("issue__publication__office", "issue__editor")
        .prefetch_related("items")
        .order_by("issue__released_at", "issue_id", "position")
    )
    rows = []
    for entry in entries:
        issue, ids = entry.issue, [i.pk for i in entry.items.all()]
        if all(pk in numbers for pk in ids):
            rows.append(
                {
                    "office": issue.publication.office.name,
                    "publication": issue.publication.name,
                    "year": issue.year,
                    "number": issue.number,
                    "supplement": issue.supplement,
                    "date": issue.date,
                    "items": "、".join(numbers[pk] for pk in sorted(ids)),
                    "title": entry.title,
                    "body": entry.body,
                    "editor_note": entry.editor_note,
                    "editor": issue.editor.username,
                }
            )
    return rows


def template() -> bytes:
    """The empty workbook people fill in: every sheet's header and notes rows."""
    return workbook({})
