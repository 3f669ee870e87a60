"""Every webhook event of ``EVENTS``, through the real services, in the database of a
worker rig (``govdesk.emergencies.drill.Rig``): ``test_worker_webhooks`` runs ``main`` in a
process of its own with the rig's environment and the addresses as arguments.

It builds the test ``world`` with a year of 城关镇 work behind the awards (nothing is
subscribed yet), then subscribes a signed address at each URL to every event and
makes each event happen, and prints {idempotency key: [address, event]} of what it
queued."""

import json
import sys

from django.test import override_settings

from govdesk.awards.services import evaluation_confirm
from govdesk.circulars import services as circulars
from govdesk.circulars.models import Kind as CircularKind
from govdesk.items.services import item_forward
from govdesk.notifications.models import ChannelKind, Delivery, Webhook
from govdesk.notifications.reminders import send_reminders
from govdesk.notifications.webhooks import EVENTS
from govdesk.scoring.services import scheme_install_preset
from tests.conftest import TEST_SETTINGS, build_world
from tests.fixtures.annotations import supervise
from tests.fixtures.awards import Year, awards_install, make_ready
from tests.fixtures.bulletins import adopt, release
from tests.fixtures.emergencies import flood
from tests.fixtures.scoring import YEAR, Events

SECRET = "every-event"


def produce(urls: list[str]) -> dict[str, tuple[str, str]]:
    world = build_world()
    scheme = scheme_install_preset(actor=None, office=world.county, year=YEAR, preset="county")
    make_ready(world, Year(world, Events(world)), awards_install(world, scheme))
    hooks = [
        Webhook.objects.create(
            office=world.county,
            name=f"全部事件{n}",
            kind=ChannelKind.JSON,
            url=url,
            alerts=False,
            events=list(EVENTS),
            secret=SECRET,
        )
        for n, url in enumerate(urls, start=1)
    ]
    item = adopt(world, title="城关镇完成夏收")  # item.submitted, item.adopted
    item_forward(item_id=item.pk, actor=world.county_editor)  # item.forwarded
    release(world, item)  # issue.released
    supervise(world, item)  # annotation.made, with a task long overdue
    send_reminders()  # the overdue scan: supervision.overdue
    first = flood(world)  # emergency.filed (and item.submitted for each report)
    flood(world, event=first.event)  # emergency.updated
    flood(world, event=first.event, final=True)  # emergency.closed
    draft = circulars.circular_prepare(
        actor=world.county_editor,
        office=world.county,
        kind=CircularKind.SCORING_MONTH,
        year=YEAR,
        number=11,
    )
    circulars.circular_issue(
        actor=world.county_chief, circular_id=draft.pk, doc_number=draft.doc_number
    )  # notice.issued
    evaluation_confirm(actor=world.county_chief, scheme=scheme)  # award.confirmed
    return {
        d.key: (d.target, d.message.data["event"])
        for d in Delivery.objects.filter(webhook__in=hooks).select_related("message")
    }


def main() -> None:
    # The world's accounts hashed as in the tests: the production hasher would cost
    # about a second of CPU for each of them.
    with override_settings(PASSWORD_HASHERS=TEST_SETTINGS["PASSWORD_HASHERS"]):
        print(json.dumps(produce(sys.argv[1:])))
