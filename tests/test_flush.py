"""The flush after a committing test (``tests/fixtures/flush.py``): the content types and
permissions put back are what post_migrate makes, with the ids ContentType's cache
hands out, the same after every flush (Django's own gives new ids each time, so this
test fails with ``-p no:tests.fixtures.flush``)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from govdesk.units.models import Unit


def rows():
    types = set(ContentType.objects.values_list("pk", "app_label", "model"))
    permissions = set(Permission.objects.values_list("pk", "content_type_id", "codename", "name"))
    return types, permissions


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_back_what_post_migrate_writes(world):
    after = []
    for _ in range(2):  # the first flush of the process may be Django's own
        ContentType.objects.get_for_model(Unit)  # in the cache
        call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
        assert not Unit.objects.exists()
        restored = rows()
        # post_migrate itself finds nothing missing and adds nothing.
        emit_post_migrate_signal(0, False, "default")
        assert rows() == restored
        after.append(restored)
        assert ContentType.objects.get_for_model(Unit) == ContentType.objects.get(
            app_label="units", model="unit"
        )
    assert after[0] == after[1]  # put back as they were, ids included
    types, permissions = restored
    models = apps.get_models()
    assert {(app, model) for _, app, model in types} == {
        (model._meta.app_label, model._meta.model_name) for model in models
    }
    defaults = {(type_id, codename) for _, type_id, codename, _ in permissions}
    assert all(
        (ContentType.objects.get_for_model(model).pk, f"{action}_{model._meta.model_name}")
        in defaults
        for model in models
        for action in model._meta.default_permissions
    )
