"""Password hashing (a good part of a second of CPU by design) never runs inside a write
transaction: on SQLite the transaction holds the one write lock meanwhile."""

import pytest
from django.contrib.auth import base_user
from django.db import connection

from govdesk.accounts import credentials, services


@pytest.fixture
def hashing(monkeypatch):
    """Whether each hash was made inside a transaction."""
    seen = []

    def wrap(original):
        def make_password(*args, **kwargs):
            seen.append(connection.in_atomic_block)
            return original(*args, **kwargs)

        return make_password

    monkeypatch.setattr(credentials, "make_password", wrap(credentials.make_password))
    monkeypatch.setattr(base_user, "make_password", wrap(base_user.make_password))
    return seen


@pytest.mark.django_db(transaction=True)
def test_passwords_are_hashed_before_the_transaction(world, hashing):
    user = services.user_create(
        actor=world.county_admin, username="new_officer", full_name="新信息员", email="n@x.cn"
    )
    services.user_reset_password(actor=world.county_admin, user=user)
    services.user_set_own_password(user=user, password="Xinmima#2026")
    assert hashing == [False, False, False]
    user.refresh_from_db()
    assert user.check_password("Xinmima#2026") and not user.must_change_password
