from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from govdesk.circulars import services
from govdesk.lib import clock


class Command(BaseCommand):
    help = (
        "生成某月的通报草稿（考核通报、值班抽查通报）；"
        "不指定月份时，如今天已过本月第一个工作日，生成上月草稿。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="月份，如 2026-09")

    def handle(self, *args, month=None, **options):
        if month:
            try:
                first = date.fromisoformat(f"{month}-01")
            except ValueError as error:
                raise CommandError(f"月份格式应为 YYYY-MM，如 2026-09：{month}") from error
            made = services.prepare_month(year=first.year, month=first.month)
        else:
            made = services.monthly_drafts(today=timezone.localdate(clock.now()))
        for circular in made:
            self.stdout.write(f"{circular.office.name}：{circular.title}（草稿）")
        self.stdout.write(f"共生成 {len(made)} 份通报草稿。")
