from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from govdesk import policy
from govdesk.units.models import Unit, UnitCategory


def unit_search(query: str, *, within: QuerySet | None = None, limit: int = 20) -> QuerySet:
    """Units whose name, pinyin or initials contain ``query`` ('城关', 'chengguan', 'cgz')."""
    qs = within if within is not None else Unit.objects.filter(is_active=True)
    q = query.strip().lower()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(name_pinyin__contains=q)
            | Q(name_initials__startswith=q)
        )
    return qs.order_by("path")[:limit]


def subordinate_units(office: Unit) -> QuerySet:
    """Units that report directly to ``office``."""
    return Unit.objects.get_children(office).filter(is_active=True)


def _subtrees(offices) -> Q:
    condition = Q(pk__in=[])
    for office in offices:
        condition |= Q(path__startswith=office.path)
    return condition


def office_units(viewer) -> QuerySet:
    """The trees of the offices where the viewer administers, edits or chief-edits:
    each such office and every unit under it."""
    condition = _subtrees(policy.desk_offices(viewer))
    return Unit.objects.filter(condition | Q(pk__in=policy.managed_units(viewer).values("pk")))


def visible_units(viewer) -> QuerySet:
    """Units whose names and people the viewer may look up: their own units and the
    trees of their offices (see ``office_units``)."""
    own = list(policy.roles(viewer).by_unit)
    return Unit.objects.filter(Q(pk__in=own) | Q(pk__in=office_units(viewer).values("pk")))


def unit_tree(units: QuerySet, *, year: int) -> QuerySet:
    """``units`` in tree order with their category for ``year`` and their number of people."""
    category = UnitCategory.objects.filter(unit=OuterRef("pk"), year=year).values("category")
    return units.order_by("path").annotate(
        category_now=Subquery(category[:1]),
        people=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True),
    )
