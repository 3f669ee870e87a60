from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from govdesk.units.models import Unit, UnitCategory


def name_match(query: str, *text_fields: str) -> Q:
    """Units and people both carry ``name_pinyin``/``name_initials``: match the query
    against those and, case-insensitively, against the given text fields."""
    q = query.strip().lower()
    condition = Q(name_pinyin__contains=q) | Q(name_initials__startswith=q)
    for field in text_fields:
        condition |= Q(**{f"{field}__icontains": q})
    return condition


def unit_search(query: str, *, within: QuerySet | None = None, limit: int = 20) -> QuerySet:
    """Units whose name, pinyin or initials contain ``query`` ('城关', 'chengguan', 'cgz')."""
    qs = within if within is not None else Unit.objects.filter(is_active=True)
    if query.strip():
        qs = qs.filter(name_match(query, "name", "short_name"))
    return qs.order_by("path")[:limit]


def unit_tree(units: QuerySet, *, year: int) -> QuerySet:
    """``units`` in tree order with their category for ``year`` and their number of people."""
    category = UnitCategory.objects.filter(unit=OuterRef("pk"), year=year).values("category")
    return units.order_by("path").annotate(
        category_now=Subquery(category[:1]),
        people=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True),
    )
