"""``govdesk portal export DIR [--base-url URL]``: the public site as static files
(docs/portal.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govdesk.portal.export import site_export


class Command(BaseCommand):
    help = "门户网站：导出静态网页"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="把公开网站导出为静态文件")
        export.add_argument("directory", type=Path)
        export.add_argument(
            "--base-url", default="", help="静态副本的网址（订阅和网站地图中的链接用）"
        )

    def handle(self, *args, action, directory, base_url, **options):
        try:
            result = site_export(directory=directory, base_url=base_url)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已导出到 {result.directory}：{result.pages} 个网页和订阅，{result.files} 个文件。"
        )
