"""govdesk import FILE… [--apply] [--as USERNAME]: check (and with --apply, bring in) past
records from .xlsx or .csv files in the records workbook format (docs/import.md)."""

from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govdesk.accounts.models import User
from govdesk.records.services import records_import


class Command(BaseCommand):
    help = "导入往年台账（单位、人员、信息及其采用、批示、约稿等）；默认只检查，加 --apply 才导入。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=".xlsx 或 .csv 文件（csv 以工作表名命名）")
        parser.add_argument("--apply", action="store_true", help="检查无误后导入（全部或全不）")
        parser.add_argument("--as", dest="username", help="以该用户的身份和权限导入（默认：系统）")

    def handle(self, *args, files, apply, username, **options):
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"找不到用户“{username}”。")
        with ExitStack() as stack:
            opened = []
            for name in files:
                try:
                    opened.append((name, stack.enter_context(Path(name).open("rb"))))
                except OSError as exc:
                    raise CommandError(f"无法打开文件“{name}”：{exc.strerror}") from None
            report = records_import(actor=actor, files=opened, apply=apply)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(f"发现 {len(report.problems)} 处问题，未导入任何记录。")
        if report.batch is None:
            self.stdout.write(f"检查通过（未导入），将新增：{report.summary}。加 --apply 导入。")
        else:
            self.stdout.write(f"已导入：{report.summary}。")
