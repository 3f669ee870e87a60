"""govdesk export_records OFFICE YEAR [-o FILE]: write an office's year in the records
workbook format that ``govdesk import`` reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govdesk.records.services import records_export
from govdesk.units.models import Unit


class Command(BaseCommand):
    help = "导出某办公室某年度的台账（与导入模板格式相同）。"

    def add_arguments(self, parser):
        parser.add_argument("office", help="政府办公室全称")
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", help="输出文件（默认：办公室名+年度.xlsx）")

    def handle(self, *args, office, year, output, **options):
        offices = list(Unit.objects.filter(name=office, kind="office")[:2])
        if len(offices) != 1:
            raise CommandError(f"找不到唯一的政府办公室“{office}”。")
        path = Path(output or f"{office}{year}年台账.xlsx")
        path.write_bytes(records_export(office=offices[0], year=year))
        self.stdout.write(f"已导出到 {path}")
