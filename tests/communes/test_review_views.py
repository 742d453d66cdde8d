"""Review steps on the commune page and the /review/ queue with bulk actions, for every role."""

import pytest
from django.urls import reverse

from communes.models import Review
from ntm_tracker.collation import sort_key
from ntm_tracker.models import AuditEvent
from territory.models import Commune


def _step(client, commune, step, reason="", year=2024, confirm=True):
    """Post a review step; `confirm`: the "go on anyway" box ticked (the warnings have their own tests)."""
    data = {"reason": reason, **({"confirm": "1"} if confirm else {})}
    return client.post(reverse("review_step", args=[commune.code, year, step]), data)


def _state(commune, year=2024):
    return Review.objects.filter(commune=commune, year=year).values_list("state", flat=True).first() or "draft"


@pytest.mark.parametrize("persona, status", [
    ("admin_user", 302), ("province_user", 302), ("district_user", 302), ("commune_user", 302),
    ("leader_user", 403), ("other_province_user", 404),
])
def test_submit_access_for_every_role(client, request, can_loc_commune, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert _step(client, can_loc_commune, "submit").status_code == status
    assert _state(can_loc_commune) == ("submitted" if status == 302 else "draft")


@pytest.mark.parametrize("persona, step, allowed", [
    ("district_user", "verify", True), ("province_user", "verify", False), ("commune_user", "verify", False),
    ("leader_user", "verify", False), ("district_user", "return", True), ("commune_user", "return", False),
])
def test_verify_and_return_of_a_submitted_assessment(client, request, can_loc_commune, persona, step, allowed):
    Review.objects.create(commune=can_loc_commune, year=2024, state="submitted")
    client.force_login(request.getfixturevalue(persona))
    response = _step(client, can_loc_commune, step, reason="Thiếu minh chứng")
    assert response.status_code == (302 if allowed else 403)
    assert _state(can_loc_commune) == ({"verify": "verified", "return": "returned"}[step] if allowed else "submitted")


@pytest.mark.parametrize("persona, allowed", [
    ("province_user", True), ("admin_user", True), ("district_user", False), ("commune_user", False), ("leader_user", False),
])
def test_only_province_staff_approve_and_reopen(client, request, can_loc_commune, persona, allowed):
    Review.objects.create(commune=can_loc_commune, year=2024, state="verified")
    client.force_login(request.getfixturevalue(persona))
    assert _step(client, can_loc_commune, "approve").status_code == (302 if allowed else 403)
    if allowed:
        assert _state(can_loc_commune) == "approved"
        assert _step(client, can_loc_commune, "reopen", reason="Cập nhật thu nhập").status_code == 302
        assert _state(can_loc_commune) == "draft"


def test_return_without_a_reason_is_refused_with_a_message(client, district_user, can_loc_commune):
    Review.objects.create(commune=can_loc_commune, year=2024, state="submitted")
    client.force_login(district_user)
    response = _step(client, can_loc_commune, "return")
    assert _state(can_loc_commune) == "submitted"
    page = client.get(response.url)
    assert "Vui lòng nêu lý do" in page.content.decode()


def test_commune_page_shows_state_and_history_of_the_review(client, commune_user, district_user, can_loc_commune):
    client.force_login(commune_user)
    _step(client, can_loc_commune, "submit")
    client.force_login(district_user)
    _step(client, can_loc_commune, "return", reason="Thiếu minh chứng tiêu chí 5")
    html = client.get(reverse("commune_detail", args=[can_loc_commune.code]) + "?year=2024").content.decode()
    assert "Trả lại để sửa" in html and "Thiếu minh chứng tiêu chí 5" in html
    assert AuditEvent.objects.filter(action="workflow", unit_code=can_loc_commune.code).count() == 2


def test_queue_lists_what_waits_for_the_user(client, district_user, province_user, commune_user, can_loc_assessed):
    client.force_login(district_user)
    items = client.get(reverse("review_queue")).context["items"]
    assert items and {i["review"].state for i in items} == {"submitted"}
    assert {i["commune"].district_id for i in items} == {can_loc_assessed.pk}
    client.force_login(province_user)
    assert {i["review"].state for i in client.get(reverse("review_queue")).context["items"]} == {"verified"}
    client.force_login(commune_user)
    items = client.get(reverse("review_queue") + "?year=2024").context["items"]
    assert [(i["commune"], i["review"].year) for i in items] == [(commune_user.commune, 2024)]


def test_queue_anonymous_and_leader(client, leader_user, ha_tinh):
    assert client.get(reverse("review_queue")).status_code == 302
    client.force_login(leader_user)
    assert client.get(reverse("review_queue")).context["items"] == []


def test_bulk_approve_by_the_province(client, province_user, can_loc_assessed):
    verified = list(Review.objects.filter(state="verified"))
    client.force_login(province_user)
    items = [f"{r.commune.code}:{r.year}" for r in verified]
    response = client.post(reverse("review_queue_bulk"), {"step": "approve", "item": items, "confirm": "1"})
    assert response.status_code == 302
    assert not Review.objects.filter(state="verified").exists()
    assert AuditEvent.objects.filter(action="workflow").count() == len(verified)


def test_bulk_verify_outside_the_district_is_forbidden_and_changes_nothing(client, district_user, can_loc_assessed):
    other = Commune.objects.filter(district__code="442", kind="xa").first()
    Review.objects.create(commune=other, year=2024, state="submitted")
    mine = Review.objects.filter(commune__district=can_loc_assessed, state="submitted").first()
    client.force_login(district_user)
    response = client.post(reverse("review_queue_bulk"), {
        "step": "verify", "item": [f"{mine.commune.code}:2024", f"{other.code}:2024"]})
    assert response.status_code == 403
    assert _state(mine.commune) == "submitted" and _state(other) == "submitted"


def test_queue_query_count_is_flat(client, province_user, can_loc_assessed, django_assert_num_queries):
    client.force_login(province_user)
    client.get(reverse("review_queue"))
    # 5th: the years the catalogue's sets cover; 6th: the changes since verified of the page's rows.
    with django_assert_num_queries(6) as first:
        client.get(reverse("review_queue"))
    Review.objects.filter(state="submitted").update(state="verified")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("review_queue"))


