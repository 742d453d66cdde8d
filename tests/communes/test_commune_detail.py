import pytest
from django.urls import reverse

from communes.models import Assessment
from territory.models import Commune
from tests.factories import make_commune


@pytest.fixture
def url(can_loc_assessed):
    commune = can_loc_assessed.communes.filter(kind="xa").order_by("code").first()
    return reverse("commune_detail", args=[commune.code])


def test_commune_page_shows_criteria_by_group_with_summary_and_recognition(client, leader_user, url):
    client.force_login(leader_user)
    response = client.get(url + "?year=2024")
    assert response.status_code == 200
    assert [len(g["criteria"]) for g in response.context["groups"]] == [1, 8, 4, 4, 2]
    html = response.content.decode()
    assert "19/19" in html and "Đạt chuẩn NTM" in html
    # The next level, from the advanced set (whose rows are reconstructions, and say so).
    assert "/19 tiêu chí mức" in html and "có dòng chưa đối chiếu" in html
    assert "<details" in html and "Sửa" not in html  # leaders only read


def test_year_selector_changes_the_assessment_shown(client, leader_user, url):
    client.force_login(leader_user)
    assert client.get(url + "?year=2021").context["year"] == 2021
    assert client.get(url + "?year=abc").context["year"] in range(2021, 2026)


def test_editor_sees_edit_buttons_unless_the_year_is_approved(client, commune_user, url):
    client.force_login(commune_user)
    criterion = url + "criteria/2/?year={}"
    assert "Sửa" in client.get(criterion.format(2024), headers={"HX-Request": "true"}).content.decode()  # demo: draft
    assert "Sửa" not in client.get(criterion.format(2022), headers={"HX-Request": "true"}).content.decode()


def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response.url


def test_other_province_user_gets_404(client, other_province_user, url):
    client.force_login(other_province_user)
    assert client.get(url).status_code == 404


def test_htmx_year_change_returns_the_progress_fragment(client, leader_user, url):
    client.force_login(leader_user)
    response = client.get(url + "?year=2023", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="progress-commune"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_summary_fragment_for_the_assessment_saved_event(client, leader_user, url):
    client.force_login(leader_user)
    page = client.get(url + "?year=2024").content.decode()
    assert f'hx-get="{url}?year=2024&amp;part=summary" hx-trigger="assessmentSaved from:body"' in page
    html = client.get(url + "?year=2024&part=summary", headers={"HX-Request": "true"}).content.decode()
    assert html.strip().startswith('<section id="summary-commune"') and "<details" not in html


def test_an_unknown_part_answers_the_default_fragment(client, leader_user, url):
    client.force_login(leader_user)
    html = client.get(url + "?year=2024&part=nonsense", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'id="progress-commune"' in html


def test_query_count_does_not_grow_with_the_data(client, province_user, url, can_loc_assessed, django_assert_num_queries):
    client.force_login(province_user)
    client.get(url)
    # 9th: the years the catalogue's sets cover; 10th, 11th: the next level's set and the assessments of it
    with django_assert_num_queries(13) as first:  # the lineage links (what the commune was formed from), the model villages and gardens
        client.get(url + "?year=2024")
    for n in range(10):  # more communes, assessments and history elsewhere
        other = make_commune(can_loc_assessed, code=f"9{n:04d}")
        Assessment.objects.create(commune=other, indicator_id=Assessment.objects.first().indicator_id, year=2024)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url + "?year=2024")
    assert Commune.objects.count() == 226


def test_the_page_says_which_set_applies_and_that_its_rows_are_unverified(client, province_user, can_loc_commune,
                                                                       catalogue):
    client.force_login(province_user)
    for year, basis in ((2024, "318/QĐ-TTg"), (2026, "51/2025/QĐ-TTg")):
        response = client.get(f"/communes/{can_loc_commune.code}/?year={year}", HTTP_ACCEPT_LANGUAGE="vi")
        text = response.content.decode()
        assert basis in text and "chưa được đối chiếu với văn bản chính thức" in text


def test_the_next_level_card_speaks_of_the_commune_not_of_the_catalogue(client, leader_user, url):
    client.force_login(leader_user)
    response = client.get(url + "?year=2024")
    next_level = response.context["next_level"]
    html = response.content.decode()
    card = html[html.index('data-testid="next-level"'):]
    card = card[:card.index("</span>\n")]
    assert f"Đạt {next_level.criteria_met}/{next_level.criteria_total} tiêu chí mức “NTM nâng cao”" in card
    if next_level.missing:  # what is missing, by number and name
        first = next_level.missing[0]
        assert f"còn thiếu: {first.number}. {first.name}" in card
    assert "chưa đối chiếu" not in card and "unverified" not in card
