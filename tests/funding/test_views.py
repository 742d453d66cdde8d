import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Funding, Source, Sponsorship
from ntm_tracker.models import AuditEvent


def make_amount(unit_field: str, unit, **overrides) -> Funding:
    values = {"year": 2023, "source": Source.CREDIT, "amount": Decimal("1200"), "source_document": "Báo cáo",
              unit_field: unit}
    values.update(overrides)
    return Funding.objects.create(**values)


def form_data(unit, **overrides) -> dict:
    data = {"unit": unit.code, "year": "2023", "period_start": "", "source": Source.ENTERPRISES,
            "component": "general", "amount": "1250.5", "source_document": "Báo cáo UBND huyện", "note": ""}
    data.update(overrides)
    return data


def test_the_list_shows_the_years_amounts_with_totals_by_source(client, leader_user, territory, can_loc,
                                                                 django_assert_max_num_queries):
    row = make_amount("province", territory, verified=True)
    make_amount("district", can_loc, source=Source.NATIVES, amount=Decimal("300"))
    make_amount("province", territory, year=2022, amount=Decimal("7"))
    Sponsorship.objects.create(commune=can_loc.communes.first(), sponsor="Công ty Điện lực Hà Tĩnh",
                               date_from=datetime.date(2021, 3, 1))
    client.force_login(leader_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("funding_list"), {"year": 2023})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Huy động năm 2023" in body and "1.500" in body and "Công ty Điện lực Hà Tĩnh" in body and 'data-chart="funding-sources-figure"' in body
    assert [row["amount"] for row in response.context["by_source"]] == [Decimal("1200"), Decimal("300")]
    assert response.context["total"] == Decimal("1500") and response.context["verified_total"] == Decimal("1200")
    assert reverse("funding_edit", args=[row.pk]) not in body and reverse("funding_create") not in body  # read only


