"""The apps import only downward.

Layers, bottom to top (README, "Layout"):

    territory      units through time and their import
    ntm_tracker    the core: the User and scopes, access, audit, request plumbing
    communes, ocop NTM progress and the OCOP register, side by side
    dashboards     the leaders' side: dashboards, charts, metrics, targets, the annual summary
    api            the read API (JSON, bearer tokens or the session)
    showcase       what uses every app: the demo, generate_national, the benchmark

An app may use its own layer's modules and those below. Every module of every app is read
(migrations aside: they name the models they depend on by design), and every way of reaching
another app counts: `import` and `from … import` anywhere, inside functions too;
`apps.get_model("app", "Model")` / `get_model("app.Model")`; `import_module("app.…")`; and a string
naming a model of another app (`"territory.Commune"`, as in a ForeignKey or a signal sender).

The project's wiring (`ntm_tracker/settings.py`, `urls.py`, `wsgi.py`) names every app on purpose —
INSTALLED_APPS, the URLconf including each app's urls — and is not part of the core app's layer.
"""

import ast
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

LAYERS: list[tuple[str, ...]] = [
    ("territory",),
    ("ntm_tracker",),
    ("communes", "ocop", "funding"),
    ("dashboards",),
    ("api",),
    ("showcase",),
]
LEVEL = {app: level for level, names in enumerate(LAYERS) for app in names}

# The project's wiring, which lives in the core package but names every app (see the docstring).
PROJECT_MODULES = {"ntm_tracker/settings.py", "ntm_tracker/urls.py", "ntm_tracker/wsgi.py", "ntm_tracker/asgi.py"}


class Edge(NamedTuple):
    source: str  # the importing app
    target: str  # the app imported
    where: str  # path:line
    how: str  # the statement, shortened

    def __str__(self) -> str:
        return f"{self.where}: {self.source} → {self.target} ({self.how})"


def _model_names(app: str) -> set[str]:
    return set(apps.all_models.get(app, {}))  # lower-case model names; empty for an app not loaded


def _app_of_module(dotted: str) -> str | None:
    top = dotted.split(".", 1)[0]
    return top if top in LEVEL else None


def _app_of_model_label(label: str) -> str | None:
    """The app of "app.Model" when it names a model of one of our apps (any case)."""
    app, sep, model = label.partition(".")
    if sep and app in LEVEL and "." not in model and model.lower() in _model_names(app):
        return app
    return None


def _const_str(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def module_references(source: str) -> list[tuple[int, str, str]]:
    """(line, app, how) for every reference from this source to one of the layered apps."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := _app_of_module(alias.name):
                    found.append((node.lineno, app, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and (app := _app_of_module(node.module)):
                found.append((node.lineno, app, f"from {node.module} import …"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            args = [_const_str(a) for a in node.args]
            if name == "get_model" and args:
                if len(args) >= 2 and args[0] in LEVEL:
                    found.append((node.lineno, args[0], f"get_model({args[0]!r}, …)"))
                elif args[0] and (app := _app_of_model_label(args[0]) or _app_of_module(args[0])):
                    found.append((node.lineno, app, f"get_model({args[0]!r})"))
            elif name in ("import_module", "__import__") and args and args[0] and (app := _app_of_module(args[0])):
                found.append((node.lineno, app, f"{name}({args[0]!r})"))
        elif (text := _const_str(node)) and (app := _app_of_model_label(text)):
            found.append((node.lineno, app, repr(text)))
    return found


def app_edges() -> list[Edge]:
    """Every reference from a module of one layered app to another layered app."""
    edges = []
    for app in LEVEL:
        folder = ROOT / app
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel in PROJECT_MODULES:
                continue
            for line, target, how in module_references(path.read_text(encoding="utf-8")):
                if target != app:
                    edges.append(Edge(app, target, f"{rel}:{line}", how))
    return edges


def test_every_layered_app_is_installed_and_every_installed_project_app_is_layered():
    installed = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    assert installed - set(LEVEL) == set(), "an app of the project is missing from LAYERS"
    assert set(LEVEL) - installed == set(), "a layer is not installed"


def test_no_app_imports_an_app_above_it():
    upward = [str(e) for e in app_edges() if LEVEL[e.target] > LEVEL[e.source]]
    assert upward == [], "imports upward:\n" + "\n".join(upward)


def test_no_two_apps_import_each_other():
    targets = defaultdict(set)
    for edge in app_edges():
        targets[edge.source].add(edge.target)
    both_ways = sorted({tuple(sorted((a, b))) for a in targets for b in targets[a] if a in targets.get(b, ())})
    assert both_ways == [], f"apps importing each other: {both_ways}"


def test_the_apps_form_no_cycle():
    """Longer cycles too (a → b → c → a), each edge of which may be allowed on its own."""
    graph = defaultdict(set)
    for edge in app_edges():
        graph[edge.source].add(edge.target)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


# --- The reader itself: each way of reaching another app is seen --------------------------------


@pytest.mark.parametrize("source, app", [
    ("import dashboards.selectors", "dashboards"),
    ("from ocop.models import Product", "ocop"),
    ("def f():\n    from dashboards import charts\n    return charts", "dashboards"),
    ("class A:\n    def m(self):\n        import showcase.national", "showcase"),
    ("from django.apps import apps\nModel = apps.get_model('communes', 'Review')", "communes"),
    ("from django.apps import apps\nModel = apps.get_model('ocop.Product')", "ocop"),
    ("import importlib\nm = importlib.import_module('dashboards.metrics')", "dashboards"),
    ("from django.db import models\nx = models.ForeignKey('territory.Commune', on_delete=models.CASCADE)", "territory"),
    ("from django.db import models\nx = models.ForeignKey('communes.Review', on_delete=models.CASCADE)", "communes"),
    ("sender = 'dashboards.target'", "dashboards"),
])
def test_the_reader_sees_every_kind_of_reference(source, app):
    assert app in {found_app for _line, found_app, _how in module_references(source)}


@pytest.mark.parametrize("source", [
    "from . import selectors",  # the app's own module, relative
    "from django.db import models",
    "label = 'communes.NoSuchModel'",  # not a model: a plain string
    "template = 'communes/commune_detail.html'",
    '"""See communes.Commune for the fields."""',  # a sentence naming a model is not a reference
    "import communesque",
])
def test_the_reader_ignores_what_is_not_a_reference(source):
    assert module_references(source) == []