@pytest.mark.parametrize("persona, status", [
    ("commune_user", 403), ("leader_user", 403), ("district_user", 403), ("other_province_user", 404),
])
def test_bulk_approve_is_for_province_staff_only(client, request, can_loc_assessed, persona, status):
    verified = Review.objects.filter(state="verified").first()
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("review_queue_bulk"), {"step": "approve", "item": [f"{verified.commune.code}:{verified.year}"]})
    assert response.status_code == status
    verified.refresh_from_db()
    assert verified.state == "verified"


def _many_verified(count: int) -> None:
    """`count` communes of Hà Tĩnh (outside Can Lộc too) verified for 2024, waiting for the province."""
    for commune in Commune.objects.filter(district__province__code="42", kind="xa").order_by("code")[:count]:
        Review.objects.update_or_create(commune=commune, year=2024, defaults={"state": "verified"})


def test_the_province_queue_pages_with_page_numbers_and_filters_by_district(client, province_user, ha_tinh):
    _many_verified(120)
    client.force_login(province_user)
    response = client.get(reverse("review_queue"))
    html = response.content.decode()
    assert len(response.context["items"]) == 50 and response.context["page"].paginator.count == 120
    assert 'aria-current="page" href="?sort=updated&amp;page=1"' in html and 'aria-label="Trang 3"' in html
    # Select-all in the header, and the bulk button above the table as well as below it.
    assert 'data-select-all="item"' in html
    assert html.index('id="queue-actions-top"') < html.index('id="queue-table"')
    assert html.count('value="approve"') == 2
    districts = response.context["districts"]
    assert len(districts) > 3 and districts == sorted(districts)
    code = districts[1][0]
    filtered = client.get(reverse("review_queue"), {"district": code}).context["items"]
    assert filtered and {i["commune"].district.code for i in filtered} == {code}
    # An unknown district shows everything rather than failing.
    assert client.get(reverse("review_queue"), {"district": "x"}).context["page"].paginator.count == 120


