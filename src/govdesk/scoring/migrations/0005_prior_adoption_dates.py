from django.db import migrations, models


def date_existing(apps, schema_editor):
    """Fill the dates as engine.with_prior_adoptions would have (same order: date,
    adoption, rule; the line id stands in for the engine's list position)."""
    LedgerLine = apps.get_model("scoring", "LedgerLine")
    lines = (
        LedgerLine.objects.filter(adoption__isnull=False, propagated_from__isnull=True)
        .order_by("on", "adoption_id", "rule_id", "id")
        .values_list("id", "scheme_id", "unit_id", "item_id", "level", "on")
    )
    last = {}
    for pk, scheme_id, unit_id, item_id, level, on in lines.iterator(chunk_size=5000):
        item = (scheme_id, unit_id, item_id)
        prior = last.get(item), last.get((*item, level))
        if prior != (None, None):
            LedgerLine.objects.filter(pk=pk).update(
                prior_adoption_on=prior[0], prior_level_adoption_on=prior[1]
            )
        last[item] = last[(*item, level)] = on


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0004_ledger_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerline",
            name="prior_adoption_on",
            field=models.DateField(null=True, verbose_name="此前采用日期"),
        ),
        migrations.AddField(
            model_name="ledgerline",
            name="prior_level_adoption_on",
            field=models.DateField(null=True, verbose_name="此前同级采用日期"),
        ),
        migrations.RunPython(date_existing, migrations.RunPython.noop, elidable=True),
    ]
