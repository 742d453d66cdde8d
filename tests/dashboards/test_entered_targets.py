"""Targets of any kind: entered yes/no and amount targets (the actual typed by province staff, with
its source; history in the audit trail), period targets (2026–2030) and the 2026–2030 metrics."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from communes.models import Level
from dashboards.metrics import METRICS, Status, yes_no_status
from dashboards.models import Target
from dashboards.selectors import period_share, province_facts, target_card, targets_for
from ntm_tracker.models import AuditEvent
from showcase.demo.accounts import ENTERED_2024, demo_targets_load
from tests.factories import make_commune, make_recognition, make_target

LIST = reverse("target_list")
NEW = reverse("target_create")


def _yes_no(**overrides) -> dict:
    data = {"kind": "yes_no", "year": 2024, "start_year": "", "district": "", "metric": "",
            "title": "Tỉnh hoàn thành nhiệm vụ xây dựng NTM", "unit": "", "value": "", "baseline": "",
            "district_codes": "", "done": "", "actual": "", "actual_source": "", "note": ""}
    data.update(overrides)
    return data


def _amount(**overrides) -> dict:
    return _yes_no(**{"kind": "amount", "title": "Vận động xã hội hoá", "unit": "triệu đồng", "value": "100000",
                      **overrides})


# --- status rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("actual", "share", "expected"), [
    (None, 0.5, Status.NO_DATA), (1, 0.2, Status.ACHIEVED), (1, 1.0, Status.ACHIEVED),
    (0, 0.5, Status.NOT_YET), (0, 1.0, Status.NOT_MET),
])
def test_yes_no_status(actual, share, expected):
    assert yes_no_status(actual, share) == expected


def test_period_share_runs_over_the_whole_period():
    assert period_share(2026, 2030, datetime.date(2025, 12, 31)) == 0.0
    assert period_share(2026, 2030, datetime.date(2031, 1, 1)) == 1.0
    assert period_share(2026, 2030, datetime.date(2028, 7, 2)) == pytest.approx(0.5, abs=0.001)


def test_entered_cards_take_the_entered_actual(territory):
    facts = province_facts(territory)
    yes_no = make_target(territory, kind="yes_no", metric="", title="Hoàn thành", value=1, actual=0,
                         actual_source="Báo cáo")
    amount = make_target(territory, kind="amount", metric="", title="Vận động", value=100, unit="tỷ đồng", actual=40,
                         actual_source="Báo cáo")
    assert target_card(facts, yes_no, 1.0).status == Status.NOT_MET
    assert target_card(facts, yes_no, 0.5).status == Status.NOT_YET
    card = target_card(facts, amount, 0.5)
    assert (card.actual, card.baseline, card.status, card.unit_label, card.label) == (
        40.0, 0.0, Status.AT_RISK, " tỷ đồng", "Vận động")
    assert target_card(facts, amount, 1.0).status == Status.NOT_MET


def test_the_database_keeps_the_kinds_apart(territory):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target(territory, kind="yes_no", metric="", title="x", value=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target(territory, kind="amount", metric="", title="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target(territory, actual=5)  # a computed target's actual is never typed
    # several entered targets of one year live side by side
    make_target(territory, kind="amount", metric="", title="a", value=1)
    make_target(territory, kind="amount", metric="", title="b", value=1)


# --- period targets and the 2026–2030 metrics ----------------------------------------------------

def test_a_2026_2030_target_shows_in_each_year_of_its_period_and_measures_the_new_sets(territory, can_loc_commune):
    other = make_commune(can_loc_commune.district)
    make_recognition(can_loc_commune, level=Level.NTM, standard_year=2022)  # 2021–2025: does not count
    make_recognition(other, level=Level.NTM, standard_year=2026, decision_date=datetime.date(2026, 12, 1))
    make_recognition(other, level=Level.MODERN, standard_year=2027, decision_date=datetime.date(2027, 12, 1))
    target = make_target(territory, year=2030, start_year=2026, metric="communes_ntm_2026_share", value=65)
    modern = make_target(territory, year=2030, start_year=2026, metric="communes_modern_share", value=10)
    assert {t.pk for t in targets_for(territory, 2027)} == {target.pk, modern.pk}
    assert targets_for(territory, 2025) == []
    facts = province_facts(territory)
    programme = [c for c in facts.communes if c.in_programme]
    card = target_card(facts, target, 0.0, today=datetime.date(2028, 7, 2))
    assert card.actual == round(100 / len(programme), 1) and card.baseline == 0.0
    assert target.period == "2026–2030"
    assert target_card(facts, modern, 0.0, today=datetime.date(2031, 1, 1)).actual == round(100 / len(programme), 1)
    assert METRICS["communes_modern_share"].is_percent


# --- the pages -----------------------------------------------------------------------------------

def test_province_staff_add_a_yes_no_target_then_enter_it_done_audited(client, province_user, territory):
    client.force_login(province_user)
    response = client.post(f"{NEW}?year=2024", _yes_no())
    assert response.status_code == 302
    target = Target.objects.get(kind="yes_no")
    assert (target.value, target.actual, target.metric) == (Decimal("1"), None, "")
    edit = reverse("target_edit", args=[target.pk])
    response = client.post(edit, _yes_no(done="1", version=target.version))
    assert response.status_code == 400 or "actual_source" in response.context["form"].errors
    assert Target.objects.get(pk=target.pk).actual is None  # nothing written without a source
    response = client.post(edit, _yes_no(done="1", actual_source="Quyết định 123/QĐ-TTg", actual_verified="on",
                                         version=target.version))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.actual, target.actual_verified) == (Decimal("1"), True)
    changed = AuditEvent.objects.get(object_id=str(target.pk), action=AuditEvent.Action.CHANGED)
    assert changed.changes["actual"] == [None, "1.00"] or changed.changes["actual"][1] in ("1", "1.00")
    html = client.get(edit).content.decode()
    assert 'id="target-history"' in html and "Giá trị thực hiện" in html
    html = client.get(LIST, {"year": 2024}).content.decode()
    assert "Tỉnh hoàn thành nhiệm vụ xây dựng NTM" in html and "Đã đạt" in html and "Quyết định 123/QĐ-TTg" in html


def test_an_amount_target_needs_its_value_and_a_title(client, province_user, territory):
    client.force_login(province_user)
    response = client.post(NEW, _amount(value="", title=""))
    errors = response.context["form"].errors
    assert "value" in errors and "title" in errors
    assert "Nhập nội dung của mục tiêu." in response.content.decode()
    response = client.post(NEW, _amount(actual="-5", actual_source="x"))
    assert "Giá trị thực hiện không được âm." in response.content.decode()
    assert not Target.objects.exists()
    assert client.post(NEW, _amount(actual="40000", actual_source="Báo cáo 2024")).status_code == 302
    target = Target.objects.get()
    assert (target.unit, target.actual, target.value) == ("triệu đồng", Decimal("40000"), Decimal("100000"))


def test_dashboard_shows_the_entered_target_card(client, leader_user, territory, catalogue):
    make_target(territory, kind="yes_no", metric="", title="Tỉnh hoàn thành nhiệm vụ", value=1, year=2024)
    client.force_login(leader_user)
    response = client.get(reverse("dashboard"), {"year": 2024})
    html = response.content.decode()
    assert response.context["year"] == 2024, response.context["year"]
    assert response.context["cards"], response.context["cards"]
    assert 'data-metric="yes_no"' in html
    assert "Tỉnh hoàn thành nhiệm vụ" in html and "Chưa có dữ liệu" in html


def test_leaders_and_district_staff_cannot_enter_actuals_other_provinces_get_404(
        client, leader_user, district_user, other_province_user, anonymous_target):
    edit = reverse("target_edit", args=[anonymous_target.pk])
    for user in (leader_user, district_user):
        client.force_login(user)
        assert client.post(edit, _yes_no(done="1", actual_source="x")).status_code == 403
    client.force_login(other_province_user)
    assert client.get(edit).status_code == 404
    client.logout()
    assert client.get(edit).status_code == 302


def test_edit_page_query_count_does_not_grow_with_the_history(client, province_user, anonymous_target,
                                                              django_assert_max_num_queries):
    client.force_login(province_user)
    edit = reverse("target_edit", args=[anonymous_target.pk])
    for n in range(5):
        client.post(edit, _yes_no(done=str(n % 2), actual_source=f"Báo cáo {n}",
                                  version=Target.objects.get(pk=anonymous_target.pk).version))
    assert AuditEvent.objects.filter(object_id=str(anonymous_target.pk)).count() == 5
    with django_assert_max_num_queries(12):
        assert client.get(edit).status_code == 200


def test_the_demo_has_the_2024_yes_no_goal_unreported(territory):
    demo_targets_load()
    target = Target.objects.get(kind="yes_no", year=2024)
    assert target.title == ENTERED_2024["title"] and target.actual is None  # nobody invented the outcome


@pytest.fixture
def anonymous_target(territory):
    return make_target(territory, kind="yes_no", metric="", title="Tỉnh hoàn thành nhiệm vụ", value=1, year=2024)
