"""The API against docs/roles.md: every page action the roles document names has an
endpoint in /api/openapi.json (the mapping is data, below), and every endpoint
documents its request and response shapes and its errors with Chinese examples.

An action still only on the pages is listed in PAGE_ONLY with the reason; moving it
into the API means moving it from there to ACTIONS."""

import re

import pytest

pytestmark = pytest.mark.django_db

# (what docs/roles.md calls the action, method, path in the OpenAPI document)
ACTIONS = [
    ("draft, edit and submit the unit's items", "post", "/api/items"),
    ("draft, edit and submit the unit's items", "patch", "/api/items/{item_id}"),
    ("draft, edit and submit the unit's items", "post", "/api/items/{item_id}/actions/{action}"),
    ("sign off (报送) or return with a reason", "post", "/api/items/{item_id}/actions/{action}"),
    ("adopt into a publication column", "post", "/api/items/{item_id}/adopt"),
    ("forward to the office above", "post", "/api/items/{item_id}/forward"),
    ("read the items the office adopted", "get", "/api/items"),
    ("the office's released issues", "get", "/api/issues/{issue_id}"),
    ("annotate (批示)", "post", "/api/items/{item_id}/annotations"),
    ("watch the emergency board", "get", "/api/emergencies/board"),
    ("take phone pre-reports", "post", "/api/emergencies/phone"),
    ("set daily reporting", "put", "/api/emergencies/events/{event_id}/daily"),
    ("keep and spot-check duty rosters", "put", "/api/duty/rosters/{unit_id}/{day}"),
    ("keep and spot-check duty rosters", "post", "/api/duty/spot-checks"),
    ("manage the units and accounts", "post", "/api/units"),
    ("manage the units and accounts", "patch", "/api/units/{unit_id}"),
    ("manage the units and accounts", "get", "/api/people"),
    ("manage the units and accounts", "post", "/api/people"),
    ("manage the units and accounts", "patch", "/api/people/{person_id}"),
    ("role grants and revocations", "post", "/api/people/{person_id}/memberships"),
    (
        "role grants and revocations",
        "delete",
        "/api/people/{person_id}/memberships/{membership_id}",
    ),
    ("unit categories and counterparts", "put", "/api/units/{unit_id}/categories/{year}"),
    ("unit categories and counterparts", "put", "/api/units/{unit_id}/counterpart"),
    ("schemes", "post", "/api/schemes"),
    ("`issue.view`", "get", "/api/issues/{issue_id}"),
    ("`issue.edit`", "post", "/api/issues/{issue_id}/entries"),
    ("`issue.edit`", "put", "/api/issues/{issue_id}/recipients"),
    ("`issue.edit`", "get", "/api/issues/{issue_id}/receipts"),
    ("`issue.sign`", "post", "/api/issues/{issue_id}/sign"),
    ("`issue.sign`", "post", "/api/issues/{issue_id}/release"),
    ("`issue.sign`", "post", "/api/issues/{issue_id}/void"),
    ("`item.annotate_on_behalf`", "post", "/api/items/{item_id}/annotations"),
    ("`policy.leader_level`", "post", "/api/items/{item_id}/annotations"),
    ("`task.view`", "get", "/api/tasks/{task_id}"),
    ("`task.feedback`", "post", "/api/tasks/{task_id}/feedback"),
    ("`task.close`", "post", "/api/tasks/{task_id}/close"),
    ("`task.urge`", "post", "/api/tasks/{task_id}/urge"),
    ("`solicitation.view`", "get", "/api/solicitations/{solicitation_id}"),
    ("`item.tag_key_points`", "put", "/api/items/{item_id}/key-points"),
    ("`office.watch`", "get", "/api/emergencies/board"),
    ("`office.take_calls`", "post", "/api/emergencies/phone"),
    ("`event.view`", "get", "/api/emergencies/events/{event_id}"),
    ("`unit.keep_roster`", "put", "/api/duty/rosters/{unit_id}/{day}"),
    ("`scores.view_office`", "get", "/api/schemes/{scheme_id}/ranking"),
    ("`scores.view_unit`", "get", "/api/schemes/{scheme_id}/units/{unit_id}/lines"),
    ("`circular.issue`", "post", "/api/circulars/{circular_id}/issue"),
    ("`circular.issue`", "post", "/api/circulars/{circular_id}/withdraw"),
    ("`circular.view`", "get", "/api/circulars/{circular_id}"),
    ("`circular.view`", "get", "/api/circulars/{circular_id}/documents/{fmt}"),
    ("`awards.view`", "get", "/api/awards/schemes/{scheme_id}/evaluation"),
    ("`awards.view`", "get", "/api/awards/schemes/{scheme_id}/winners"),
    ("`scheme.manage`", "patch", "/api/schemes/{scheme_id}"),
    ("`scheme.manage`", "post", "/api/schemes/{scheme_id}/rules"),
    ("`scheme.manage`", "post", "/api/schemes/{scheme_id}/targets"),
    ("`unit.manage`", "put", "/api/units/{unit_id}/categories/{year}"),
    ("`unit.manage`", "put", "/api/units/{unit_id}/county"),
    ("`publication.manage_external`", "post", "/api/publications/external"),
    ("`publication.manage_external`", "patch", "/api/publications/external/{publication_id}"),
    ("choose 主动公开 items", "get", "/api/portal/candidates"),
    ("choose 主动公开 items", "post", "/api/portal/articles"),
    ("choose 主动公开 items", "patch", "/api/portal/articles/{article_id}"),
    ("choose 主动公开 items", "post", "/api/portal/articles/{article_id}/secrecy-review"),
    ("choose 主动公开 items", "post", "/api/portal/articles/{article_id}/publish"),
    ("choose 主动公开 items", "post", "/api/portal/articles/{article_id}/withdraw"),
    ("choose 主动公开 items", "post", "/api/portal/articles/{article_id}/correct"),
    ("`awards.attest`", "post", "/api/awards/schemes/{scheme_id}/attestations"),
    ("`awards.decide`", "post", "/api/awards/schemes/{scheme_id}/overrides"),
    ("`awards.decide`", "post", "/api/awards/schemes/{scheme_id}/preset"),
    ("`awards.decide`", "post", "/api/awards/schemes/{scheme_id}/confirm"),
    ("`awards.decide`", "post", "/api/awards/schemes/{scheme_id}/reopen"),
    ("alert settings", "get", "/api/emergencies/offices/{office_id}/alert-settings"),
    ("alert settings", "put", "/api/emergencies/offices/{office_id}/alert-settings"),
    ("alert settings", "post", "/api/emergencies/offices/{office_id}/webhooks"),
    ("alert settings", "patch", "/api/emergencies/offices/{office_id}/webhooks/{webhook_id}"),
    ("alert settings", "delete", "/api/emergencies/offices/{office_id}/webhooks/{webhook_id}"),
    ("`office.configure`", "put", "/api/emergencies/offices/{office_id}/alert-settings"),
    ("holidays", "get", "/api/calendar/days"),
    ("holidays", "put", "/api/calendar/days"),
    ("holidays", "delete", "/api/calendar/days/{day}"),
    ("`calendar.manage`", "put", "/api/calendar/days"),
    ("`words.manage`", "get", "/api/words/boilerplate"),
    ("`words.manage`", "post", "/api/words/boilerplate"),
    ("`words.manage`", "delete", "/api/words/boilerplate/{entry_id}"),
    ("`words.manage`", "get", "/api/words/lexicon"),
    ("`words.manage`", "post", "/api/words/lexicon"),
    ("`words.manage`", "delete", "/api/words/lexicon/{entry_id}"),
    ("`publication.configure`", "get", "/api/publications/{publication_id}/settings"),
    ("`publication.configure`", "patch", "/api/publications/{publication_id}/settings"),
    (
        "`publication.configure`",
        "put",
        "/api/publications/{publication_id}/settings/distribution",
    ),
    ("`publication.configure`", "post", "/api/publications/{publication_id}/settings/columns"),
    (
        "`publication.configure`",
        "patch",
        "/api/publications/{publication_id}/settings/columns/{column_id}",
    ),
    (
        "`publication.configure`",
        "post",
        "/api/publications/{publication_id}/settings/columns/{column_id}/move",
    ),
    ("unlock user names", "get", "/api/security/locked"),
    ("unlock user names", "post", "/api/security/unlock"),
    ("reset two-factor devices", "get", "/api/security/people"),
    ("reset two-factor devices", "post", "/api/security/people/{person_id}/reset-otp"),
    ("read the change log", "get", "/api/audit/changes"),
]

