import django.db.models.deletion
import govdesk.lib.clock
from django.conf import settings
from django.db import migrations, models

from govdesk.core.migration_ops import move_content_types


class Migration(migrations.Migration):
    """Issues and their parts move from ``publications``: in Django's state only; each
    keeps its table (``db_table``) and its content type (relabelled)."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_moved_plumbing"),
        ("items", "0006_text_limits"),
        ("publications", "0005_publication_default_distribution"),
        ("units", "0002_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Issue",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "title",
                            models.CharField(blank=True, max_length=100, verbose_name="本期标题"),
                        ),
                        ("supplement", models.BooleanField(default=False, verbose_name="增刊")),
                        (
                            "state",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "编辑中"),
                                    (10, "已签发"),
                                    (20, "已印发"),
                                    (30, "已作废"),
                                ],
                                default=0,
                                verbose_name="状态",
                            ),
                        ),
                        (
                            "year",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="年度"
                            ),
                        ),
                        (
                            "number",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="期号"),
                        ),
                        (
                            "total_number",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="总期号"
                            ),
                        ),
                        ("date", models.DateField(blank=True, null=True, verbose_name="印发日期")),
                        (
                            "signed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="签发时间"),
                        ),
                        (
                            "released_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="印发时间"),
                        ),
                        (
                            "void_reason",
                            models.CharField(blank=True, max_length=200, verbose_name="作废原因"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=govdesk.lib.clock.now, verbose_name="创建时间"
                            ),
                        ),
                        (
                            "editor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="责任编辑",
                            ),
                        ),
                        (
                            "publication",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="issues",
                                to="publications.publication",
                                verbose_name="刊物",
                            ),
                        ),
                        (
                            "signer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="签发人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "刊期",
                        "verbose_name_plural": "刊期",
                        "db_table": "publications_issue",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="IssueCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField()),
                        ("supplement", models.BooleanField(default=False)),
                        ("last", models.PositiveIntegerField(default=0)),
                        (
                            "publication",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="publications.publication",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "期号计数",
                        "verbose_name_plural": "期号计数",
                        "db_table": "publications_issuecounter",
                    },
                ),
                migrations.CreateModel(
                    name="IssueEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(verbose_name="顺序")),
                        ("title", models.CharField(max_length=200, verbose_name="标题")),
                        ("body", models.TextField(verbose_name="正文")),
                        ("editor_note", models.TextField(blank=True, verbose_name="编者按")),
                        ("combined", models.BooleanField(default=False, verbose_name="综合信息")),
                        (
                            "column",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="publications.column",
                                verbose_name="栏目",
                            ),
                        ),
                        (
                            "issue",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="bulletins.issue",
                                verbose_name="刊期",
                            ),
                        ),
                        (
                            "items",
                            models.ManyToManyField(
                                related_name="issue_entries",
                                to="items.item",
                                verbose_name="来源信息",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "刊期文章",
                        "verbose_name_plural": "刊期文章",
                        "db_table": "publications_issueentry",
                        "ordering": ["issue", "position", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="IssueRead",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("read_at", models.DateTimeField(default=govdesk.lib.clock.now)),
                        (
                            "issue",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reads",
                                to="bulletins.issue",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "阅读记录",
                        "verbose_name_plural": "阅读记录",
                        "db_table": "publications_issueread",
                    },
                ),
                migrations.CreateModel(
                    name="IssueRecipient",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("send", "报送"), ("copy", "抄送")],
                                max_length=8,
                                verbose_name="方式",
                            ),
                        ),
                        (
                            "issue",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="recipients",
                                to="bulletins.issue",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="units.unit",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "分送对象",
                        "verbose_name_plural": "分送对象",
                        "db_table": "publications_issuerecipient",
                        "ordering": ["issue", "kind", "id"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="issue",
                    constraint=models.UniqueConstraint(
                        fields=("publication", "year", "supplement", "number"),
                        name="issue_number_once_per_year",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="issue",
                    constraint=models.UniqueConstraint(
                        fields=("publication", "total_number"), name="issue_total_number_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="issuecounter",
                    constraint=models.UniqueConstraint(
                        fields=("publication", "year", "supplement"), name="one_counter_per_series"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="issueread",
                    constraint=models.UniqueConstraint(
                        fields=("issue", "user"), name="read_once_per_user"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="issuerecipient",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("user__isnull", True), ("unit__isnull", True), _connector="XOR"
                        ),
                        name="recipient_user_xor_unit",
                    ),
                ),
            ],
        ),
        move_content_types(
            "publications",
            "bulletins",
            "issue",
            "issuecounter",
            "issueentry",
            "issuerecipient",
            "issueread",
        ),
    ]
