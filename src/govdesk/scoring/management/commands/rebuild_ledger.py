"""govdesk rebuild_ledger --office "清河县人民政府办公室" --year 2026

Recomputes the year's ledger of the office's scheme in force from the events. Run
it after each quarter ends (e.g. daily from cron): quarter deductions of units that
had no event since are only written by a rebuild."""

import time

from django.core.management.base import BaseCommand, CommandError

from govdesk.scoring import ledger
from govdesk.scoring.management.commands._lookup import office_named, user_named
from govdesk.scoring.services import ledger_rebuild


class Command(BaseCommand):
    help = "按执行中的考核方案，从采用、批示、转报、失误记录重算某年度计分明细。"

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="办公室全称或简称")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--actor", help="记入操作日志的用户名（默认：系统）")

    def handle(self, *args, office, year, actor=None, **options):
        target = office_named(office)
        scheme = ledger.in_force(target.pk, year).first()
        if scheme is None:
            raise CommandError(f"{target.name}{year}年没有执行中的考核方案。")
        self.stdout.write(f"正在重算{target.name}{scheme}，全年信息较多时需要数分钟……")
        started = time.perf_counter()
        count = ledger_rebuild(actor=user_named(actor), scheme=scheme, reason="命令行重算")
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{target.name}{scheme}：计分明细 {count} 条，用时 {elapsed:.1f} 秒。")
