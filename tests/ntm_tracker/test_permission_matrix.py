"""Every URL of the app × every persona → the exact outcome.

The URL list comes from the resolver, so a URL added without an entry in `URLS` fails
`test_every_url_has_an_entry`. Only the Django admin and the i18n plumbing are left out
(`EXCLUDED_NAMESPACES`, `EXCLUDED_NAMES`).

Personas (see `world` in tests/ntm_tracker/conftest.py): anonymous, admin, province, district
(Can Lộc), commune (a commune of Can Lộc), leader, national (a ministry office: reads every
province, edits nothing), other_province (Nghệ An province staff),
other_district (Nghi Xuân district staff), other_commune (staff of another commune of Can Lộc).

Adding a URL is one entry (3–6 lines) in `URLS`, keyed by the URL name:

    "commune_edit": Entry(
        kwargs=lambda w: {"code": w.commune.code},     # built from the `world` fixture
        expect=outcomes(READ_PROVINCE, district=FORBIDDEN_IF_NOT_MINE ...),
    ),

`outcomes(base, **overrides)` starts from a preset (`ADMIN_ONLY`, `READ_PROVINCE`, `LOGGED_IN`,
`PUBLIC`) and overrides personas one by one; every persona must end up with an outcome. An
outcome is OK (200), LOGIN (302 to the login page), REDIRECT (302 elsewhere), FORBIDDEN (403),
NOT_FOUND (404) or NOT_ALLOWED (405). POST-only URLs say `method="post"` and may give
`data=lambda w: {...}`; make such a request harmless to repeat (it runs once per persona).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

OK, LOGIN, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, "login", 302, 403, 404, 405
UNAUTHORIZED = 401  # the API's answer without credentials


def api_token(w):
    """The managed account's API token (made on first use)."""
    from ntm_tracker.accounts.services import token_create
    from ntm_tracker.models import ApiToken

    token = ApiToken.objects.filter(user=w.target).first()
    return token or token_create(actor=w.users["admin"], request=None, user=w.target, name="matrix")[0]

PERSONAS = ("anonymous", "admin", "province", "district", "commune", "leader", "national",
            "other_province", "other_district", "other_commune")
EXCLUDED_NAMESPACES = {"admin"}          # the Django admin has its own permission system
EXCLUDED_NAMES = {"set_language"}        # i18n plumbing: a POST that sets a cookie, open to all


def outcomes(base: dict | None = None, **overrides) -> dict:
    """Start from a preset, override persona by persona."""
    result = {**(base or {}), **overrides}
    unknown = set(result) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return result


PUBLIC = {persona: OK for persona in PERSONAS}
LOGGED_IN = {**{persona: OK for persona in PERSONAS}, "anonymous": LOGIN}
ADMIN_ONLY = {**{persona: FORBIDDEN for persona in PERSONAS}, "anonymous": LOGIN, "admin": OK}
READ_PROVINCE = {**LOGGED_IN, "other_province": NOT_FOUND}  # Hà Tĩnh data: anyone of Hà Tĩnh reads
# Writes on Hà Tĩnh data (the Can Lộc commune of `world`): whoever may read but not edit gets 403.
EDIT_PROVINCE = {**READ_PROVINCE, **{p: FORBIDDEN for p in ("district", "commune", "leader", "national",
                                                            "other_district", "other_commune")}}
EDIT_DISTRICT = {**EDIT_PROVINCE, "district": OK}
EDIT_COMMUNE = {**EDIT_DISTRICT, "commune": OK}
# Adding to the OCOP register of one's own province: district staff and above.
CREATE_OCOP = {**LOGGED_IN, "commune": FORBIDDEN, "leader": FORBIDDEN, "national": FORBIDDEN,
               "other_commune": FORBIDDEN}
# Adding a record of one's own province as a whole: province staff (of any province) and administrators.
CREATE_PROVINCE_OWN = {**LOGGED_IN, **{p: FORBIDDEN for p in ("district", "commune", "leader", "national",
                                                               "other_district", "other_commune")}}


