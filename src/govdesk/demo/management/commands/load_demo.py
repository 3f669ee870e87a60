"""govdesk load_demo [--seed 2026] [--months N] [--scale 1.0] [--reset] [--today YYYY-MM-DD]"""

import time
import unicodedata
from datetime import date, datetime
from datetime import time as dtime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from govdesk.accounts.models import Role, User
from govdesk.demo.builder import DEMO_PASSWORD, TZ, Builder, demo_logins
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.units.models import Unit


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def login_table(logins) -> list[str]:
    rows = [("角色", "单位", "用户名", "姓名")] + [
        (x.role, x.unit, x.username, x.full_name) for x in logins
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


class Command(BaseCommand):
    help = "加载演示数据：某市、清河县两级办公室及所属单位、账号、刊物和上年1月至今的报送信息。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
        parser.add_argument(
            "--months",
            type=int,
            help="生成多少个月的信息（1–36；默认从上年1月起，上一年度可完整评先评优）",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="信息数量倍率，测试可用 0.1 等小值"
        )
        parser.add_argument("--reset", action="store_true", help="先清空数据库（flush）再加载")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库已有数据时不加载也不报错（供 make demo 重复执行）",
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, help="以该日期为“今天”（默认：当前时间）"
        )

    def handle(self, *args, seed, months, scale, reset, if_empty, today, **options):
        if months is not None and not 1 <= months <= 36:
            raise CommandError("--months 须在 1 到 36 之间。")
        if scale <= 0:
            raise CommandError("--scale 须大于 0。")
        now = clock.now()
        if today is None:
            end = now
        elif today > now.astimezone(TZ).date():
            raise CommandError("--today 不能晚于今天。")
        else:
            end = min(now, datetime.combine(today, dtime(18, 30), TZ))

        # By default a whole past year (for its assessment and awards) and this year so far.
        months = months or 12 + end.astimezone(TZ).month - 1
        populated = Unit.objects.exists() or User.objects.exists() or Item.objects.exists()
        if populated and not reset:
            if if_empty:
                self.stdout.write("数据库中已有数据，跳过演示数据加载。")
                self._print_logins(demo_logins())
                return
            raise CommandError(
                "数据库中已有数据，演示数据只能加载到空数据库。"
                "如确需清空现有数据并重新加载，请加 --reset（会删除全部数据）。"
            )
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()

        started = time.perf_counter()
        result = Builder(seed=seed, months=months, scale=scale, end=end).build()
        elapsed = time.perf_counter() - started

        states = "，".join(f"{label} {n}" for label, n in result.by_state.items())
        self.stdout.write(
            f"演示数据已加载（种子 {seed}，{months} 个月，倍率 {scale:g}，"
            f"用时 {elapsed:.1f} 秒）：\n"
            f"  单位 {result.units} 个，账号 {result.users} 个，信息 {result.items} 条"
            f"（其中转报 {result.forwards} 条），采用记录 {result.adoptions} 条。\n"
            f"  状态分布：{states}。"
        )
        self._print_logins(result.logins)

    def _print_logins(self, logins) -> None:
        if not logins:
            return
        self.stdout.write("")
        self.stdout.write(f"演示账号（共用密码：{DEMO_PASSWORD}）")
        for line in login_table(logins):
            self.stdout.write("  " + line)
        self.stdout.write(
            "  其他单位：<单位代码>_officer（信息员）、<单位代码>_reviewer（审核人），"
            "如 liulin_officer、yingji_reviewer、shi_fagai_officer；第二位编辑：county_editor2。"
        )
        if settings.GOVDESK_OTP_REQUIRED_ROLES:
            labels = dict(Role.choices)
            roles = "、".join(labels.get(r, r) for r in settings.GOVDESK_OTP_REQUIRED_ROLES)
            self.stdout.write(
                f"  {roles}登录时还须输入动态口令：首次登录后页面显示二维码和密钥，"
                "用手机上的身份验证器应用扫码绑定，输入其显示的 6 位数字即可；"
                "以后每次登录输入验证器当前的数字。"
            )