def test_the_queue_sorts_by_a_column_with_its_arrow_and_aria_sort(client, province_user, ha_tinh):
    _many_verified(30)
    client.force_login(province_user)
    response = client.get(reverse("review_queue"), {"sort": "commune"})
    names = [i["commune"].name for i in response.context["items"]]
    assert names == sorted(names, key=sort_key)
    html = response.content.decode()
    assert '<th scope="col" aria-sort="ascending"><a class="sort-link" href="?sort=-commune"' in html
    assert 'aria-sort="none"><a class="sort-link" href="?sort=district"' in html
    descending = client.get(reverse("review_queue"), {"sort": "-commune"})
    assert [i["commune"].name for i in descending.context["items"]] == names[::-1]
    assert 'aria-sort="descending"' in descending.content.decode()
    met = client.get(reverse("review_queue"), {"sort": "criteria_met"}).context["items"]
    assert [i["criteria_met"] if i["criteria_met"] is not None else -1 for i in met] == sorted(
        i["criteria_met"] if i["criteria_met"] is not None else -1 for i in met)


def test_the_review_timeline_reads_states_in_vietnamese(client, commune_user, can_loc_commune):
    client.force_login(commune_user)
    _step(client, can_loc_commune, "submit")
    html = client.get(reverse("commune_detail", args=[can_loc_commune.code]) + "?year=2024").content.decode()
    timeline = html[html.index('<ol class="timeline">'):html.index("</ol>", html.index('<ol class="timeline">'))]
    assert "Bản nháp → <strong>Đã gửi</strong>" in timeline
    assert "draft" not in timeline and "submitted" not in timeline


# --- Approving with eyes open ---------------------------------------------------------------------


def test_warnings_stand_next_to_verify_and_need_the_confirmation(client, district_user, catalogue, can_loc_commune):
    Review.objects.create(commune=can_loc_commune, year=2024, state="submitted")  # nothing assessed
    client.force_login(district_user)
    html = client.get(reverse("commune_detail", args=[can_loc_commune.code]), {"year": 2024}).content.decode()
    warnings = html[html.index('id="review-warnings"'):html.index('class="review-actions"')]
    assert "chỉ tiêu chưa có giá trị" in warnings and "tiêu chí chưa đạt" in warnings
    assert 'name="confirm" value="1" required id="confirm-verify"' in html
    # Without the box ticked nothing moves, and the message says why.
    response = _step(client, can_loc_commune, "verify", confirm=False)
    assert response.status_code == 302 and _state(can_loc_commune) == "submitted"
    page = client.get(response.url).content.decode()
    assert "đánh dấu ô xác nhận" in page
    _step(client, can_loc_commune, "verify", confirm=True)
    assert _state(can_loc_commune) == "verified"


def test_a_complete_assessment_is_verified_without_warning(client, district_user, can_loc_assessed):
    from communes.models import CommuneYearResult

    full = CommuneYearResult.objects.filter(commune__district=can_loc_assessed, year=2024,
                                            criteria_met=19).select_related("commune").first()
    Review.objects.update_or_create(commune=full.commune, year=2024, defaults={"state": "submitted"})
    client.force_login(district_user)
    html = client.get(reverse("commune_detail", args=[full.commune.code]), {"year": 2024}).content.decode()
    assert 'id="review-warnings"' not in html and 'id="confirm-verify"' not in html
    _step(client, full.commune, "verify", confirm=False)
    assert _state(full.commune) == "verified"