# Still only on the pages, and why.
PAGE_ONLY = {
    "bulk-issue accounts": "开通账号表格在网页上传；整批迁入用 govdesk import",
    "API tokens (shown once)": "接口令牌由管理员在网页签发（令牌只显示一次）",
    "`page.office_settings`": "导航入口（考核方案与规则、刊物与栏目），不是一项操作",
}


def test_the_change_log_has_no_write_endpoint(document):
    """三员分立: the auditor reads the log; nobody, through any endpoint, changes it."""
    assert set(document["paths"]["/api/audit/changes"]) == {"get"}
    writes = [
        path
        for path, methods in document["paths"].items()
        if path.startswith("/api/audit") and set(methods) - {"get"}
    ]
    assert writes == []


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _roles_md() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()


def test_every_action_named_in_roles_md_is_mapped_to_an_endpoint_or_listed_as_page_only():
    text = _roles_md()
    named = {action for action, _, _ in ACTIONS} | set(PAGE_ONLY)
    missing = [action for action in sorted(named) if action not in text]
    assert missing == [], "actions no longer in docs/roles.md"
    # Every check of the policy's tables is accounted for.
    checks = set(re.findall(r"^\| (`[a-z_]+\.[a-z_]+`) \|", text, flags=re.M))
    unmapped = checks - named
    assert unmapped == set(), f"checks in docs/roles.md with no endpoint: {sorted(unmapped)}"


def test_every_mapped_action_has_its_endpoint(document):
    absent = [
        (action, method, path)
        for action, method, path in ACTIONS
        if method not in document["paths"].get(path, {})
    ]
    assert absent == []


def test_every_endpoint_documents_its_shapes_and_chinese_errors(document):
    problems = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            where = f"{method.upper()} {path}"
            if not CJK.search(operation.get("summary", "")):
                problems.append(f"{where}: no Chinese summary")
            responses = operation["responses"]
            ok = [s for s in responses if s.startswith("2")]
            if not ok:
                problems.append(f"{where}: no success response")
            for status, response in responses.items():
                if status.startswith("2"):
                    continue
                example = response["content"]["application/json"].get("example", {})
                if not CJK.search(example.get("detail", "")):
                    problems.append(f"{where}: {status} has no Chinese example")
            for content in operation.get("requestBody", {}).get("content", {}).values():
                if not content.get("schema"):
                    problems.append(f"{where}: a request body without a schema")
    assert problems == []
