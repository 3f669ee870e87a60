from django.core.management.base import BaseCommand

from govdesk.web.server import serve


class Command(BaseCommand):
    help = (
        "启动生产环境网页服务（gunicorn 多线程工作进程）。"
        "进程数、线程数、超时取自 GOVDESK_WEB_WORKERS、GOVDESK_WEB_THREADS、GOVDESK_WEB_TIMEOUT。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="监听地址，如 127.0.0.1:8000（默认取 GOVDESK_BIND）")

    def handle(self, *args, bind=None, **options):
        serve(bind=bind)
