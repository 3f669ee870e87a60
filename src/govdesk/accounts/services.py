from django.db import transaction

from govdesk.accounts.models import User
from govdesk.audit.services import record


@transaction.atomic
def user_set_own_password(*, user: User, password: str) -> None:
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(actor=user, action="account.password_changed", target=user, summary="修改本人密码")