def _nomination(w):
    import datetime

    from ocop.models import Nomination

    return Nomination.objects.get_or_create(product=w.product, defaults={
        "proposed_stars": 4, "nominated_by": "UBND huyện Can Lộc", "nominated_on": datetime.date(2023, 10, 2),
        "source": "Báo cáo"})[0]


def _model_site(w):
    import datetime

    from communes.models import ModelSite

    return ModelSite.objects.get_or_create(commune=w.commune, kind="village", name="Thôn Trung", defaults={
        "recognised_on": datetime.date(2023, 5, 2), "source": "Quyết định"})[0]


@dataclass
class Entry:
    expect: dict
    kwargs: Callable = lambda w: {}
    method: str = "get"
    data: Callable = lambda w: {}
    query: str = ""


URLS: dict[str, Entry] = {
    "home": Entry(expect=outcomes(LOGGED_IN, **{p: REDIRECT for p in PERSONAS if p != "anonymous"})),
    "healthz": Entry(expect=PUBLIC),
    "login": Entry(expect=outcomes(LOGGED_IN, anonymous=OK, **{p: REDIRECT for p in PERSONAS if p != "anonymous"})),
    "logout": Entry(method="post", expect={p: LOGIN for p in PERSONAS}),
    "province_overview": Entry(kwargs=lambda w: {"code": w.province.code}, expect=READ_PROVINCE),
    "district_detail": Entry(kwargs=lambda w: {"code": w.district.code}, expect=READ_PROVINCE),
    # Users and audit: administrators only.
    "user_list": Entry(expect=ADMIN_ONLY),
    "user_create": Entry(expect=ADMIN_ONLY),
    "user_import": Entry(expect=ADMIN_ONLY),
    "units_import": Entry(expect=ADMIN_ONLY),
    "user_scope_fields": Entry(expect=ADMIN_ONLY, query=lambda w: f"district={w.district.pk}"),
    "user_edit": Entry(kwargs=lambda w: {"pk": w.target.pk}, expect=ADMIN_ONLY),
    "user_set_active": Entry(kwargs=lambda w: {"pk": w.target.pk}, method="post", data=lambda w: {"active": "1"},
                             expect=outcomes(ADMIN_ONLY, admin=REDIRECT)),
    "user_password_reset": Entry(kwargs=lambda w: {"pk": w.target.pk}, method="post", expect=ADMIN_ONLY),
    "user_unlock": Entry(kwargs=lambda w: {"pk": w.target.pk}, method="post", expect=outcomes(ADMIN_ONLY, admin=REDIRECT)),
    # API tokens: the administrator issues and revokes them on the account's page.
    "user_token_create": Entry(kwargs=lambda w: {"pk": w.target.pk}, method="post", data=lambda w: {"name": "Cổng"},
                               expect=ADMIN_ONLY),
    "user_token_revoke": Entry(kwargs=lambda w: {"pk": w.target.pk, "token_pk": api_token(w).pk}, method="post",
                               expect=outcomes(ADMIN_ONLY, admin=REDIRECT)),
    # The read API: JSON, 401 (not a redirect) without credentials, 403 outside the user's province.
    "api_summary": Entry(query=lambda w: f"province={w.province.code}&year=2024",
                         expect=outcomes(LOGGED_IN, anonymous=UNAUTHORIZED, other_province=FORBIDDEN)),
    "api_criteria_sets": Entry(expect=outcomes(LOGGED_IN, anonymous=UNAUTHORIZED)),
    "audit_list": Entry(expect=ADMIN_ONLY),
    "audit_export": Entry(expect=ADMIN_ONLY, query="format=xlsx"),
    # Own account: everyone logged in.
    "account_password": Entry(expect=LOGGED_IN),
    "account_language": Entry(expect=LOGGED_IN),
    # Start pages: straight on to the user's own province (or dashboard, or last year's report).
    "overview": Entry(expect=outcomes(LOGGED_IN, **{p: REDIRECT for p in PERSONAS if p != "anonymous"})),
    "report_latest": Entry(expect=outcomes(LOGGED_IN, **{p: REDIRECT for p in PERSONAS if p != "anonymous"})),
    # NTM progress: everyone of the province reads; indicator values are edited in scope.
    "commune_detail": Entry(kwargs=lambda w: {"code": w.commune.code}, expect=READ_PROVINCE),
    "commune_history": Entry(kwargs=lambda w: {"code": w.commune.code}, expect=READ_PROVINCE),
    "criterion_detail": Entry(kwargs=lambda w: {"code": w.commune.code, "number": 2}, expect=READ_PROVINCE),
    "assessment_edit": Entry(kwargs=lambda w: {"code": w.commune.code, "indicator_id": w.indicator.pk, "year": w.year},
                             expect=EDIT_COMMUNE),
    "evidence_download": Entry(kwargs=lambda w: {"pk": w.assessment.pk}, expect=READ_PROVINCE),
    "assessments_download": Entry(kwargs=lambda w: {"code": w.district.code}, query="year=2024", expect=READ_PROVINCE),
    # Anyone who edits some commune may upload a sheet (each row is checked against their scope).
    "assessments_import": Entry(expect=outcomes(LOGGED_IN, leader=FORBIDDEN, national=FORBIDDEN)),
    # The criteria catalogue: everyone reads the sets' files; only administrators load one.
    "criteria_catalogue": Entry(expect=ADMIN_ONLY),
    # A commune's groups (2026–2030 thresholds): the province reads, province staff add (the form).
    "commune_groups": Entry(kwargs=lambda w: {"code": w.commune.code}, expect=READ_PROVINCE),
    # A sheet of group decisions: province staff (rows of their own province only) and administrators.
    "commune_groups_import": Entry(expect=outcomes(ADMIN_ONLY, province=OK, other_province=OK)),
    "criteria_template": Entry(kwargs=lambda w: {"fmt": "csv"}, expect=LOGGED_IN),
    "criteria_set_export": Entry(kwargs=lambda w: {"code": "commune-ntm-2021-2025", "fmt": "xlsx"}, expect=LOGGED_IN),
    # Review: verifying is the district's step (a draft cannot be verified: the refusal is a message).
    "review_step": Entry(kwargs=lambda w: {"code": w.commune.code, "year": w.year, "step": "verify"}, method="post",
                         expect=outcomes(EDIT_COMMUNE, admin=REDIRECT, province=FORBIDDEN, district=REDIRECT,
                                         commune=FORBIDDEN)),
    # District units on the district set (2021–2025): the province reads; district staff submit,
    # province staff approve (submitting a draft with no value is allowed; a second submit is a message).
    "district_criteria": Entry(kwargs=lambda w: {"code": w.district.code}, expect=READ_PROVINCE),
    "district_review_step": Entry(kwargs=lambda w: {"code": w.district.code, "year": w.year, "step": "submit"},
                                  method="post", expect=outcomes(EDIT_DISTRICT, admin=REDIRECT, province=REDIRECT,
                                                                 district=REDIRECT)),
    "review_queue": Entry(expect=LOGGED_IN),  # the user's own work list (empty for leaders)
    "review_queue_bulk": Entry(method="post", data=lambda w: {"step": "verify", "item": f"{w.commune.code}:{w.year}"},
                               expect=outcomes(EDIT_COMMUNE, admin=REDIRECT, province=FORBIDDEN, district=REDIRECT,
                                               commune=FORBIDDEN)),
    # Recognition decisions: the provincial office records them.
    "recognition_create": Entry(kwargs=lambda w: {"code": w.commune.code}, expect=EDIT_PROVINCE),
    "recognition_edit": Entry(kwargs=lambda w: {"pk": w.recognition.pk}, expect=EDIT_PROVINCE),
    # OCOP register: the user's own province; district staff and above edit their district's products.
    "ocop_product_list": Entry(expect=LOGGED_IN),
    "ocop_product_export": Entry(kwargs=lambda w: {"fmt": "xlsx"}, expect=LOGGED_IN),
    "ocop_expiring": Entry(expect=LOGGED_IN),
    "ocop_import_template": Entry(expect=LOGGED_IN),
    "ocop_import": Entry(expect=CREATE_OCOP),
    "ocop_product_create": Entry(expect=CREATE_OCOP),
    "ocop_producer_create": Entry(expect=CREATE_OCOP),
    "ocop_product_detail": Entry(kwargs=lambda w: {"pk": w.product.pk}, expect=READ_PROVINCE),
    "ocop_product_edit": Entry(kwargs=lambda w: {"pk": w.product.pk}, expect=EDIT_DISTRICT),
    "ocop_producer_edit": Entry(kwargs=lambda w: {"pk": w.producer.pk}, expect=EDIT_DISTRICT),
    "ocop_evaluation_create": Entry(kwargs=lambda w: {"product_pk": w.product.pk}, expect=EDIT_DISTRICT),
    "ocop_evaluation_edit": Entry(kwargs=lambda w: {"pk": w.evaluation.pk}, expect=EDIT_DISTRICT),
    "ocop_certificate_create": Entry(kwargs=lambda w: {"product_pk": w.product.pk}, expect=EDIT_DISTRICT),
    "ocop_certificate_edit": Entry(kwargs=lambda w: {"pk": w.certificate.pk}, expect=EDIT_DISTRICT),
    # Nominations for a higher star level: province staff of the product's province.
    "ocop_nomination_create": Entry(kwargs=lambda w: {"product_pk": w.product.pk}, expect=EDIT_PROVINCE),
    "ocop_nomination_edit": Entry(kwargs=lambda w: {"pk": _nomination(w).pk}, expect=EDIT_PROVINCE),
    # Model villages and gardens (supplementary provincial criterion): everyone reads their own
    # province's list; province staff write.
    "model_site_list": Entry(expect=LOGGED_IN),
    "model_site_create": Entry(expect=CREATE_PROVINCE_OWN),
    "model_site_import": Entry(expect=CREATE_PROVINCE_OWN),
    "model_site_edit": Entry(kwargs=lambda w: {"pk": _model_site(w).pk}, expect=EDIT_PROVINCE),
    # Leaders' dashboards, charts and report, asked for Hà Tĩnh explicitly (without ?province=
    # each user gets their own province).
    "dashboard": Entry(query=lambda w: f"province={w.province.code}", expect=READ_PROVINCE),
    "dashboard_district": Entry(kwargs=lambda w: {"code": w.district.code}, expect=READ_PROVINCE),
    **{f"chart_{name}": Entry(query=lambda w: f"province={w.province.code}&district={w.district.code}",
                              expect=READ_PROVINCE)
       for name in ("certificates_expiring", "criteria_by_district", "levels_by_district",
                    "ocop_stars_by_district", "progress")},
    "annual_report": Entry(kwargs=lambda w: {"year": 2024}, query=lambda w: f"province={w.province.code}",
                           expect=READ_PROVINCE),
    # The national page: every province side by side, for national users and administrators.
    "province_list": Entry(expect=outcomes(ADMIN_ONLY, national=OK)),
    # Targets are the province's: province staff set them.
    "target_list": Entry(query=lambda w: f"province={w.province.code}", expect=READ_PROVINCE),
    "target_create": Entry(query=lambda w: f"province={w.province.code}", expect=EDIT_PROVINCE),
    "target_edit": Entry(kwargs=lambda w: {"pk": w.ntm_target.pk}, expect=EDIT_PROVINCE),
    # Resources mobilised: the province reads; amounts are recorded in the review workflow's scope
    # (province staff the province and its units, district staff their district, commune staff their commune).
    "funding_list": Entry(query=lambda w: f"province={w.province.code}", expect=READ_PROVINCE),
    "funding_export": Entry(kwargs=lambda w: {"fmt": "xlsx"}, query=lambda w: f"province={w.province.code}",
                            expect=READ_PROVINCE),
    "funding_import_template": Entry(expect=LOGGED_IN),
    "funding_import": Entry(expect=outcomes(LOGGED_IN, leader=FORBIDDEN, national=FORBIDDEN)),
    "funding_create": Entry(expect=outcomes(LOGGED_IN, leader=FORBIDDEN, national=FORBIDDEN)),
    "sponsorship_create": Entry(expect=outcomes(LOGGED_IN, leader=FORBIDDEN, national=FORBIDDEN)),
    "sponsorship_export": Entry(kwargs=lambda w: {"fmt": "xlsx"}, query=lambda w: f"province={w.province.code}",
                                expect=READ_PROVINCE),
    "sponsorship_import_template": Entry(expect=LOGGED_IN),
    "sponsorship_import": Entry(expect=outcomes(LOGGED_IN, leader=FORBIDDEN, national=FORBIDDEN)),
    "funding_edit": Entry(kwargs=lambda w: {"pk": w.funding.pk}, expect=EDIT_DISTRICT),
    "funding_record_delete": Entry(kwargs=lambda w: {"kind": "amount", "pk": w.funding.pk}, expect=EDIT_DISTRICT),
    "sponsorship_edit": Entry(kwargs=lambda w: {"pk": w.sponsorship.pk}, expect=EDIT_COMMUNE),
    # Recognition dossiers: the province reads; the provincial office records and moves them.
    "dossier_list": Entry(query=lambda w: f"province={w.province.code}", expect=READ_PROVINCE),
    "dossier_detail": Entry(kwargs=lambda w: {"pk": w.dossier.pk}, expect=READ_PROVINCE),
    "dossier_create": Entry(expect=outcomes(LOGGED_IN, district=FORBIDDEN, commune=FORBIDDEN, leader=FORBIDDEN, national=FORBIDDEN,
                                            other_district=FORBIDDEN, other_commune=FORBIDDEN)),
}


