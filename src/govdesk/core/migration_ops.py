"""Operations for migrations that move a model to another app without moving its data
(``SeparateDatabaseAndState`` with the old ``db_table``)."""

from django.db import migrations


def move_content_types(old_app: str, new_app: str, *models: str) -> migrations.RunPython:
    """Relabel the moved models' content types, so their permissions, admin history and
    the change log's targets (``audit.Change.target_type``) follow them. A fresh
    database has no content types yet (they are made after ``migrate``): nothing to do."""

    def relabel(source: str, target: str):
        def run(apps, schema_editor):
            content_type = apps.get_model("contenttypes", "ContentType")
            rows = content_type.objects.using(schema_editor.connection.alias)
            for model in models:
                if not rows.filter(app_label=target, model=model).exists():
                    rows.filter(app_label=source, model=model).update(app_label=target)

        return run

    return migrations.RunPython(relabel(old_app, new_app), relabel(new_app, old_app))