def test_a_province_change_to_a_verified_value_sends_it_back_and_shows_previous_and_new(
        client, district_user, province_user, can_loc_assessed, django_assert_max_num_queries):
    from decimal import Decimal

    from communes.models import Assessment
    from communes.services.assessments import assessment_save
    from communes.services.reviews import review_transition

    assessment = Assessment.objects.filter(commune__district=can_loc_assessed, year=2024, value__isnull=False,
                                           indicator__kind="percent").select_related("commune", "indicator").first()
    commune = assessment.commune
    Review.objects.update_or_create(commune=commune, year=2024, defaults={"state": "submitted"})
    review_transition(commune=commune, year=2024, step="verify", user=district_user)
    old = assessment.value
    new = Decimal("12.50") if old != Decimal("12.50") else Decimal("13.00")
    assessment_save(commune=commune, indicator=assessment.indicator, year=2024, value=new, note=assessment.note,
                    expected_version=assessment.version, user=province_user)
    # The verified state no longer holds: back to submitted, and the timeline says who and why.
    assert _state(commune) == "submitted"
    event = AuditEvent.objects.filter(action="workflow", object_type="communes.review").order_by("-pk").first()
    assert event.actor == province_user and event.changes == {"state": ["verified", "submitted"]}
    assert assessment.indicator.code in event.reason
    # The district sees the previous and the new value next to its verify button.
    client.force_login(district_user)
    client.get(reverse("commune_detail", args=[commune.code]), {"year": 2024})  # the catalogue held in memory
    # The page's own queries (with its lineage and its model villages and gardens), plus the
    # changes since verified (one) and the warnings (two).
    with django_assert_max_num_queries(17):
        html = client.get(reverse("commune_detail", args=[commune.code]), {"year": 2024}).content.decode()
    table = html[html.index('id="review-changes-table"'):]
    table = table[:table.index("</table>")]
    assert f"<th scope=\"row\">{assessment.indicator.code}</th>" in table
    assert "12,5" in table or "13" in table
    assert str(province_user) in table
    # And in the queue, on the commune's row.
    queue = client.get(reverse("review_queue")).content.decode()
    assert "giá trị thay đổi sau khi thẩm định" in queue and f"{assessment.indicator.code} · " in queue


def test_bulk_steps_on_communes_with_unmet_criteria_need_the_confirmation(client, province_user, can_loc_assessed):
    from communes.models import CommuneYearResult

    partial = CommuneYearResult.objects.filter(commune__district=can_loc_assessed, year=2024).select_related(
        "commune").first()
    CommuneYearResult.objects.filter(pk=partial.pk).update(criteria_met=18)  # the 18/19 of the issue
    Review.objects.update_or_create(commune=partial.commune, year=2024, defaults={"state": "verified"})
    client.force_login(province_user)
    html = client.get(reverse("review_queue")).content.decode()
    assert 'id="queue-confirm"' in html and 'data-testid="queue-warning"' in html
    item = [f"{partial.commune.code}:2024"]
    response = client.post(reverse("review_queue_bulk"), {"step": "approve", "item": item})
    assert response.status_code == 302 and _state(partial.commune) == "verified"
    assert partial.commune.full_name in client.get(response.url).content.decode()
    client.post(reverse("review_queue_bulk"), {"step": "approve", "item": item, "confirm": "1"})
    assert _state(partial.commune) == "approved"


def test_the_queue_types_ahead_over_its_communes_and_filters_by_the_one_chosen(client, province_user, ha_tinh):
    _many_verified(5)
    chosen = Review.objects.filter(state="verified").select_related("commune").order_by("commune__code").first().commune
    client.force_login(province_user)
    html = client.get(reverse("review_queue")).content.decode()
    # The browser's own type-ahead: a <datalist> of the queue's communes, in Vietnamese order.
    assert 'list="queue-commune-list"' in html and f'<option value="{chosen.full_name}">' in html
    response = client.get(reverse("review_queue"), {"commune": chosen.full_name})
    assert [item["commune"] for item in response.context["items"]] == [chosen]
    assert f"commune={chosen.full_name.replace(' ', '+')}" in response.content.decode() or \
        "commune=" in response.context["query"]
    assert client.get(reverse("review_queue"), {"commune": chosen.code}).context["items"][0]["commune"] == chosen
    assert client.get(reverse("review_queue"), {"commune": "Không có xã này"}).context["items"] == []
