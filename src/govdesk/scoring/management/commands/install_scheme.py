"""govdesk install_scheme --office "清河县人民政府办公室" --year 2026 --preset county"""

from django.core.management.base import BaseCommand, CommandError

from govdesk.scoring.management.commands._lookup import office_named, user_named
from govdesk.scoring.presets import preset_names
from govdesk.scoring.services import scheme_install_preset


class Command(BaseCommand):
    help = "按预设（范文2 县级 / 范文6 市级）为办公室建立某年度考核方案并计算计分明细。"

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="办公室全称或简称")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--preset", required=True, choices=preset_names())
        parser.add_argument("--actor", help="记入操作日志的用户名（默认：系统）")

    def handle(self, *args, office, year, preset, actor=None, **options):
        target = office_named(office)
        try:
            scheme = scheme_install_preset(
                actor=user_named(actor), office=target, year=year, preset=preset
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{target.name}：已建立{scheme}（{scheme.get_status_display()}），"
            f"规则 {scheme.rules.count()} 条，计分明细 {scheme.lines.count()} 条。"
        )
