from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from govdesk.accounts.models import IssueBatch, User
from govdesk.accounts.services import accounts_issue_from_sheet


def _mail_words(account: dict) -> str:
    if account["mail"] == IssueBatch.MAIL_SENT:
        return "邮件已发送"
    return account.get("mail_note") or "邮件待发送"


class Command(BaseCommand):
    help = "按开通账号表（.xlsx）批量开通单位和账号，并把初始密码通过邮件发给本人。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="填好的开通账号表（.xlsx）")
        parser.add_argument(
            "--actor", required=True, help="以哪位管理员的名义开通（用户名），决定可管理的单位"
        )

    def handle(self, *args, file, actor, **options):
        try:
            user = User.objects.get(username=actor, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"找不到有效用户“{actor}”。") from None
        try:
            with open(file, "rb") as sheet:
                report = accounts_issue_from_sheet(actor=user, file=sheet)
        except OSError as exc:
            raise CommandError(f"无法打开文件：{exc}") from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if report.problems:
            lines = "\n".join(f"  {problem}" for problem in report.problems)
            raise CommandError(f"表格中有 {len(report.problems)} 处问题，未开通任何账号：\n{lines}")
        batch = report.batch
        for unit in batch.units:
            self.stdout.write(f"新建单位：{unit['name']}（{unit['kind']}，上级：{unit['parent']}）")
        for account in batch.accounts:
            self.stdout.write(
                f"开通账号：{account['username']}  {account['full_name']}  {account['unit']}"
                f"·{'、'.join(account['roles'])}  {account['email']}  "
                f"{_mail_words(account)}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：开通 {len(batch.accounts)} 个账号，新建 {len(batch.units)} 个单位。"
            )
        )
