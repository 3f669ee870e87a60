"""The item state machine, in one place.

Each transition names the states it leads from, the state it leads to, the
permission (see ``govdesk.policy``) its actor needs, whether a reason is required
or offered, and — for decisions that end or undo a path — the sentences of the
confirmation step that says what will happen.
Each also names its ``effects``: the steps ``item_transition`` takes besides
setting the state, in order (see ``govdesk.items.services._EFFECTS``).

Three services in ``govdesk.items.services`` move an item between states, and
no other code does: ``item_transition`` (every action below except adoption and
forwarding), ``item_adopt`` (to 已采用) and ``item_forward`` (the original keeps
its state; its copy starts at the superior office as 已报送). ``item_create``
makes drafts. Other apps move items only through these (an emergency report is
submitted with ``item_transition``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from govdesk.items.models import ItemKind, State

# Report first, sign after (紧急信息): such an item reaches the office the moment it is
# submitted, with the unit's sign-off following; once submitted it cannot be withdrawn.
REPORT_FIRST_KINDS = frozenset({ItemKind.EMERGENCY})


class TransitionError(Exception):
    """The action does not apply to the item as it stands; the message is for the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[int]
    target: int | None  # None: decided by the service (sign-off: submitted or resubmitted)
    permission: str
    needs_reason: bool = False
    style: str = "secondary"
    # The label of an optional reason field (a required one is always offered).
    reason_label: str = ""
    # Sentences of the confirmation step, formatted with ``title``, ``unit``, ``office``
    # and ``year``; a transition with any asks before it acts (no one-click endings).
    confirm: tuple[str, ...] = ()
    # What ``item_transition`` does besides setting the state, in order.
    effects: tuple[str, ...] = ()


_T = [
    Transition(
        "submit",
        "提交审核",
        frozenset({State.DRAFT, State.RETURNED}),
        State.PENDING_SIGNOFF,
        "item.submit",
        style="primary",
        effects=("check_submission", "deliver"),
    ),
    Transition(
        "withdraw", "撤回", frozenset({State.PENDING_SIGNOFF}), State.DRAFT, "item.withdraw"
    ),
    Transition(
        "sign_off",
        "审核签发并报送",
        frozenset({State.PENDING_SIGNOFF}),
        None,
        "item.sign_off",
        style="primary",
        effects=("sign", "deliver", "keep_version"),
    ),
    Transition(
        "reviewer_return",
        "退回修改",
        frozenset({State.PENDING_SIGNOFF}),
        State.RETURNED,
        "item.reviewer_return",
        needs_reason=True,
        style="danger",
        effects=("keep_return_reason",),
        confirm=("《{title}》将退回信息员修改，修改后须重新提交审核。",),
    ),
    Transition(
        "adopt",
        "采用",
        frozenset({State.SUBMITTED, State.RESUBMITTED, State.ADOPTED}),
        State.ADOPTED,
        "item.adopt",
        style="primary",
    ),
    Transition(
        "return",
        "退回修改",
        frozenset({State.SUBMITTED, State.RESUBMITTED}),
        State.RETURNED,
        "item.return",
        needs_reason=True,
        style="danger",
        effects=("keep_return_reason", "decide"),
        confirm=(
            "《{title}》将退回{unit}修改，修改后须经本单位重新审核签发再报送。",
            "退回原因报送单位可见。",
        ),
    ),
    Transition(
        "reject",
        "不予采用",
        frozenset({State.SUBMITTED, State.RESUBMITTED}),
        State.NOT_ADOPTED,
        "item.reject",
        style="danger",
        effects=("decide", "keep_reject_reason"),
        reason_label="不予采用原因（可不填，报送单位可见）",
        confirm=(
            "《{title}》将不予采用，在{office}的办理就此结束。",
            "{unit}可在信息页和本单位信息列表中看到这一结果和原因。",
            "{year}年内，编辑可以撤销不予采用，信息回到采编工作台。",
        ),
    ),
    Transition(
        "reopen",
        "撤销不予采用",
        frozenset({State.NOT_ADOPTED}),
        None,
        "item.reopen",
        effects=("reopen",),
        reason_label="撤销原因（可不填，记入办理记录）",
        confirm=(
            "《{title}》将撤销不予采用，回到采编工作台待处理，可重新采用、退回或不予采用。",
            "撤销记入办理记录，{unit}可以看到。",
        ),
    ),
    Transition(
        "forward",
        "转报上级",
        frozenset({State.SUBMITTED, State.RESUBMITTED, State.ADOPTED}),
        None,
        "item.forward",
    ),
]
TRANSITIONS: dict[str, Transition] = {t.action: t for t in _T}

REOPEN_OUTSIDE_YEAR = "只能在不予采用当年内撤销：该信息于{year}年不予采用，该考核年度已结束。"


def get_transition(action: str) -> Transition:
    try:
        return TRANSITIONS[action]
    except KeyError:
        raise TransitionError(f"未知操作：{action}") from None


def check_source(transition: Transition, state: int) -> None:
    if state not in transition.sources:
        raise TransitionError(
            f"信息当前状态为“{State(state).label}”，不能执行“{transition.label}”。"
        )


def check_reopen_year(decided_at: datetime | None, now: datetime) -> None:
    """不予采用 is undone only within its assessment year (the local calendar year of
    the decision): a closed year's scores and awards must not move."""
    decided_year = timezone.localdate(decided_at or now).year
    if decided_year != timezone.localdate(now).year:
        raise TransitionError(REOPEN_OUTSIDE_YEAR.format(year=decided_year))


def is_report_first(kind: str) -> bool:
    return kind in REPORT_FIRST_KINDS


def reaches_office_on(kind: str) -> str:
    """The action that delivers an item of this kind to its office."""
    return "submit" if is_report_first(kind) else "sign_off"


def check_kind(transition: Transition, kind: str) -> None:
    if transition.action == "withdraw" and is_report_first(kind):
        raise TransitionError("紧急信息提交即已报送办公室，不能撤回；如有错误请续报更正。")
