"""The one import flow (ntm_tracker/import_flow.py) and its partials: no page stages an upload on
its own, and a report's errors look the same on every page whatever their shape."""

import ast
import re
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse

from ntm_tracker.uploads import RowError

ROOT = Path(__file__).resolve().parents[2]
APPS = ["territory", "ntm_tracker", "communes", "ocop", "funding", "dashboards", "api", "showcase"]
STAGING = {"stage", "staged", "unstage"}
IMPORT_PAGES = ["assessments_import", "commune_groups_import", "model_site_import", "funding_import", "ocop_import",
                "user_import", "units_import"]


def _staging_calls() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                    if name in STAGING:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


def test_only_the_import_flow_stages_an_upload():
    calls = _staging_calls()
    assert calls and all(call.startswith("ntm_tracker/import_flow.py:") for call in calls), calls


def test_row_errors_are_a_table_with_the_column_letter():
    html = render_to_string("_partials/import_errors.html", {"errors": [
        RowError(3, "Số tiền (triệu đồng)", "F", "Nhập một số."), RowError(4, "Tên", "", "Trùng tên.")]})
    cells = [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", html, re.S)]
    assert 'table class="data-table" id="import-errors"' in html
    assert cells == ["3", "Số tiền (triệu đồng) (F)", "Nhập một số.", "4", "Tên", "Trùng tên."]


def test_messages_naming_their_row_are_a_list():
    html = render_to_string("_partials/import_errors.html", {"errors": ["Dòng 3: thiếu mã xã.", "Dòng 5: <b>x</b>"]})
    assert '<ul class="form-error" id="import-errors">' in html and "<table" not in html
    assert "<li>Dòng 3: thiếu mã xã.</li>" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_no_errors_no_block():
    assert render_to_string("_partials/import_errors.html", {"errors": []}).strip() == ""


def test_every_import_page_offers_one_upload_form(client, world):
    """The same form everywhere: a multipart POST with a `file` input and one submit."""
    personas = {"assessments_import": "district", "commune_groups_import": "province", "model_site_import": "province",
                "funding_import": "province", "ocop_import": "district"}
    for name in IMPORT_PAGES:
        client.force_login(world.users[personas.get(name, "admin")])
        html = client.get(reverse(name)).content.decode()
        forms = re.findall(r'<form method="post" enctype="multipart/form-data"(.*?)</form>', html, re.S)
        assert len(forms) == 1, name
        assert len(re.findall(r'<input type="file" name="file"|<input[^>]* name="file"', forms[0])) == 1, name
        assert len(re.findall(r'<button type="submit"', forms[0])) == 1, name
