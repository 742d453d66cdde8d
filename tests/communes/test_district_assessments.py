"""District units against the district set (Decision 320/QĐ-TTg, 2021–2025): entered per
criterion by district or province staff, reviewed district → province, only for the years the
district level existed (until 30 June 2025)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communes.models import Criterion, DistrictAssessment, DistrictReview, DistrictYearResult, Level
from communes.services.catalogue import DISTRICT_SET
from communes.services.district_assessments import (
    district_assessments_save, district_review_transition, district_years,
)
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.stale import StaleEdit
from territory.services import unit_close
from tests.factories import make_user

YEAR = 2024


@pytest.fixture
def criteria(catalogue) -> list[Criterion]:
    return list(Criterion.objects.filter(criteria_set__code=DISTRICT_SET).order_by("number"))


def _all_met(criteria, version=0) -> dict:
    return {c.pk: (True, "", version) for c in criteria}


def test_years_are_the_district_sets_while_districts_existed(criteria, can_loc):
    assert district_years(can_loc) == [2021, 2022, 2023, 2024, 2025]
    unit_close(can_loc, on=datetime.date(2024, 1, 1))  # a district closed earlier stops earlier
    assert district_years(can_loc) == [2021, 2022, 2023]


def test_a_save_refreshes_the_years_result_and_is_audited(criteria, can_loc, province_user):
    values = _all_met(criteria)
    values[criteria[8].pk] = (False, "Chưa đạt chỉ tiêu 9.2", 0)
    district_assessments_save(district=can_loc, year=YEAR, values=values, user=province_user)
    result = DistrictYearResult.objects.get(district=can_loc, year=YEAR)
    assert (result.criteria_met, result.criteria_total, result.level) == (8, 9, "")
    assert AuditEvent.objects.filter(object_type="communes.districtassessment").count() == 9

    district_assessments_save(district=can_loc, year=YEAR, values={criteria[8].pk: (True, "", 1)}, user=province_user)
    result.refresh_from_db()
    assert (result.criteria_met, result.level) == (9, Level.NTM)
    assert DistrictAssessment.objects.get(district=can_loc, criterion=criteria[8], year=YEAR).version == 2


def test_a_stale_save_and_a_year_without_districts_write_nothing(criteria, can_loc, province_user):
    district_assessments_save(district=can_loc, year=YEAR, values=_all_met(criteria[:1]), user=province_user)
    with pytest.raises(StaleEdit):
        district_assessments_save(district=can_loc, year=YEAR, values={criteria[0].pk: (False, "", 0)},
                                  user=province_user)
    with pytest.raises(ValidationError):
        district_assessments_save(district=can_loc, year=2026, values={}, user=province_user)
    assert DistrictAssessment.objects.get().met is True and DistrictAssessment.objects.count() == 1


def test_review_district_to_province_and_approved_is_read_only(criteria, can_loc, district_user, province_user):
    district_assessments_save(district=can_loc, year=YEAR, values=_all_met(criteria), user=district_user)
    district_review_transition(district=can_loc, year=YEAR, step="submit", user=district_user)
    with pytest.raises(ValidationError):
        district_review_transition(district=can_loc, year=YEAR, step="return", user=province_user)  # no reason
    district_review_transition(district=can_loc, year=YEAR, step="approve", user=province_user)
    assert DistrictReview.objects.get().state == "approved"
    with pytest.raises(ValidationError):
        district_assessments_save(district=can_loc, year=YEAR, values={criteria[0].pk: (False, "", 1)},
                                  user=province_user)
    district_review_transition(district=can_loc, year=YEAR, step="reopen", user=province_user, reason="Sửa số liệu")
    district_assessments_save(district=can_loc, year=YEAR, values={criteria[0].pk: (False, "", 1)}, user=province_user)
    assert AuditEvent.objects.filter(object_type="communes.districtreview").count() == 3


# --- The page ----------------------------------------------------------------------------------


def _url(district, year=YEAR) -> str:
    return reverse("district_criteria", args=[district.code]) + f"?year={year}"


def _post(criteria, **overrides) -> dict:
    data = {}
    for c in criteria:
        data |= {f"met_{c.number}": "yes", f"note_{c.number}": "", f"version_{c.number}": "0"}
    return data | overrides


def test_district_staff_enter_the_criteria(client, criteria, can_loc, district_user, django_assert_max_num_queries):
    client.force_login(district_user)
    with django_assert_max_num_queries(14):
        page = client.get(_url(can_loc), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200 and len(page.context["form"].rows()) == 9
    assert "Tiêu chí huyện" in page.content.decode()
    response = client.post(_url(can_loc), _post(criteria, met_9="no", note_9="Thiếu <b>hồ sơ</b>"))
    assert response.status_code == 302
    assert DistrictYearResult.objects.get(district=can_loc, year=YEAR).criteria_met == 8
    text = client.get(_url(can_loc), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đạt 8/9 tiêu chí" in text and "Thiếu &lt;b&gt;hồ sơ&lt;/b&gt;" in text
    district_page = client.get(reverse("district_detail", args=[can_loc.code]), HTTP_ACCEPT_LANGUAGE="vi")
    assert [r.criteria_met for r in district_page.context["district_results"]] == [8]


def test_bad_input_is_a_message_and_nothing_is_written(client, criteria, can_loc, province_user):
    client.force_login(province_user)
    response = client.post(_url(can_loc), _post(criteria, met_1="maybe", note_2="x" * 501))
    assert response.status_code == 400 and response.context["form"].errors
    response = client.post(_url(can_loc), _post(criteria, version_1="3"))  # stale
    assert response.status_code == 409
    assert not DistrictAssessment.objects.exists()


def test_a_year_after_the_district_level_falls_back_and_cannot_be_saved(client, criteria, can_loc, province_user):
    client.force_login(province_user)
    page = client.get(_url(can_loc, 2026))
    assert page.context["year"] == 2025 and page.context["years"] == [2021, 2022, 2023, 2024, 2025]
    assert client.post(_url(can_loc, 2026), _post(criteria)).status_code == 404
    assert not DistrictAssessment.objects.exists()


def test_who_may_read_and_write(client, criteria, can_loc, leader_user, commune_user, other_province_user):
    url = _url(can_loc)
    assert client.get(url).status_code == 302  # anonymous → login
    for user in (leader_user, commune_user):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert client.post(url, _post(criteria)).status_code == 403
        assert client.post(reverse("district_review_step", args=[can_loc.code, YEAR, "submit"])).status_code == 403
    client.force_login(other_province_user)
    assert client.get(url).status_code == 404
    assert not DistrictAssessment.objects.exists()


def test_review_steps_in_the_browser(client, criteria, can_loc, district_user, province_user):
    client.force_login(district_user)
    client.post(_url(can_loc), _post(criteria))
    step = lambda name, **data: client.post(reverse("district_review_step", args=[can_loc.code, YEAR, name]), data)  # noqa: E731
    assert step("approve").status_code == 403  # the district does not approve itself
    assert step("submit").status_code == 302
    client.force_login(province_user)
    page = client.get(_url(can_loc))
    assert page.context["steps"] == ["approve", "return"]
    assert step("approve").status_code == 302
    page = client.get(_url(can_loc))
    assert page.context["review"].state == "approved" and not page.context["can_edit"]
    assert client.post(_url(can_loc), _post(criteria, met_1="no", version_1="1")).status_code == 400
    assert DistrictAssessment.objects.get(criterion=criteria[0]).met is True
    assert step("reopen", reason="").status_code == 302 and DistrictReview.objects.get().state == "approved"
    assert step("reopen", reason="Sửa").status_code == 302 and DistrictReview.objects.get().state == "draft"


def test_a_user_without_a_district_role_in_scope(client, criteria, can_loc):
    from territory.models import District

    other = District.objects.exclude(pk=can_loc.pk).first()
    client.force_login(make_user(User.Role.DISTRICT, district=other))
    assert client.post(_url(can_loc), _post(criteria)).status_code == 403
