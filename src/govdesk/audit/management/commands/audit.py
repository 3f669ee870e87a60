"""``govdesk audit verify``: check the change log's hash chain and name the first break.
``govdesk audit purge --days N``: delete rows older than N days (never fewer than the
retention period, GOVDESK_AUDIT_RETENTION_DAYS, at least 180)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from govdesk.audit.services import chain_verify, changes_purge


class Command(BaseCommand):
    help = "校验或清理操作日志"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验操作日志的哈希链")
        purge = sub.add_parser("purge", help="清理超过保存期限的操作日志")
        purge.add_argument("--days", type=int, required=True)

    def handle(self, *args, action, **options):
        if action == "verify":
            checked, broken = chain_verify()
            if broken is not None:
                raise CommandError(
                    f"操作日志第 {broken.change_id} 号记录校验失败：{broken.reason}"
                    f"（此前 {checked} 条完好）。"
                )
            self.stdout.write(f"操作日志完好：{checked} 条记录的哈希链校验通过。")
        else:
            try:
                count = changes_purge(actor=None, older_than_days=options["days"])
            except ValidationError as error:
                raise CommandError(error.messages[0]) from None
            self.stdout.write(f"已清理 {count} 条操作日志。")
