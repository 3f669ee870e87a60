"""The circulars' follow-ups to the change log: circulars sit above notifications, so
they tell people through its ``notify`` once the change has committed."""

from django.urls import reverse

from govdesk.accounts.models import Role
from govdesk.audit.dispatch import subscribe
from govdesk.circulars.models import Circular, Kind
from govdesk.notifications.models import Kind as NotificationKind
from govdesk.notifications.recipients import desk_people, unit_people
from govdesk.notifications.services import notify


@subscribe("circular.prepare", after_commit=True)
def circular_draft_prepared(change) -> None:
    """A draft the worker prepared on its own (no actor) waits for whoever issues it:
    the duty office for a duty notice, the desk for a scoring one."""
    if change.actor_id is not None:
        return  # prepared by hand: its preparer is looking at it
    draft = Circular.objects.get(pk=change.target_id)
    if draft.kind == Kind.DUTY_MONTH:
        people = unit_people([draft.office_id], {Role.DUTY, Role.CHIEF})
    else:
        people = desk_people(draft.office_id)
    for person in people:
        notify(
            user=person,
            kind=NotificationKind.CIRCULAR_DRAFT,
            title=f"{draft.title}（草稿）已生成，请核对后签发",
            url=reverse("circulars:detail", args=[draft.pk]),
            key=f"circular:{draft.pk}",
        )