def test_the_year_filter_answers_a_fragment(client, province_user, territory):
    make_amount("province", territory, year=2022, amount=Decimal("7"))
    client.force_login(province_user)
    response = client.get(reverse("funding_list"), {"year": 2022}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<section class="card" id="funding-results">')
    assert "<html" not in body and response.context["total"] == Decimal("7")


def test_anonymous_users_are_sent_to_the_login(client, territory):
    for url in (reverse("funding_list"), reverse("funding_create"), reverse("funding_import"),
                reverse("funding_export", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_another_provinces_rows_are_not_found(client, other_province_user, territory):
    row = make_amount("province", territory)
    client.force_login(other_province_user)
    assert client.get(reverse("funding_edit", args=[row.pk])).status_code == 404
    assert client.get(reverse("funding_record_delete", args=["amount", row.pk])).status_code == 404
    assert client.get(reverse("funding_list"), {"province": territory.code}).status_code == 404


def test_province_staff_record_an_amount_audited(client, province_user, territory):
    client.force_login(province_user)
    response = client.post(reverse("funding_create"), form_data(territory, verified="on"))
    row = Funding.objects.get()
    assert response.status_code == 302 and response.url == reverse("funding_list") + "?year=2023"
    assert row.province == territory and row.amount == Decimal("1250.5") and row.verified
    event = AuditEvent.objects.get(object_type="funding.funding")
    assert event.action == AuditEvent.Action.CREATED and event.unit_code == "42" and event.actor == province_user
    response = client.post(reverse("funding_edit", args=[row.pk]), form_data(territory, amount="2000"))
    row.refresh_from_db()
    assert response.status_code == 302 and row.amount == Decimal("2000")
    assert AuditEvent.objects.filter(object_type="funding.funding", action=AuditEvent.Action.CHANGED).get().changes[
        "amount"] == ["1250.500", "2000"]


def test_district_staff_record_their_district_only_and_never_verify(client, district_user, territory, can_loc):
    client.force_login(district_user)
    form = client.get(reverse("funding_create")).context["form"]
    assert "verified" not in form.fields
    assert {code for code, _label in form.fields["unit"].choices} - {""} >= {"443"}
    assert "42" not in dict(form.fields["unit"].choices) and "442" not in dict(form.fields["unit"].choices)
    response = client.post(reverse("funding_create"), form_data(territory))
    assert response.status_code == 400 and not Funding.objects.exists()
    assert client.post(reverse("funding_create"), form_data(can_loc, verified="on")).status_code == 302
    assert Funding.objects.get().district == can_loc and not Funding.objects.get().verified
    # the district no longer exists from 1 July 2025: nothing recorded for it after 2025
    can_loc.valid_to = datetime.date(2025, 6, 30)
    can_loc.save()
    response = client.post(reverse("funding_create"), form_data(can_loc, year="2026"))
    assert response.status_code == 400 and Funding.objects.count() == 1


def test_wrong_scope_is_refused(client, commune_user, leader_user, territory, can_loc):
    row = make_amount("district", can_loc)
    client.force_login(commune_user)
    assert client.get(reverse("funding_edit", args=[row.pk])).status_code == 403
    assert client.post(reverse("funding_record_delete", args=["amount", row.pk])).status_code == 403
    client.force_login(leader_user)
    for url in (reverse("funding_create"), reverse("sponsorship_create"), reverse("funding_import")):
        assert client.get(url).status_code == 403, url
    assert Funding.objects.filter(pk=row.pk).exists()


def test_delete_asks_then_deletes_and_audits(client, province_user, territory):
    row = make_amount("province", territory)
    client.force_login(province_user)
    assert client.get(reverse("funding_record_delete", args=["amount", row.pk])).status_code == 200
    response = client.post(reverse("funding_record_delete", args=["amount", row.pk]))
    assert response.status_code == 302 and not Funding.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETED)
    assert event.changes["amount"] == ["1200.000", None]


def test_commune_staff_record_a_sponsorship_of_their_commune(client, commune_user, can_loc_commune, territory):
    client.force_login(commune_user)
    data = {"sponsor": "Bộ Chỉ huy Quân sự tỉnh", "commune_code": can_loc_commune.code, "village": "Thôn Trung",
            "date_from": "2023-01-01", "date_to": "2022-01-01", "decision": "123/QĐ-UBND", "amount": "", "note": ""}
    response = client.post(reverse("sponsorship_create"), data)
    assert response.status_code == 400 and response.context["form"].non_field_errors() == ["Ngày kết thúc trước ngày bắt đầu."]
    response = client.post(reverse("sponsorship_create"), {**data, "date_to": ""})
    assert response.status_code == 302
    sponsorship = Sponsorship.objects.get()
    assert sponsorship.commune == can_loc_commune and sponsorship.village == "Thôn Trung"
    assert AuditEvent.objects.get(object_type="funding.sponsorship").unit_code == can_loc_commune.code
    other = territory.communes.exclude(pk=can_loc_commune.pk).first()
    response = client.post(reverse("sponsorship_create"), {**data, "date_to": "", "commune_code": other.code})
    assert response.status_code == 400 and Sponsorship.objects.count() == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_writes_the_years_rows_in_the_import_columns(client, leader_user, territory, fmt):
    make_amount("province", territory, note="=HYPERLINK(\"http://x\")")
    make_amount("province", territory, year=2022)
    client.force_login(leader_user)
    response = client.get(reverse("funding_export", args=[fmt]), {"year": 2023})
    assert response.status_code == 200 and "huy-dong-nguon-luc-42-2023" in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        lines = text.strip().splitlines()
        assert lines[0].startswith("Năm,Từ năm,Mã đơn vị") and len(lines) == 2 and "'=HYPERLINK" in text
    else:
        from funding.imports import read_rows

        rows = read_rows(response.content)
        assert [(values["year"], values["unit"], values["amount"]) for _n, values in rows] == [(2023, "42", 1200)]
    assert client.get(reverse("funding_export", args=["pdf"])).status_code == 404


def test_the_admin_lists_amounts_sponsorships_and_dossiers(client, admin_user, territory, can_loc):
    make_amount("district", can_loc)
    client.force_login(admin_user)
    for name in ("funding_funding", "funding_sponsorship", "communes_recognitiondossier"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:funding_funding_change", args=[Funding.objects.get().pk])).status_code == 200


def test_forms_and_the_import_page_have_flat_query_counts(client, province_user, territory, can_loc,
                                                          django_assert_max_num_queries):
    row = make_amount("district", can_loc)
    client.force_login(province_user)
    for url in (reverse("funding_create"), reverse("funding_edit", args=[row.pk]), reverse("sponsorship_create"),
                reverse("funding_import")):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url
