from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from govdesk.backups import services
from govdesk.backups.archive import BackupError


class Command(BaseCommand):
    help = (
        "备份数据库、上传文件和密钥文件到一个带日期的归档（.tar.gz），并在旁边写 SHA-256 校验文件。"
        "服务运行中也可备份。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dest",
            type=Path,
            help="写到此目录（默认 GOVDESK_BACKUP_DIR；只有默认目录按保留份数清理）",
        )
        parser.add_argument("--list", action="store_true", help="列出备份目录中的归档，不做备份")

    def handle(self, *args, dest=None, list=False, **options):
        if list:
            self._list()
            return
        try:
            made = services.backup_create(actor=None, dest=dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = made.manifest
        counts = manifest["counts"]
        self.stdout.write(
            f"已备份到 {made.path}（{filesizeformat(made.path.stat().st_size)}）：\n"
            f"  信息 {counts['items.Item']} 条，附件 {counts['items.Attachment']} 个，"
            f"上传文件 {manifest['media_files']} 个，"
            f"数据库 {manifest['engine']}，{'含' if manifest['secret_key'] else '不含'}密钥文件。\n"
            f"  校验文件：{made.path.name}.sha256"
        )
        for name in made.pruned:
            self.stdout.write(f"  按保留份数删除旧备份：{name}")

    def _list(self):
        found = services.backup_list()
        if not found:
            self.stdout.write(f"{services.backup_dir()} 中没有备份。")
            return
        for path, manifest in found:
            size = filesizeformat(path.stat().st_size)
            if manifest is None:
                self.stdout.write(f"{path.name}  {size}  （无法读取）")
                continue
            self.stdout.write(
                f"{path.name}  {size}  信息 {manifest['counts']['items.Item']} 条  "
                f"{manifest['engine']}  GovDesk {manifest['govdesk_version']}"
            )
