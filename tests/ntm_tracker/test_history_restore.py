"""Back after a miss in htmx's history cache: htmx asks the pushed URL again with
`HX-History-Restore-Request` and puts the answer in place of the whole body, so every page answers
that request with the whole page (ntm_tracker/htmx.py), never with the fragment its filters get.

The URL list is the permission matrix's, which the resolver keeps complete: every GET URL the
administrator may open. A URL that is not a page says why in `NOT_PAGES`.
"""

from django.test import Client
from django.urls import reverse

from tests.ntm_tracker.test_permission_matrix import OK, URLS

RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

NOT_PAGES = {
    "healthz": "JSON for load balancers",
    "user_scope_fields": "a fragment the user form loads into itself; never a pushed URL",
    "audit_export": "a download", "assessments_download": "a download", "evidence_download": "a download",
    "ocop_product_export": "a download", "ocop_import_template": "a download",
    "criteria_template": "a download", "criteria_set_export": "a download",
    "funding_export": "a download", "funding_import_template": "a download",
    "sponsorship_export": "a download", "sponsorship_import_template": "a download",
    "api_summary": "JSON of the read API", "api_criteria_sets": "JSON of the read API",
}

# Pages that answer a plain htmx request with a fragment (the first four answered a history restore
# with it too, before ntm_tracker/htmx.py): the restore must be told apart from them.
FRAGMENT_PAGES = {"commune_detail", "district_detail", "ocop_product_list", "ocop_expiring", "commune_history",
                  "criterion_detail", "assessment_edit", "dashboard", "dashboard_district", "target_list",
                  "user_list", "audit_list", "chart_progress", "funding_list", "dossier_list"}


def _url(name: str, world) -> str:
    entry = URLS[name]
    query = entry.query(world) if callable(entry.query) else entry.query
    return reverse(name, kwargs=entry.kwargs(world)) + (f"?{query}" if query else "")


def _pages() -> list[str]:
    return sorted(name for name, entry in URLS.items()
                  if entry.method == "get" and entry.expect["admin"] == OK and name not in NOT_PAGES)


def test_every_page_answers_a_history_restore_with_the_whole_page(world):
    client = Client()
    client.force_login(world.users["admin"])
    fragments, wrong = set(), []
    for name in _pages():
        url = _url(name, world)
        if "<html" not in client.get(url, headers={"HX-Request": "true"}).content.decode():
            fragments.add(name)
        response = client.get(url, headers=RESTORE)
        html = response.content.decode()
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html") or "<html" not in html:
            wrong.append(f"{name} ({url}): {response.status_code}, {'page' if '<html' in html else 'fragment'}")
    assert wrong == []
    # The restore is told apart from the htmx requests that do get a fragment from the same URL.
    assert fragments >= FRAGMENT_PAGES


def test_a_boosted_link_gets_the_whole_page(client, world):
    client.force_login(world.users["admin"])
    html = client.get(_url("commune_detail", world), headers={"HX-Request": "true", "HX-Boosted": "true"}).content.decode()
    assert "<html" in html


def test_non_pages_are_still_app_urls():
    assert set(NOT_PAGES) <= set(URLS)
