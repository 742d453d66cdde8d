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


def test_the_communes_group_threshold_wins_over_every_group_and_falls_back_to_it():
    from decimal import Decimal

    from communes.models import Threshold
    from communes.rules import threshold_pick

    rows = [Threshold(commune_group=0, region="", year=None, value=Decimal(50)),
            Threshold(commune_group=1, region="", year=None, value=Decimal(90)),
            Threshold(commune_group=3, region="", year=2026, value=Decimal(30))]
    assert threshold_pick(rows, region="north_central", mountain=False, year=2026, group=1) == 90
    assert threshold_pick(rows, region="north_central", mountain=False, year=2026, group=3) == 30
    assert threshold_pick(rows, region="north_central", mountain=False, year=2027, group=3) == 50
    assert threshold_pick(rows, region="north_central", mountain=False, year=2026, group=2) == 50
    assert threshold_pick(rows, region="north_central", mountain=False, year=2026) == 50
