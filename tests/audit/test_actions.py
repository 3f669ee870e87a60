"""Every change-log code is in the catalogue: the source is scanned for the codes it
writes and the prefixes it follows, and an unknown code fails when used."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import govdesk
from govdesk.audit.actions import ACTIONS, action_label
from govdesk.audit.dispatch import subscribe
from govdesk.audit.services import record
from govdesk.items.workflow import TRANSITIONS
from govdesk.scoring.services import _RULES, _TARGETS

SOURCE = Path(govdesk.__file__).parent


@cache
def _all_calls() -> list[tuple[Path, str | None, ast.Call]]:
    """(file, called name, call) for every call in the source, parsed once for the
    file's four scans (each parse of the whole source costs about half a second)."""
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                calls.append((path.relative_to(SOURCE), called, node))
    return calls


def _calls(name: str):
    """(file, call) for every call of a function or method named ``name`` in the source."""
    return [(path, node) for path, called, node in _all_calls() if called == name]


def _pattern(value: ast.JoinedStr) -> str:
    """An f-string code as a regular expression."""
    return "".join(
        re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+"
        for part in value.values
    )


@pytest.mark.once  # a scan of the source, the same whichever database the suite uses
def test_every_literal_code_written_is_catalogued():
    unknown, dynamic = [], []
    for path, call in _calls("record"):
        action = next((k.value for k in call.keywords if k.arg == "action"), None)
        # A literal, an f-string, or a choice of them ("granted" if … else "changed").
        branches = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
        for branch in branches:
            if isinstance(branch, ast.Constant) and branch.value not in ACTIONS:
                unknown.append(f"{path}:{call.lineno} {branch.value}")
            elif isinstance(branch, ast.JoinedStr):
                dynamic.append(_pattern(branch))
            else:
                assert isinstance(branch, ast.Constant), f"{path}:{call.lineno} builds its code"
    assert unknown == []
    # The built codes; each is checked value by value below (the admin's twice: the
    # admin itself and the publications pages that write its codes).
    assert sorted(dynamic) == sorted(
        [r"admin\.[a-z_]+", r"admin\.[a-z_]+", r"item\.[a-z_]+", r"scheme\.[a-z_]+_[a-z_]+"]
    )


def test_every_admin_code_is_catalogued():
    # AuditedAdmin._record(request, "<what>", ...) writes "admin.<what>".
    whats = {
        call.args[1].value
        for _, call in _calls("_record")
        if len(call.args) > 1 and isinstance(call.args[1], ast.Constant)
    }
    assert whats == {"added", "changed", "deleted"}
    assert {f"admin.{what}" for what in whats} <= ACTIONS.keys()
    # publications.services._record_config(actor, "<what>", ...) writes the same codes.
    pages = {
        call.args[1].value
        for _, call in _calls("_record_config")
        if len(call.args) > 1 and isinstance(call.args[1], ast.Constant)
    }
    assert pages == {"added", "changed", "deleted"}


def test_every_transition_and_scheme_row_code_is_catalogued():
    assert {f"item.{action}" for action in TRANSITIONS} <= ACTIONS.keys()
    rows = {
        f"scheme.{kind.name}_{what}"
        for kind in (_RULES, _TARGETS)
        for what in ("added", "changed", "deleted")
    }
    assert rows <= ACTIONS.keys()


def test_every_subscription_prefix_matches_catalogued_codes():
    prefixes = [
        (path, call.args[0].value)
        for path, call in _calls("subscribe")
        if call.args and isinstance(call.args[0], ast.Constant)
    ]
    assert len(prefixes) >= 20  # the scan found the subscribers (scoring alone has 12)
    for path, prefix in prefixes:
        assert prefix in ACTIONS or (
            prefix.endswith(".") and any(code.startswith(prefix) for code in ACTIONS)
        ), f"{path}: {prefix}"


def test_record_refuses_an_unknown_code(db):
    with pytest.raises(LookupError) as error:
        record(actor=None, action="item.adopted", target=None, summary="采用")
    assert "'item.adopted'" in str(error.value)


@pytest.mark.parametrize("prefix", ["item.adpot", "itm.", "item"])
def test_subscribe_refuses_an_unknown_prefix_at_registration(prefix):
    with pytest.raises(ImproperlyConfigured):
        subscribe(prefix)


def test_the_auditor_page_names_come_from_the_catalogue():
    assert action_label("account.login_failed") == "登录失败"
    assert action_label("account.login") == "登录"
    assert action_label("item.adopt") == "信息报送与采编"
    assert action_label("backup.created") == "其他"
