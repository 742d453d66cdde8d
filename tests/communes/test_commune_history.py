"""The commune's full history of changes (/communes/<code>/history/) and the latest ones on its page."""

import pytest
from django.urls import reverse

from ntm_tracker.models import AuditEvent
from territory.models import Commune


@pytest.fixture
def commune(ha_tinh) -> Commune:
    return Commune.objects.filter(district__code="443", kind=Commune.Kind.COMMUNE).order_by("code").first()


def record_changes(commune: Commune, count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(action=AuditEvent.Action.CHANGED, actor_name="tinh", object_type="communes.assessment",
                   object_id=str(n), object_repr=f"Chỉ tiêu {n}", unit_code=commune.code,
                   changes={"value": [str(n), str(n + 1)]}, reason=f"lý do {n}")
        for n in range(count)
    )


def latest(client, commune: Commune):
    """The commune page's history section, as htmx loads it when it comes into view."""
    return client.get(reverse("commune_history", args=[commune.code]) + "?part=latest", headers={"HX-Request": "true"})


def test_the_commune_page_loads_its_history_section_when_it_comes_into_view(client, leader_user, commune):
    client.force_login(leader_user)
    html = client.get(reverse("commune_detail", args=[commune.code])).content.decode()
    url = reverse("commune_history", args=[commune.code])
    assert f'<div id="history-latest" hx-get="{url}?part=latest" hx-trigger="intersect once"' in html
    assert f'href="{url}"' in html  # without JavaScript: the link to the history page


def test_the_section_lists_the_latest_ten_changes_and_links_to_all(client, leader_user, commune):
    record_changes(commune, 12)
    client.force_login(leader_user)
    response = latest(client, commune)
    html = response.content.decode()
    assert html.strip().startswith('<div id="history-latest">') and "<html" not in html
    assert len(response.context["events"]) == 10 and response.context["more"]
    assert "lý do 11" in html and "lý do 1<" not in html  # newest first
    assert reverse("commune_history", args=[commune.code]) in html


def test_the_section_is_chosen_by_name_not_by_the_target_id(client, leader_user, commune):
    """Only `?part=latest` asks for the section: the DOM id of the target does not choose the answer."""
    record_changes(commune, 12)
    client.force_login(leader_user)
    response = client.get(reverse("commune_history", args=[commune.code]),
                          headers={"HX-Request": "true", "HX-Target": "history-latest"})
    assert response.content.decode().strip().startswith('<div id="history-events">')
    assert "page" in response.context and "more" not in response.context


def test_no_link_when_the_section_shows_every_change(client, leader_user, commune):
    record_changes(commune, 3)
    client.force_login(leader_user)
    response = latest(client, commune)
    assert not response.context["more"]
    assert reverse("commune_history", args=[commune.code]) not in response.content.decode()


def test_history_page_lists_every_change_newest_first_fifty_per_page(client, leader_user, commune):
    record_changes(commune, 60)
    client.force_login(leader_user)
    url = reverse("commune_history", args=[commune.code])
    first = client.get(url)
    assert first.status_code == 200
    events = list(first.context["page"].object_list)
    assert len(events) == 50 and events[0].created_at >= events[-1].created_at
    html = first.content.decode()
    assert "Lịch sử thay đổi" in html and "lý do 59" in html and "lý do 0<" not in html
    second = client.get(url + "?page=2")
    assert len(second.context["page"].object_list) == 10 and "lý do 0<" in second.content.decode()
    assert client.get(url + "?page=abc").status_code == 200  # a bad page number shows the first page


def test_htmx_paging_returns_the_events_fragment(client, leader_user, commune):
    record_changes(commune, 60)
    client.force_login(leader_user)
    response = client.get(reverse("commune_history", args=[commune.code]) + "?page=2", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and html.strip().startswith('<div id="history-events">')
    assert "HX-Request" in response["Vary"]


def test_anonymous_is_sent_to_login(client, commune):
    response = client.get(reverse("commune_history", args=[commune.code]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_other_province_user_gets_404(client, other_province_user, commune):
    client.force_login(other_province_user)
    assert client.get(reverse("commune_history", args=[commune.code])).status_code == 404


def test_query_count_is_flat(client, leader_user, commune, django_assert_num_queries):
    client.force_login(leader_user)
    url = reverse("commune_history", args=[commune.code])
    record_changes(commune, 5)
    client.get(url)
    with django_assert_num_queries(5) as first:  # session, user, commune, count, the page of events with actors
        client.get(url)
    record_changes(commune, 100)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_changes_show_field_labels_and_not_met_as_not_met(client, admin_user):
    from tests.factories import make_commune

    commune = make_commune()
    AuditEvent.objects.create(action=AuditEvent.Action.CHANGED, actor_name="xa", object_type="communes.assessment",
                              unit_code=commune.code, changes={"met": [True, False], "value": [None, "85.50"]})
    client.force_login(admin_user)
    html = client.get(reverse("commune_history", args=[commune.code])).content.decode()
    assert "Đạt:</span> Đạt → <strong>Không đạt</strong>" in html
    assert "Giá trị:</span> — → <strong>85,5</strong>" in html
