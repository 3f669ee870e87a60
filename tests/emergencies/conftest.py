"""Emergency fixtures: the shared world plus the county's duty e-mail and alert
settings, tasks run inline (huey immediate mode), and helpers that file reports at
a frozen moment."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from huey.contrib.djhuey import HUEY

from govdesk.emergencies import services
from govdesk.emergencies.models import Category, Severity
from govdesk.lib import clock
from govdesk.notifications.models import Webhook

TZ = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 7, 10, 2, 0, tzinfo=TZ)  # 02:00, far outside office hours


def facts(occurred_at: datetime, **overrides) -> dict:
    return {
        "occurred_at": occurred_at,
        "learned_at": occurred_at + timedelta(minutes=10),
        "place": "城关镇东河村",
        "category": Category.NATURAL,
        "severity": Severity.MAJOR,
        "casualties": "无人员伤亡",
        "trend": "水位仍在上涨",
        "leaders_on_site": "镇长王明",
        "measures": "已转移群众120人",
        **overrides,
    }


@pytest.fixture(autouse=True)
def immediate_queue():
    was = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = was


@dataclass
class Desk:
    world: object
    commit: object

    def file(self, at: datetime, *, event=None, final=False, title="东河村山洪冲毁道路", **fact):
        """The township officer files a written report at ``at``; callbacks run as on commit."""
        with clock.frozen_at(at), self.commit(execute=True):
            return services.report_file(
                actor=self.world.a_officer,
                unit=self.world.town_a,
                title=title,
                body="7月10日1时许，城关镇东河村突降暴雨引发山洪，冲毁村道300米。",
                facts=facts(fact.pop("occurred_at", NIGHT - timedelta(hours=1)), **fact),
                event_id=event.pk if event else None,
                is_final=final,
            )

    def scan(self, at: datetime):
        """The worker's minute: the emergency scan and the pipeline's sweep."""
        from govdesk.emergencies import tasks
        from govdesk.notifications import tasks as pipeline

        with clock.frozen_at(at), self.commit(execute=True):
            tasks.scan.call_local()
            pipeline.sweep.call_local()


@pytest.fixture
def desk(world, django_capture_on_commit_callbacks) -> Desk:
    for name in ("county_duty", "county_leader", "county_chief"):
        person = world.people[name]
        person.email = f"{name}@county.gov.cn"
        person.save()
    settings = services.office_settings(world.county)
    settings.leaders.add(world.county_leader)
    return Desk(world, django_capture_on_commit_callbacks)


@pytest.fixture
def webhook(world):
    def _add(url, kind="json"):
        return Webhook.objects.create(office=world.county, name=kind, kind=kind, url=url)

    return _add
