import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from communes.models import DossierStep, Level, RecognitionDossier
from communes.unit_records import dossiers_pending
from communes.services.dossiers import dossier_move, dossier_submit
from ntm_tracker.models import AuditEvent
from showcase.demo.funding import demo_dossiers_load
from tests.factories import make_recognition

Status, Body = RecognitionDossier.Status, RecognitionDossier.Body


def submit(unit_field: str, unit, on=datetime.date(2023, 11, 20), **overrides) -> RecognitionDossier:
    values = {unit_field: unit, "level": Level.NTM, "standard_year": 2023, "body": Body.PROVINCE}
    values.update(overrides)
    return dossier_submit(dossier=RecognitionDossier(**values), on=on)


def test_one_unit_and_a_decision_only_when_recognised(territory, can_loc):
    with pytest.raises(IntegrityError), transaction.atomic():
        RecognitionDossier.objects.create(level=Level.NTM, standard_year=2023, body=Body.PROVINCE)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecognitionDossier.objects.create(province=territory, district=can_loc, level=Level.NTM, standard_year=2023,
                                          body=Body.PROVINCE)
    with pytest.raises(ValidationError):
        dossier_submit(dossier=RecognitionDossier(level=Level.NTM, standard_year=2023, body=Body.PROVINCE),
                       on=datetime.date(2023, 1, 1))
    assert not RecognitionDossier.objects.exists()


def test_steps_follow_the_workflow_with_dates_forward(can_loc):
    dossier = submit("district", can_loc, body=Body.CENTRAL)
    with pytest.raises(ValidationError) as error:
        dossier_move(dossier=dossier, status=Status.RECOGNISED, on=datetime.date(2024, 1, 5), body=Body.CENTRAL)
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dossier_move(dossier=dossier, status=Status.APPRAISED, on=datetime.date(2023, 1, 5), body=Body.CENTRAL)
    assert "on" in error.value.message_dict
    decision = make_recognition(can_loc, standard_year=2023)
    with pytest.raises(ValidationError):
        dossier_move(dossier=dossier, status=Status.APPRAISED, on=datetime.date(2024, 3, 1), body=Body.CENTRAL,
                     recognition=decision)
    dossier_move(dossier=dossier, status=Status.APPRAISED, on=datetime.date(2024, 3, 1), body=Body.CENTRAL, note="Đạt")
    dossier_move(dossier=dossier, status=Status.RECOGNISED, on=datetime.date(2024, 8, 15), body=Body.CENTRAL,
                 recognition=decision)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECOGNISED and dossier.recognition == decision
    assert [step.status for step in dossier.steps.all()] == [Status.SUBMITTED, Status.APPRAISED, Status.RECOGNISED]
    events = AuditEvent.objects.filter(object_type="communes.recognitiondossier", action=AuditEvent.Action.WORKFLOW)
    assert [event.changes["status"] for event in events.order_by("id")] == [
        [Status.SUBMITTED, Status.APPRAISED], [Status.APPRAISED, Status.RECOGNISED]]
    assert {event.unit_code for event in events} == {can_loc.code}


def test_pending_at_the_end_of_a_year_by_unit_kind(territory, can_loc, can_loc_commune, nghe_an,
                                                   django_assert_max_num_queries):
    district = submit("district", can_loc, body=Body.CENTRAL)
    dossier_move(dossier=district, status=Status.APPRAISED,
                 on=datetime.date(2024, 2, 1), body=Body.CENTRAL)
    commune = submit("commune", can_loc_commune)
    dossier_move(dossier=commune, status=Status.RETURNED, on=datetime.date(2023, 12, 20), body=Body.DISTRICT)
    submit("province", territory, on=datetime.date(2024, 6, 1), level=Level.COMPLETED, standard_year=2024)
    submit("province", nghe_an)  # another province's
    with django_assert_max_num_queries(2):
        assert dossiers_pending(territory, 2023) == {"commune": 0, "district": 1, "province": 0}
    assert dossiers_pending(territory, 2024) == {"commune": 0, "district": 1, "province": 1}
    assert dossiers_pending(territory, 2022) == {"commune": 0, "district": 0, "province": 0}


