"""The rules shared by reads and writes live in communes/rules.py: reads never import a service."""

import ast
from pathlib import Path

import pytest

import communes

READS = ["catalogue.py", "selectors.py", "rules.py"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # every import, those in functions too
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", READS)
def test_reads_import_no_service(module):
    imported = _imports(Path(communes.__file__).parent / module)
    assert not [name for name in imported if name.startswith("communes.services")]


def test_rules_import_nothing_above_the_models():
    imported = _imports(Path(communes.__file__).parent / "rules.py")
    assert {name for name in imported if name.startswith(("communes", "ntm_tracker", "ocop"))} == {"communes.models"}
