import django.db.models.deletion
import govdesk.lib.clock
import govdesk.lib.text
import govdesk.portal.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """0004 dropped the single-column indexes of Article.office and
    PortalColumn.office: here they are never made (db_index=False)."""

    replaces = [
        ("portal", "0001_portal_columns_and_articles"),
        ("portal", "0002_portal_submission"),
        ("portal", "0003_article_from_monthly_notice"),
        ("portal", "0004_drop_fk_indexes_led_by_composites"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("circulars", "0001_initial"),
        ("items", "0006_text_limits"),
        ("units", "0002_verbose_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="PortalColumn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=50,
                        validators=[govdesk.lib.text.PlainTextValidator()],
                        verbose_name="栏目名称",
                    ),
                ),
                ("slug", models.SlugField(max_length=40, verbose_name="网址名")),
                (
                    "kind",
                    models.CharField(
                        choices=[("news", "动态类"), ("notice", "公告类")],
                        max_length=8,
                        verbose_name="栏目类型",
                    ),
                ),
                ("freshness_days", models.PositiveSmallIntegerField(verbose_name="更新时限（天）")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "office",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="portal_columns",
                        to="units.unit",
                        verbose_name="办公室",
                    ),
                ),
            ],
            options={
                "verbose_name": "网站栏目",
                "verbose_name_plural": "网站栏目",
                "ordering": ["office", "position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "slug"), name="portal_column_slug")
                ],
            },
        ),
        migrations.CreateModel(
            name="Article",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source_title", models.CharField(max_length=200, verbose_name="原标题")),
                ("source_body", models.TextField(verbose_name="原文")),
                (
                    "title",
                    models.CharField(
                        max_length=200,
                        validators=[govdesk.lib.text.PlainTextValidator()],
                        verbose_name="标题",
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        max_length=20000,
                        validators=[govdesk.lib.text.PlainTextValidator()],
                        verbose_name="正文",
                    ),
                ),
                (
                    "state",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "待发布"), (10, "定时发布"), (20, "已发布"), (30, "已撤稿")],
                        db_index=True,
                        default=0,
                        verbose_name="状态",
                    ),
                ),
                (
                    "secrecy_checked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="保密审查时间"),
                ),
                (
                    "publish_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="定时发布时间"),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True, db_index=True, null=True, verbose_name="发布时间"
                    ),
                ),
                (
                    "correction_note",
                    models.TextField(blank=True, max_length=2000, verbose_name="更正说明"),
                ),
                (
                    "corrected_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="更正时间"),
                ),
                (
                    "withdrawn_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="撤稿时间"),
                ),
                (
                    "withdraw_reason",
                    models.TextField(blank=True, max_length=2000, verbose_name="撤稿原因"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=govdesk.lib.clock.now, verbose_name="创建时间"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=govdesk.lib.clock.now, verbose_name="更新时间"),
                ),
                (
                    "item",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="portal_article",
                        to="items.item",
                        verbose_name="来源信息",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="portal_articles",
                        to="units.unit",
                        verbose_name="办公室",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发布人",
                    ),
                ),
                (
                    "secrecy_checked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="保密审查人",
                    ),
                ),
                (
                    "source_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="units.unit",
                        verbose_name="来源单位",
                    ),
                ),
                (
                    "column",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="portal.portalcolumn",
                        verbose_name="栏目",
                    ),
                ),
                (
                    "source_notice",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="portal_article",
                        to="circulars.circular",
                        verbose_name="来源通报",
                    ),
                ),
            ],
            options={
                "verbose_name": "网站文章",
                "verbose_name_plural": "网站文章",
                "ordering": ["-published_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["office", "state", "published_at"], name="portal_article_live"
                    ),
                    models.Index(
                        fields=["column", "state", "published_at"], name="portal_column_live"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("item__isnull", False), ("source_notice__isnull", True)),
                            models.Q(("item__isnull", True), ("source_notice__isnull", False)),
                            _connector="OR",
                        ),
                        name="portal_article_one_source",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ArticleMedia",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=16, verbose_name="类型")),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        upload_to=govdesk.portal.models._media_path,
                        verbose_name="文件",
                    ),
                ),
                ("mime", models.CharField(max_length=100, verbose_name="媒体类型")),
                ("original_name", models.CharField(max_length=200, verbose_name="文件名")),
                ("caption", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("alt", models.CharField(blank=True, max_length=200, verbose_name="替代文字")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="media",
                        to="portal.article",
                        verbose_name="文章",
                    ),
                ),
            ],
            options={
                "verbose_name": "文章附件",
                "verbose_name_plural": "文章附件",
                "ordering": ["article", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="PortalSubmission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(default=govdesk.lib.clock.now, verbose_name="报送时间"),
                ),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="portal_submission",
                        to="items.item",
                        verbose_name="信息",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="报送人",
                    ),
                ),
            ],
            options={
                "verbose_name": "单独报送网站",
                "verbose_name_plural": "单独报送网站",
            },
        ),
    ]
