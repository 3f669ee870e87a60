import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govdesk.backups import services
from govdesk.backups.archive import BackupError


class Command(BaseCommand):
    help = (
        "从备份归档恢复数据库、上传文件和密钥文件：先核对校验值和数据库结构版本，"
        "再自动备份当前数据，然后恢复。恢复前请先停止 Web 服务和后台任务。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份归档的路径，或备份目录中的文件名")
        parser.add_argument("--yes", action="store_true", help="不询问，直接恢复")

    def handle(self, *args, archive, yes=False, **options):
        path = Path(archive)
        if not path.exists() and path.name == archive:
            path = services.backup_dir() / archive
        try:
            checked = services.backup_check(path=path)
            manifest = checked.manifest
            self.stdout.write(
                f"备份 {path.name}：{manifest['created_at'][:19].replace('T', ' ')} 由 GovDesk "
                f"{manifest['govdesk_version']} 生成，信息 {manifest['counts']['items.Item']} 条，"
                f"上传文件 {manifest['media_files']} 个，校验通过。"
            )
            if not yes and not self._confirmed():
                raise CommandError("已取消，未做任何改动。")
            restored = services.backup_restore(actor=None, checked=checked)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if restored.before:
            self.stdout.write(f"恢复前的数据已自动备份到 {restored.before.path}")
        self.stdout.write(
            f"已恢复：信息 {restored.counts['items.Item']} 条，"
            f"附件 {restored.counts['items.Attachment']} 个，与备份清单一致。"
        )
        if restored.secret_key:
            self.stdout.write("密钥文件已恢复。")
        elif manifest["secret_key"]:
            self.stdout.write("环境变量 GOVDESK_SECRET_KEY 已设置，未恢复备份中的密钥文件。")
        if checked.older:
            self.stdout.write("备份来自较旧版本，已执行数据库迁移。")
        self.stdout.write("请重新启动 Web 服务和后台任务。")

    def _confirmed(self) -> bool:
        if not sys.stdin.isatty():
            raise CommandError("需要确认：请在终端中运行，或加 --yes。未做任何改动。")
        answer = input("恢复将覆盖当前数据库和全部上传文件。确认恢复请输入 yes：")
        return answer.strip().lower() == "yes"
