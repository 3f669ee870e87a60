from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0002_pointcounty_scheme_rule_ledgerline_target_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="combined_credit",
            field=models.CharField(
                choices=[("each", "每家单位各按全额计分"), ("shared", "各单位均分该条分值")],
                default="each",
                help_text="一篇综合信息合编多家单位的信息时，各单位的计分方式",
                max_length=16,
                verbose_name="综合信息计分",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="missed_solicitations_limit",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="全年未按时完成约稿达到此数的单位全年得分清零（须有“约稿未完成清零”规则）；0 表示不适用",
                verbose_name="未完成约稿清零次数",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="quota_adoption_rate",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                max_digits=4,
                null=True,
                verbose_name="采用率下限（%）",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="quota_items_per_officer",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="0 表示不考核", verbose_name="每名信息员全年报送条数"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="quota_portal_per_month",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="0 表示不考核", verbose_name="每月主动公开信息条数"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="weekly_min_items",
            field=models.PositiveSmallIntegerField(
                default=2,
                help_text="一周内报送不少于此数的单位得“每周报送基础分”规则的分值（无该规则则不计）",
                verbose_name="每周基础分报送条数",
            ),
        ),
        migrations.AlterField(
            model_name="rule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("adoption", "采用计分"),
                    ("research", "调研类加分"),
                    ("annotation", "领导批示加分"),
                    ("solicited", "约稿采用加分"),
                    ("forward", "转报加分"),
                    ("penalty", "报送失误扣分"),
                    ("quarter_miss", "未完成季度目标扣分"),
                    ("weekly", "每周报送基础分"),
                    ("zeroed", "约稿未完成清零"),
                ],
                max_length=16,
                verbose_name="规则类型",
            ),
        ),
    ]
