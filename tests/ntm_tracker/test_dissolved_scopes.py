"""Accounts scoped to a unit closed by a reorganisation (all districts on 1 July 2025, merged
communes) are listed for an administrator to re-scope, and keep reading their old area's history."""

from django.urls import reverse

from ntm_tracker.models import User
from territory.models import Commune
from tests.factories import make_user


def test_the_filter_lists_accounts_whose_scope_was_dissolved(client, admin_user, reformed_territory, province_user,
                                                            django_assert_max_num_queries):
    huyen = make_user(User.Role.DISTRICT, username="huyen", district_id=reformed_territory.districts.get(code="443").pk)
    xa_cu = make_user(User.Role.COMMUNE, username="xacu", commune=Commune.objects.get(code="18415"))
    make_user(User.Role.COMMUNE, username="xamoi", commune=Commune.objects.get(code="18364"))
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("user_list") + "?scope=dissolved", HTTP_ACCEPT_LANGUAGE="vi")
    assert [u.username for u in response.context["page"]] == ["huyen", "xacu"]
    html = response.content.decode()
    assert "đã giải thể sau ngày 30/06/2025" in html and "Phạm vi đã giải thể" in html
    everyone = client.get(reverse("user_list")).context["page"]
    assert {"xamoi", "tinh", "huyen", "xacu"} <= {u.username for u in everyone}
    fragment = client.get(reverse("user_list") + "?scope=dissolved", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and "xacu" in fragment.content.decode()


def test_only_user_managers_see_the_list(client, reformed_territory, province_user):
    assert client.get(reverse("user_list") + "?scope=dissolved").status_code == 302
    client.force_login(make_user(User.Role.LEADER, username="ld", province=reformed_territory))
    assert client.get(reverse("user_list") + "?scope=dissolved").status_code == 403


def test_an_account_of_a_merged_commune_still_reads_its_history(client, reformed_territory, catalogue):
    former = Commune.objects.get(code="18415")
    client.force_login(make_user(User.Role.COMMUNE, username="xacu", commune=former))
    response = client.get(reverse("commune_detail", args=[former.code]))
    assert response.status_code == 200 and response.context["year"] <= 2025


def test_the_user_form_offers_todays_units_and_keeps_an_accounts_closed_one(client, admin_user, reformed_territory):
    from ntm_tracker.accounts.forms import UserForm

    form = UserForm({"role": "commune", "province": str(reformed_territory.pk)}, acting_user=admin_user)
    offered = set(form.fields["commune"].queryset.values_list("code", flat=True))
    assert "18415" not in offered and {"18406", "18418", "18364"} <= offered  # Thiên Lộc merged away
    assert not form.fields["district"].queryset.exists()  # no district since 1 July 2025
    xacu = make_user(User.Role.COMMUNE, username="xacu2", commune=Commune.objects.get(code="18415"))
    client.force_login(admin_user)
    form = client.get(reverse("user_edit", args=[xacu.pk])).context["form"]
    assert "18415" in set(form.fields["commune"].queryset.values_list("code", flat=True))
