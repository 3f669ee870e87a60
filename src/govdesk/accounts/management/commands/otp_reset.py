"""``govdesk otp_reset USERNAME``: remove a person's authenticator devices from the
console (for instance when the only security administrator lost theirs)."""

from django.core.management.base import BaseCommand, CommandError

from govdesk.accounts.models import User
from govdesk.accounts.security import otp_reset


class Command(BaseCommand):
    help = "重置某人的动态口令设备（下次登录时重新绑定）"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号。")
        count = otp_reset(actor=None, user=user)
        self.stdout.write(
            f"已重置{user}（{username}）的 {count} 个动态口令设备，其下次登录时重新绑定。"
        )
