"""The layers of docs/architecture.md, checked: every import between GovDesk's apps —
lazy ones inside functions too, they are how cycles hide — goes down the layer order,
or is one of the few edges this file names. The layer order is data (``LAYERS``);
the docs' table is the same list."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import govdesk

# A scan of the source, the same whichever database the suite uses.
pytestmark = pytest.mark.once

ROOT = Path(govdesk.__file__).parent

# Bottom to top: an app may import any app in a lower row, none in its own row or above.
LAYERS: list[tuple[str, ...]] = [
    ("lib",),  # Django-free helpers
    ("audit",),  # the change log
    ("core",),  # shared plumbing: idempotency, exports, admin bases, calendar, bench registry
    ("units",),
    ("accounts",),
    ("publications",),  # the catalogue: publications, columns, adoption records
    ("items",),
    ("bulletins", "solicitations"),
    ("search", "annotations"),
    ("quality",),
    ("scoring", "notifications"),
    ("emergencies", "portal"),
    ("circulars", "awards"),
    ("api", "web", "demo", "bench", "backups", "records"),
]

# Imports between apps of one row that are allowed.
SIDEWAYS = {
    ("api", "web"),  # the API answers an oversized request with the pages' message
}

# The one permission policy (``policy.py``) knows every guarded object: it may import
# these apps, and every app may import it.
POLICY_SEES = {
    "audit",
    "units",
    "accounts",
    "publications",
    "items",
    "bulletins",
    "annotations",
    "solicitations",
    "emergencies",
}

# The project's own modules sit above every app; an app may use these of them.
PROJECT = {"settings", "urls", "wsgi", "cli", "__main__", "govdesk"}
PROJECT_USED_BY = {
    ("web", "wsgi"),  # ``govdesk serve`` hands gunicorn the WSGI application
    ("backups", "govdesk"),  # the version written into each archive's manifest
}

# Upward edges not untangled yet (issue 14). The list only shrinks: an entry whose
# edge is gone fails the test until it is deleted here.
NOT_YET: dict[tuple[str, str], str] = {}

RANK = {app: row for row, apps in enumerate(LAYERS) for app in apps}


def _node(module: str) -> str | None:
    """The app (or project module) a dotted module name belongs to; None outside. An
    app's ``benchmarks`` module is a plugin of ``bench`` (only ``govdesk bench`` imports
    it), so it counts as ``bench``."""
    parts = module.split(".")
    if parts[0] != "govdesk":
        return None
    if parts[-1] == "benchmarks":
        return "bench"
    if len(parts) == 1:
        return "govdesk"
    return parts[1]


def _targets(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    if module != "govdesk":
        return [module]
    # ``from govdesk import policy`` names a module; ``from govdesk import __version__`` not.
    return [
        f"govdesk.{alias.name}"
        if (ROOT / alias.name).is_dir() or (ROOT / f"{alias.name}.py").exists()
        else "govdesk"
        for alias in node.names
    ]


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where, for every import in src/govdesk."""
    edges = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent)
        module = ".".join(relative.with_suffix("").parts)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        source = _node(module.removesuffix(".__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, package):
                imported = _node(target)
                if imported and imported != source:
                    edges[(source, imported)].append(f"{relative}:{node.lineno}")
    return edges


def allowed(source: str, imported: str) -> bool:
    if imported == "policy":
        return True
    if source == "policy":
        return imported in POLICY_SEES
    if source in PROJECT:
        return True
    if imported in PROJECT:
        return (source, imported) in PROJECT_USED_BY
    if (source, imported) in SIDEWAYS:
        return RANK[source] == RANK[imported]
    return RANK[source] > RANK[imported]


def test_every_app_has_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert apps == set(RANK), "place a new app in LAYERS (and in docs/architecture.md)"


def test_no_app_imports_upward():
    edges = import_edges()
    wrong = [
        f"{source} -> {imported}: {', '.join(where)}"
        for (source, imported), where in sorted(edges.items())
        if not allowed(source, imported) and (source, imported) not in NOT_YET
    ]
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_not_yet_untangled_edges_still_exist():
    gone = set(NOT_YET) - set(import_edges())
    assert not gone, f"no longer imported, delete from NOT_YET: {sorted(gone)}"


def test_the_graph_sees_lazy_imports_and_the_rules_catch_them():
    """A function-level import of a higher app is an edge, and an upward one fails."""
    tree = ast.parse("def f():\n    from govdesk.web.views import dashboard\n")
    lazy = [t for node in ast.walk(tree) for t in _targets(node, "govdesk.units")]
    assert [_node(t) for t in lazy] == ["web"]
    assert not allowed("units", "web")
    assert not allowed("bulletins", "solicitations")  # same row, not listed
    assert allowed("bulletins", "items")
    assert not allowed("policy", "scoring")
