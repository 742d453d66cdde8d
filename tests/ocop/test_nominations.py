"""Nominations for a higher star level: the model rules, the form page (province staff only,
audited), the product page's nominations and certificate chain, and `nominations_count`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ntm_tracker.models import AuditEvent
from ocop.models import Nomination
from ocop.selectors import nominations_count
from tests.factories import make_certificate, make_product


def _nomination(product, **overrides) -> Nomination:
    values = {"product": product, "proposed_stars": 4, "nominated_by": "UBND huyện Can Lộc",
              "nominated_on": datetime.date(2023, 10, 2), "source": "Báo cáo năm 2023", "verified": True}
    values.update(overrides)
    return Nomination.objects.create(**values)


def _post(product, **overrides):
    data = {"proposed_stars": "4", "nominated_by": "UBND huyện Can Lộc", "nominated_on": "2023-10-02",
            "outcome": "pending", "outcome_on": "", "outcome_decision": "", "source": "Báo cáo năm 2023",
            "verified": "on", "note": ""}
    data.update(overrides)
    return data


# --- model rules ---------------------------------------------------------------------------------

def test_a_nomination_must_propose_more_stars_than_the_product_holds(can_loc_commune):
    product = make_product(can_loc_commune)
    make_certificate(product, stars=4, decision_date=datetime.date(2022, 3, 1))
    nomination = Nomination(product=product, proposed_stars=4, nominated_by="UBND tỉnh",
                            nominated_on=datetime.date(2023, 5, 1), source="x")
    with pytest.raises(ValidationError) as error:
        nomination.full_clean()
    assert "proposed_stars" in error.value.message_dict
    nomination.proposed_stars = 5
    nomination.full_clean()


def test_an_outcome_needs_its_date_and_a_pending_one_has_none(can_loc_commune):
    product = make_product(can_loc_commune)
    nomination = Nomination(product=product, proposed_stars=4, nominated_by="UBND tỉnh", source="x",
                            nominated_on=datetime.date(2023, 5, 1), outcome=Nomination.Outcome.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        nomination.full_clean()
    assert "outcome_on" in error.value.message_dict
    nomination.outcome_on = datetime.date(2023, 4, 1)
    with pytest.raises(ValidationError) as error:
        nomination.full_clean()
    assert "outcome_on" in error.value.message_dict  # before the nomination
    nomination.outcome, nomination.outcome_on = Nomination.Outcome.PENDING, None
    nomination.outcome_decision = "12/QĐ-UBND"
    with pytest.raises(ValidationError) as error:
        nomination.full_clean()
    assert "outcome" in error.value.message_dict


def test_the_database_refuses_an_undated_outcome(can_loc_commune):
    product = make_product(can_loc_commune)
    with pytest.raises(IntegrityError), transaction.atomic():
        _nomination(product, outcome=Nomination.Outcome.REFUSED, outcome_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        _nomination(product, proposed_stars=3)


# --- selector ------------------------------------------------------------------------------------

def test_nominations_count_counts_the_year_by_proposed_stars(territory, can_loc_commune, nghe_an):
    product = make_product(can_loc_commune)
    _nomination(product, nominated_on=datetime.date(2023, 1, 1))
    _nomination(product, nominated_on=datetime.date(2023, 12, 31), outcome=Nomination.Outcome.REFUSED,
                outcome_on=datetime.date(2024, 2, 1))
    _nomination(product, proposed_stars=5, nominated_on=datetime.date(2023, 6, 1))
    _nomination(product, nominated_on=datetime.date(2024, 1, 1))
    assert nominations_count(territory, 2023) == {"4": 2, "5": 1}
    assert nominations_count(territory, 2022) == {"4": 0, "5": 0}
    assert nominations_count(nghe_an, 2023) == {"4": 0, "5": 0}


def test_the_demo_has_the_reports_five_nominations_for_4_stars(ocop_demo):
    from showcase.demo.ocop import demo_nominations_load

    assert demo_nominations_load() == "OCOP nominations: 5 added."
    assert demo_nominations_load() == "OCOP nominations: already loaded."
    assert nominations_count(ocop_demo, 2023) == {"4": 5, "5": 0}
    for nomination in Nomination.objects.select_related("product"):
        assert nomination.verified and "21/02/2024" in nomination.source and "minh hoạ" in nomination.note
        assert nomination.outcome == Nomination.Outcome.ACCEPTED
        assert nomination.product.certificates.filter(stars=4, decision_date=nomination.outcome_on).exists()
        nomination.full_clean()


# --- the product page ----------------------------------------------------------------------------

def test_product_page_lists_nominations_and_links_the_certificates(client, leader_user, can_loc_commune):
    product = make_product(can_loc_commune)
    make_certificate(product, decision_number="10/QĐ-UBND", decision_date=datetime.date(2019, 4, 1))
    make_certificate(product, decision_number="20/QĐ-UBND", decision_date=datetime.date(2022, 6, 1))
    make_certificate(product, stars=4, decision_number="30/QĐ-UBND", decision_date=datetime.date(2024, 6, 1))
    _nomination(product, outcome=Nomination.Outcome.ACCEPTED, outcome_on=datetime.date(2024, 6, 1),
                outcome_decision="30/QĐ-UBND", nominated_by="UBND huyện Can Lộc")
    client.force_login(leader_user)
    response = client.get(reverse("ocop_product_detail", args=[product.pk]))
    html = response.content.decode()
    links = [(c.decision_number, c.link, c.gap_days) for c in response.context["certificates"]]
    assert links == [("30/QĐ-UBND", "up", 0), ("20/QĐ-UBND", "renewal", 61), ("10/QĐ-UBND", "first", 0)]
    assert 'id="nominations-table"' in html and "UBND huyện Can Lộc" in html and "Được chấp thuận" in html
    assert "Đánh giá lại (cấp lại) của" in html and "Nâng hạng từ" in html
    assert "ocop_nomination_create" not in html and not response.context["can_nominate"]


# --- the form page -------------------------------------------------------------------------------

def test_province_staff_record_a_nomination_audited(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    make_certificate(product, decision_date=datetime.date(2023, 3, 1))
    client.force_login(province_user)
    url = reverse("ocop_nomination_create", args=[product.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(product))
    assert response.status_code == 302 and response.url == reverse("ocop_product_detail", args=[product.pk])
    nomination = Nomination.objects.get(product=product)
    assert (nomination.proposed_stars, nomination.outcome, nomination.verified) == (4, "pending", True)
    event = AuditEvent.objects.get(object_type="ocop.nomination", object_id=str(nomination.pk))
    assert event.action == AuditEvent.Action.CREATED and event.actor == province_user
    edit = reverse("ocop_nomination_edit", args=[nomination.pk])
    response = client.post(edit, _post(product, outcome="refused", outcome_on="2024-02-01",
                                       outcome_decision="99/QĐ-UBND", version=nomination.version))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.outcome, nomination.outcome_decision) == ("refused", "99/QĐ-UBND")
    changed = AuditEvent.objects.filter(object_id=str(nomination.pk), action=AuditEvent.Action.CHANGED).get()
    assert "outcome" in changed.changes


def test_bad_input_is_refused_in_vietnamese_and_nothing_written(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    make_certificate(product, stars=4, decision_date=datetime.date(2023, 3, 1))
    client.force_login(province_user)
    response = client.post(reverse("ocop_nomination_create", args=[product.pk]), _post(product, outcome="accepted"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập ngày có kết quả." in html and "Sản phẩm đã đạt 4★ vào ngày đó" in html
    assert not Nomination.objects.exists() and not AuditEvent.objects.filter(object_type="ocop.nomination").exists()


def test_anonymous_is_sent_to_login(client, can_loc_commune):
    response = client.get(reverse("ocop_nomination_create", args=[make_product(can_loc_commune).pk]))
    assert response.status_code == 302 and "login" in response.url


def test_district_staff_and_leaders_are_refused_other_provinces_get_404(
        client, district_user, leader_user, other_province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    nomination = _nomination(product)
    for user in (district_user, leader_user):
        client.force_login(user)
        assert client.get(reverse("ocop_nomination_create", args=[product.pk])).status_code == 403
        assert client.post(reverse("ocop_nomination_edit", args=[nomination.pk]), _post(product)).status_code == 403
    client.force_login(other_province_user)
    assert client.get(reverse("ocop_nomination_create", args=[product.pk])).status_code == 404
    assert client.get(reverse("ocop_nomination_edit", args=[nomination.pk])).status_code == 404


def test_form_and_product_page_query_counts_stay_flat(client, province_user, can_loc_commune,
                                                      django_assert_max_num_queries):
    product = make_product(can_loc_commune)
    for day in range(1, 8):
        _nomination(product, nominated_on=datetime.date(2023, 3, day))
    client.force_login(province_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ocop_product_detail", args=[product.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("ocop_nomination_create", args=[product.pk])).status_code == 200