def app_url_names() -> set[str]:
    """Every named URL of the app, walking included URLconfs recursively."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                nested = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern.url_patterns, nested)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {pattern.pattern}>"
                name = f"{namespace}:{name}" if namespace else name
                if name not in EXCLUDED_NAMES:
                    names.add(name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_an_entry():
    names = app_url_names()
    assert names - set(URLS) == set(), "URLs without an entry in the permission matrix"
    assert set(URLS) - names == set(), "entries for URLs that no longer exist"


def test_a_new_url_without_an_entry_is_noticed(settings):
    settings.ROOT_URLCONF = "tests.ntm_tracker.urls_with_an_extra_page"
    assert app_url_names() - set(URLS) == {"extra_page", "reports:yearly"}


def test_every_entry_covers_every_persona():
    for name, entry in URLS.items():
        assert set(entry.expect) == set(PERSONAS), name


@pytest.mark.parametrize("name", sorted(URLS))
def test_outcome_per_persona(name, world):
    entry = URLS[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    query = entry.query(world) if callable(entry.query) else entry.query
    if query:
        url = f"{url}?{query}"
    login_url = reverse("login")
    mismatches = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        response = getattr(client, entry.method)(url, entry.data(world))
        got = response.status_code
        if got == 302:
            got = LOGIN if response.url.startswith(login_url) else REDIRECT
        if got != entry.expect[persona]:
            mismatches.append(f"{persona}: expected {entry.expect[persona]}, got {got}")
    assert mismatches == [], f"{entry.method.upper()} {url}"


def test_unknown_user_id_is_404_for_the_administrator(client, world):
    client.force_login(world.users["admin"])
    assert client.get(reverse("user_edit", args=[999999])).status_code == 404
