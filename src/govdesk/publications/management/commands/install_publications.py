"""govdesk install_publications --office "清河县人民政府办公室" --preset county"""

from django.core.management.base import BaseCommand, CommandError

from govdesk.accounts.models import User
from govdesk.publications.models import Column, Publication
from govdesk.publications.presets import PresetError, all_presets
from govdesk.publications.services import publications_install_preset
from govdesk.units.models import Unit, UnitKind


class Command(BaseCommand):
    help = "为政府办公室安装预设刊物与栏目（可重复执行，不会重复创建）。"

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="办公室全称或简称")
        parser.add_argument("--preset", required=True, choices=sorted(all_presets()))
        parser.add_argument("--actor", help="记入操作日志的用户名（默认：系统）")

    def handle(self, *args, office, preset, actor=None, **options):
        offices = Unit.objects.filter(kind=UnitKind.OFFICE).filter(name=office)
        if not offices:
            offices = Unit.objects.filter(kind=UnitKind.OFFICE, short_name=office)
        if len(offices) != 1:
            known = "、".join(
                Unit.objects.filter(kind=UnitKind.OFFICE).values_list("name", flat=True)
            )
            reason = "找到多个同名办公室" if offices else "没有找到该办公室"
            raise CommandError(f"{reason}：{office}。现有办公室：{known or '（无）'}")
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"没有用户名为 {actor} 的用户。")
        target = offices[0]
        before_pubs = Publication.objects.filter(office=target).count()
        before_cols = Column.objects.filter(publication__office=target).count()
        try:
            publications = publications_install_preset(actor=user, office=target, preset=preset)
        except (PresetError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        added_pubs = Publication.objects.filter(office=target).count() - before_pubs
        added_cols = Column.objects.filter(publication__office=target).count() - before_cols
        names = "".join(str(p) for p in publications)
        self.stdout.write(
            f"{target.name}：预设“{preset}”包含 {names}；"
            f"本次新增刊物 {added_pubs} 个、栏目 {added_cols} 个，已有的保持不变。"
        )
