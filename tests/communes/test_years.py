"""The one year parser (communes.years): a path year outside the catalogue's periods is a 404 (no
row is made), a query year falls back to the one default year."""

import datetime

import pytest
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from communes.models import CommuneYearResult, Review
from communes.selectors import assessment_years
from communes.years import YearConverter, default_year, known_years, latest_full_year, year_from_path, year_from_query
from dashboards.forms import TargetForm
from tests.factories import make_commune, make_province, make_user

OUTSIDE = ["1999", "2020", "3000", "32767", "99999", "10000000000000000000000000", "-2024", "2024.0", "２０２４", "abc"]


@pytest.fixture(autouse=True)
def periods(catalogue):
    """The shipped criteria sets: the known years are their periods (2021–2030)."""


@pytest.fixture
def commune(db):
    return make_commune()


def test_the_known_years_are_the_catalogues():
    assert known_years() == assessment_years()


@pytest.mark.parametrize("year", OUTSIDE)
def test_a_review_step_for_a_year_outside_the_periods_is_404_and_makes_no_review(client, commune, admin_user, year):
    client.force_login(admin_user)
    response = client.post(f"/communes/{commune.code}/review/{year}/submit/")
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_review_step_for_a_known_year_still_works(client, commune, admin_user):
    client.force_login(admin_user)
    year = known_years()[0]
    response = client.post(reverse("review_step", args=[commune.code, year, "submit"]))
    assert response.status_code == 302
    assert Review.objects.get(commune=commune, year=year).state == Review.State.SUBMITTED


@pytest.mark.parametrize("path", ["/communes/{code}/assessments/1/{year}/", "/reports/{year}/"])
@pytest.mark.parametrize("year", ["1999", "99999", "10000000000000000000000000"])
def test_other_year_paths_are_404_outside_the_periods(path, year):
    with pytest.raises(Resolver404):
        resolve(path.format(code="18577", year=year))


def test_the_year_converter_takes_only_known_years():
    converter = YearConverter()
    assert converter.to_python(str(known_years()[-1])) == known_years()[-1]
    for raw in ("1999", "0000", str(known_years()[-1] + 100)):
        with pytest.raises(ValueError):
            converter.to_python(raw)


@pytest.mark.parametrize("raw", OUTSIDE + ["", None, " "])
def test_a_bad_query_year_falls_back_to_the_default_year(db, raw):
    assert year_from_query(raw) == default_year()
    assert year_from_query(raw, default=None) is None
    with pytest.raises(Exception) as refused:
        year_from_path(raw)
    assert refused.typename == "Http404"


def test_a_known_query_year_is_taken(db):
    assert year_from_query("2023") == 2023 and year_from_query(" 2023 ") == 2023 and year_from_path("2023") == 2023


def test_the_default_year_is_the_latest_with_assessments_within_the_periods(commune, django_assert_num_queries):
    this_year = datetime.date.today().year
    with django_assert_num_queries(2):  # the catalogue's periods, the latest year with assessments
        assert default_year() == min(max(this_year, known_years()[0]), known_years()[-1])
    CommuneYearResult.objects.create(commune=commune, year=2022)
    CommuneYearResult.objects.create(commune=make_commune(), year=2019)  # outside the periods: ignored
    assert default_year() == 2022


def test_the_latest_full_year_is_a_known_year():
    assert latest_full_year() in known_years() and latest_full_year() < datetime.date.today().year


def test_the_report_opens_on_the_latest_year_that_is_over_and_has_assessments(commune, django_assert_num_queries):
    this_year = datetime.date.today().year
    CommuneYearResult.objects.create(commune=commune, year=2022)
    CommuneYearResult.objects.create(commune=make_commune(), year=this_year)  # not over yet: not its report
    with django_assert_num_queries(2):  # the known years, the latest year with assessments
        assert latest_full_year() == 2022


def test_report_latest_redirects_to_a_report_that_exists(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("report_latest"))
    assert response.status_code == 302 and response.url == reverse("annual_report", args=[latest_full_year()])


@pytest.mark.parametrize("year", ["1999", "2099", "32767"])
def test_a_target_for_a_year_outside_the_periods_is_refused_with_a_message(db, year):
    form = TargetForm({"year": year, "metric": "communes_new_advanced", "value": "5"}, province=make_province())
    assert not form.is_valid()
    assert form.errors["year"] == [f"Chọn một năm thuộc các giai đoạn của chương trình ({known_years()[0]}–{known_years()[-1]})."]


def test_a_bulk_review_item_outside_the_periods_is_404(client, commune):
    district_user = make_user("district", username="huyen_x", district=commune.district)
    client.force_login(district_user)
    response = client.post(reverse("review_queue_bulk"), {"step": "verify", "item": f"{commune.code}:2020"})
    assert response.status_code == 404 and not Review.objects.exists()
