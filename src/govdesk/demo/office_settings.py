"""What the demo shows on the office's own settings pages and the adoption dialog:

- 刊物与栏目: the county's chief added a 《快讯》 column for this year's key work and
  retired one the office no longer fills;
- the adoption dialog's 约稿 note: the county's desk asked two townships for a piece on
  winter fire safety, and an item waiting on the desk answers it.

The rules page (计分规则) shows the seed schemes the demo installs. Everything goes
through the services, at fixed moments before the demo's end."""

from datetime import datetime, timedelta

from govdesk.audit.models import Change
from govdesk.items.models import Item, State
from govdesk.lib import clock
from govdesk.publications.models import Publication
from govdesk.publications.services import column_add, column_update
from govdesk.solicitations.services import solicitation_answer, solicitation_create
from govdesk.units.models import Unit

NEW_COLUMN = "乡村振兴"
RETIRED_COLUMN = "创卫专栏"
TOPIC = "冬季消防安全工作情况"


def office_settings_build(*, chief, editor, county: Unit, setup_at: datetime, end: datetime):
    kuaixun = Publication.objects.get(office=county, code="kuaixun")
    with clock.frozen_at(setup_at):
        retired = column_add(actor=chief, publication=kuaixun, name=RETIRED_COLUMN)
    with clock.frozen_at(end - timedelta(days=20)):
        column_update(actor=chief, column=retired, is_active=False)
        column_add(actor=chief, publication=kuaixun, name=NEW_COLUMN)
    # The newest item waiting on the county's desk (not the reopened one, whose story
    # is its own) answers the county's solicitation.
    waiting = (
        Item.objects.filter(office=county, state=State.SUBMITTED)
        .exclude(unit=county)
        .exclude(pk__in=Change.objects.filter(action="item.reopen").values("target_id"))
        .select_related("unit", "created_by")
        .order_by("-submitted_at")
        .first()
    )
    if waiting is None:
        return
    with clock.frozen_at(end - timedelta(days=2)):
        asked = solicitation_create(
            actor=editor,
            office=county,
            topic=TOPIC,
            requirements="请报送本单位冬季消防安全检查、隐患整改和宣传情况，突出具体做法和数据。",
            deadline=end + timedelta(days=5),
            unit_ids=[waiting.unit_id],
        )
    answered_at = max(waiting.submitted_at, end - timedelta(days=2)) + timedelta(minutes=5)
    with clock.frozen_at(min(answered_at, end)):
        solicitation_answer(actor=waiting.created_by, solicitation_id=asked.pk, item_id=waiting.pk)
