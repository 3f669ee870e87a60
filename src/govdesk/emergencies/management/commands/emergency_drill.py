import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from govdesk.accounts.models import Role, User
from govdesk.accounts.services import membership_grant
from govdesk.emergencies import services
from govdesk.emergencies.models import Category, Severity
from govdesk.lib import clock
from govdesk.notifications.models import Webhook
from govdesk.notifications.webhooks import EVENTS
from govdesk.units.models import Level, Unit
from govdesk.units.services import unit_create

OFFICE = "演练县人民政府办公室"


class Command(BaseCommand):
    help = "紧急信息演练：在空数据库中建立演练单位并连续报送紧急信息（供测试与基准使用）。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--webhook", default="", help="通用 JSON Webhook 地址")
        parser.add_argument("--pause", type=float, default=0.0, help="两次报送之间的秒数")
        parser.add_argument("--events", default="", help="订阅全部事件的推送地址（签名）")

    def handle(self, *args, count, webhook, pause, events, **options):
        if Unit.objects.exclude(name__startswith="演练").exists():
            raise CommandError("演练只能在空数据库中进行（本库已有真实单位）。")
        officer = self._world(webhook, events)
        submitted = {}
        for n in range(count):
            now = clock.now()
            report = services.report_file(
                actor=officer,
                unit=officer.memberships.get().unit,
                title=f"演练第{n + 1}起：东河村山洪",
                body="演练：东河村突降暴雨引发山洪，冲毁村道300米，暂无人员伤亡。",
                facts={
                    "occurred_at": now,
                    "learned_at": now,
                    "place": "东河村",
                    "category": Category.NATURAL,
                    "severity": Severity.LARGE,
                },
            )
            message = report.eventmessage_set.get()
            submitted[message.pk] = message.created_at.timestamp()
            time.sleep(pause)
        self.stdout.write(json.dumps(submitted))

    @transaction.atomic
    def _world(self, webhook: str, events: str) -> User:
        existing = User.objects.filter(username="drill_officer").first()
        if existing:
            return existing
        office = unit_create(
            actor=None, parent=None, name=OFFICE, kind="office", level=Level.COUNTY
        )
        town = unit_create(actor=None, parent=office, name="演练镇人民政府", kind="township")
        for username, unit, role in [
            ("drill_duty", office, Role.DUTY),
            ("drill_leader", office, Role.LEADER),
            ("drill_officer", town, Role.OFFICER),
        ]:
            user = User.objects.create_user(
                username=username, full_name=username, email=f"{username}@drill.gov.cn"
            )
            level = Level.COUNTY if role == Role.LEADER else None
            membership_grant(actor=None, user=user, unit=unit, role=role, leader_level=level)
        services.office_settings(office).leaders.add(User.objects.get(username="drill_leader"))
        if webhook:
            Webhook.objects.create(office=office, name="演练", kind="json", url=webhook)
        if events:
            Webhook.objects.create(
                office=office,
                name="演练事件订阅",
                kind="json",
                url=events,
                alerts=False,
                events=list(EVENTS),
                secret="drill",
            )
        return User.objects.get(username="drill_officer")
