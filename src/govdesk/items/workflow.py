"""The item state machine, in one place.

Each transition names the states it leaves from, the state it leads to, the
permission (see ``govdesk.policy``) its actor needs, and whether a reason is
required. ``govdesk.items.services.item_transition`` is the only code that moves
an item between states.
"""

from dataclasses import dataclass

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


_T = [
    Transition(
        "submit",
        "提交审核",
        frozenset({State.DRAFT, State.RETURNED}),
        State.PENDING_SIGNOFF,
        "item.submit",
        style="primary",
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
    ),
    Transition(
        "reviewer_return",
        "退回修改",
        frozenset({State.PENDING_SIGNOFF}),
        State.RETURNED,
        "item.reviewer_return",
        needs_reason=True,
        style="danger",
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
    ),
    Transition(
        "reject",
        "不予采用",
        frozenset({State.SUBMITTED, State.RESUBMITTED}),
        State.NOT_ADOPTED,
        "item.reject",
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


def is_report_first(kind: str) -> bool:
    return kind in REPORT_FIRST_KINDS


def reaches_office_on(kind: str) -> str:
    """The action that delivers an item of this kind to its office."""
    return "submit" if is_report_first(kind) else "sign_off"


def check_kind(transition: Transition, kind: str) -> None:
    if transition.action == "withdraw" and is_report_first(kind):
        raise TransitionError("紧急信息提交即已报送办公室，不能撤回；如有错误请续报更正。")
