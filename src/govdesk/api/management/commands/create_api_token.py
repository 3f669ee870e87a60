from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from govdesk.accounts.models import User
from govdesk.accounts.tokens import token_issue


class Command(BaseCommand):
    help = "为用户签发接口令牌。令牌只在此时显示一次，系统只保存其摘要。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户登录名")
        parser.add_argument("--name", required=True, help="令牌用途，如：市大数据局共享接口")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        try:
            token, raw = token_issue(user=user, name=name)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stderr.write(
            f"已为 {user}（{user.username}）签发接口令牌“{token.name}”。"
            "令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(raw)