def test_the_demo_kỳ_anh_district_is_pending_at_the_end_of_2023(ha_tinh):
    demo_dossiers_load()
    demo_dossiers_load()  # again: nothing added
    assert DossierStep.objects.count() == 2
    assert dossiers_pending(ha_tinh, 2023) == {"commune": 0, "district": 1, "province": 0}
    assert dossiers_pending(ha_tinh, 2024) == {"commune": 0, "district": 0, "province": 0}
    dossier = RecognitionDossier.objects.get()
    assert dossier.district.code == "447" and dossier.recognition.decision_number == "840/QĐ-TTg"
    assert not dossier.verified and dossier.source


def test_the_list_shows_where_each_dossier_waits(client, leader_user, territory, can_loc,
                                                 django_assert_max_num_queries):
    submit("district", can_loc, body=Body.CENTRAL)
    client.force_login(leader_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dossier_list"))
    body = response.content.decode()
    assert response.status_code == 200 and "Huyện Can Lộc" in body and "Bộ, ngành / Hội đồng thẩm định trung ương" in body
    assert "20/11/2023" in body and reverse("dossier_create") not in body
    fragment = client.get(reverse("dossier_list"), {"show": "pending"}, headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<section class="card" id="dossier-results">')
    assert "Huyện Can Lộc" in fragment.content.decode()


def test_anonymous_and_other_provinces(client, territory, can_loc, other_province_user):
    dossier = submit("district", can_loc)
    for url in (reverse("dossier_list"), reverse("dossier_detail", args=[dossier.pk]), reverse("dossier_create")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(other_province_user)
    assert client.get(reverse("dossier_detail", args=[dossier.pk])).status_code == 404


def test_only_the_provincial_office_records_and_moves_dossiers(client, province_user, district_user, leader_user,
                                                               territory, can_loc):
    dossier = submit("district", can_loc)
    step = {"status": Status.APPRAISED, "on": "2024-01-10", "body": Body.CENTRAL, "note": "", "recognition": ""}
    for persona in (district_user, leader_user):
        client.force_login(persona)
        assert client.get(reverse("dossier_detail", args=[dossier.pk])).context["form"] is None
        assert client.post(reverse("dossier_detail", args=[dossier.pk]), step).status_code == 403
        assert client.get(reverse("dossier_create")).status_code == 403
    client.force_login(province_user)
    response = client.post(reverse("dossier_detail", args=[dossier.pk]), {**step, "on": "2020-01-01"})
    assert response.status_code == 400 and response.context["form"].errors["on"]
    response = client.post(reverse("dossier_detail", args=[dossier.pk]), step)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.APPRAISED and dossier.body == Body.CENTRAL
    response = client.post(reverse("dossier_create"), {"unit": "42", "level": Level.COMPLETED, "standard_year": 2024,
                                                       "body": Body.CENTRAL, "on": "2024-09-01", "source": "",
                                                       "note": "", "step_note": ""})
    assert response.status_code == 302
    created = RecognitionDossier.objects.get(province=territory)
    assert created.status == Status.SUBMITTED and created.steps.get().on == datetime.date(2024, 9, 1)
    assert AuditEvent.objects.filter(object_type="communes.recognitiondossier", action=AuditEvent.Action.CREATED).exists()


def test_the_dossier_page_has_a_flat_query_count(client, province_user, territory, can_loc,
                                                 django_assert_max_num_queries):
    dossier = submit("district", can_loc, body=Body.CENTRAL)
    for day in (datetime.date(2024, 1, 5), datetime.date(2024, 2, 5)):
        dossier_move(dossier=dossier, status=Status.RETURNED, on=day, body=Body.PROVINCE)
        dossier_move(dossier=dossier, status=Status.SUBMITTED, on=day, body=Body.CENTRAL)
    client.force_login(province_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dossier_detail", args=[dossier.pk]))
    assert response.status_code == 200 and len(response.context["steps"]) == 5
    assert [label for _value, label in response.context["form"].fields["status"].choices] == ["Đã thẩm định", "Trả lại"]
    with django_assert_max_num_queries(10):
        assert client.get(reverse("dossier_create")).status_code == 200
