"""Every page of the app opens on today's map: after the 1 July 2025 reform (no district, the
`world`'s Can Lộc commune merged away, a product of a commune formed that day), each GET URL of the
resolver, with the permission matrix's arguments, answers without a server error, on its default year
and on 2026, a year the merged commune did not exist in. Found so: the OCOP product form and export broke
on communes without a district."""

from django.test import Client
from django.urls import reverse

from tests.factories import make_product
from tests.ntm_tracker.test_permission_matrix import URLS


def test_every_page_opens_on_todays_map(world, reformed_commune):
    make_product(reformed_commune, name="Nước mắm Đan Hải")
    client = Client()
    client.force_login(world.users["province"])  # sees and may edit everything of Hà Tĩnh
    failures = {}
    for name, entry in sorted(URLS.items()):
        if entry.method != "get":
            continue
        url = reverse(name, kwargs=entry.kwargs(world))
        query = entry.query(world) if callable(entry.query) else entry.query
        for extra in ("", "year=2026"):  # the default year, and one the merged commune did not exist in
            full = "&".join(part for part in (query, extra) if part)
            response = client.get(f"{url}?{full}" if full else url)
            if response.status_code >= 500:
                failures[f"{url}?{full}"] = response.status_code
    assert failures == {}
