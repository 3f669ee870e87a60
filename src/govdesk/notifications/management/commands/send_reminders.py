from django.core.management.base import BaseCommand

from govdesk.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = "提醒即将截止或已逾期的约稿和批示督办（可反复运行，每条提醒只发一次）"

    def handle(self, *args, **options):
        self.stdout.write(f"已发送提醒 {send_reminders()} 条")
