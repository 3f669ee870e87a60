"""Reads the API needs that have no selector elsewhere yet. Each starts from what the
policy lets the viewer see; candidates to move to ``publications/selectors.py``."""

import functools

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from govdesk import policy
from govdesk.accounts.models import User
from govdesk.items.models import Attachment, ItemVersion
from govdesk.publications.models import Adoption, Column, Publication
from govdesk.units.models import Unit

# A ``UserRef`` shows three of a user's columns. The others (password hash, flags, dates,
# pinyin keys) would be compiled into the SQL and built into objects on every item
# response, three users at a time: a measurable share of the API's CPU (bench api).
USER_REF_FIELDS = ("id", "username", "full_name")
_USER_REST = tuple(
    f.attname for f in User._meta.concrete_fields if f.attname not in USER_REF_FIELDS
)


def with_user_refs(qs: QuerySet, *relations: str) -> QuerySet:
    """``qs`` joining the users at ``relations``, reading only what a ``UserRef`` shows."""
    return qs.select_related(*relations).defer(
        *(f"{relation}__{name}" for relation in relations for name in _USER_REST)
    )


# The item answer's lists that most items have none of (``ItemDetailOut``). Whether
# each has rows is one plain statement of three ``EXISTS``: an empty list then costs
# neither its own query nor Django compiling the joined columns it would select (the
# same ``EXISTS`` as ORM annotations cost more CPU to resolve than the lists did).
_FLAGGED_LISTS = {"adoptions": Adoption, "attachments": Attachment, "versions": ItemVersion}
NO_LISTS = {f"has_{name}": False for name in _FLAGGED_LISTS}


@functools.cache
def _list_flags_sql() -> str:
    quote = connection.ops.quote_name
    tests = (
        f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.get_field('item').column)} = %s)"
        for model in _FLAGGED_LISTS.values()
    )
    return "SELECT " + ", ".join(tests)


def list_flags(item_id: int) -> dict[str, bool]:
    """``has_adoptions``, ``has_attachments`` and ``has_versions`` of one item."""
    with connection.cursor() as cursor:
        cursor.execute(_list_flags_sql(), [item_id] * len(_FLAGGED_LISTS))
        row = cursor.fetchone()
    return {f"has_{name}": bool(flag) for name, flag in zip(_FLAGGED_LISTS, row, strict=True)}


def viewer_offices(viewer) -> list[int]:
    """Offices the viewer works at, and the offices their units report to."""
    unit_ids = list(policy.roles(viewer).by_unit)
    office_ids = set()
    for unit in Unit.objects.filter(pk__in=unit_ids):
        if unit.is_office:
            office_ids.add(unit.pk)
        superior = unit.superior_office()
        if superior is not None and not unit.is_office:
            office_ids.add(superior.pk)
    return sorted(office_ids)


def publication_list(*, viewer, office: int | None = None, level: int | None = None) -> QuerySet:
    """The viewer's offices' publications, then those above the deployment (省、国务院),
    which every signed-in user may report to."""
    qs = Publication.objects.filter(is_active=True).select_related("office")
    if not policy.roles(viewer).superuser:
        qs = qs.filter(Q(office_id__in=viewer_offices(viewer)) | Q(office=None))
    if office:
        qs = qs.filter(office_id=office)
    if level:
        qs = qs.filter(Q(level=level) | Q(office__level=level))
    return qs.prefetch_related(
        Prefetch("columns", queryset=Column.objects.filter(is_active=True))
    ).order_by(F("office__path").asc(nulls_last=True), "level", "sort_order", "id")


def adoption_list(*, viewer, filters: dict) -> QuerySet:
    """Adoptions of the items the viewer may see."""
    qs = Adoption.objects.filter(item__in=policy.visible_items(viewer)).select_related(
        "item__unit", "publication", "column", "adopted_by"
    )
    if filters.get("publication"):
        qs = qs.filter(publication_id=filters["publication"])
    if filters.get("unit"):
        qs = qs.filter(item__unit_id=filters["unit"])
    if filters.get("date_from"):
        qs = qs.filter(adopted_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(adopted_at__date__lte=filters["date_to"])
    return qs.order_by("-adopted_at", "-id")


def with_parent_ids(units: QuerySet) -> QuerySet:
    """Annotate each unit with its parent's id (``parent_pk``) in the same query."""
    parent = Unit.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen)
    ).values("pk")[:1]
    return units.annotate(parent_pk=Subquery(parent))
