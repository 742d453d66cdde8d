"""Every form of the app receives hostile input and must answer with a 4xx or the form again with
a message — never a 500 — and never echo markup unescaped.

One entry per form URL in `FORMS`, keyed by URL name (adding a form is 3–6 lines):

    "commune_edit": Form(
        persona="province",                              # who submits (see `world`)
        kwargs=lambda w: {"code": w.commune.code},       # URL arguments
        valid=lambda w: {"note": "Ghi chú", "version": 1},  # one valid submission
        typed=["version"], required=["version"],         # fields with a type; fields that must be there
    ),

POST forms may list `free_text` fields (notes, reasons) that legitimately take "<": markup there
may be saved, and must then come back escaped on the `shows` page. `redirects=True` marks an
action button (review steps) that always answers with a redirect: the page it leads to must carry
a message and nothing unescaped.

For each field of `valid` the test sends, one at a time: markup, a 5,000-character string, for
`typed` fields values of the wrong type, and for `required` fields nothing at all; then an empty
submission. GET filter forms say `method="get"`; their `free_text` fields (search boxes) may
accept markup, which must then come back escaped; `judges=False` marks a fragment that only
redraws from its input (no message due, but still no 500 and nothing unescaped). `files` names file fields: they receive a
file full of markup, an oversized file, a file of the wrong type, and nothing.

Beyond the entries, every URL of the resolver (with the permission matrix's arguments) gets hostile
query values (control characters → 400; huge, negative and non-ASCII years, NFD text, markup → no
500) and hostile path values (→ 404, or 400 for a control character), and every POST form gets a
NUL in each value (→ 400) and each value in NFD (→ no 500). No entry to add for those.
"""

import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

MARKUP = "<script>alert(1)</script>"
OVERLONG = "Ạ" * 5000
WRONG_TYPES = ["abc", "99999999999999999999999", "-1", "1.5", "2024-13-45"]
WRONG_DECIMALS = ["abc", "99999999999999999999999", "-1", "NaN", "-Infinity", "2024-13-45"]  # 1.5 is a fine decimal
MESSAGE_MARKERS = ('class="errorlist', 'class="form-error')  # a field's errors, a message, the error summary


@dataclass
class Form:
    valid: Callable
    persona: str = "admin"
    kwargs: Callable = lambda w: {}
    method: str = "post"
    typed: list[str] = field(default_factory=list)
    decimals: list[str] = field(default_factory=list)  # typed fields where 1.5 is right: other wrong values
    required: list[str] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    judges: bool = True  # False for a fragment that only redraws from what it gets (no messages due)
    shows: Callable | None = None  # POST: a page showing what was saved (markup in `free_text` may be saved)
    redirects: bool = False  # an action button: always a redirect to a page with a message


def user_data(w, **extra):
    return {"full_name": "Cán bộ", "email": "a@example.vn", "role": "district", "province": w.province.pk,
            "district": w.district.pk, "commune": "", "language": "vi", **extra}


SCOPE_TYPED = ["email", "role", "province", "district", "commune", "language"]
USERS_CSV = "username,full_name,email,role,unit_code\n"

FORMS: dict[str, Form] = {
    "login": Form(persona="anonymous", valid=lambda w: {"username": "huyen", "password": "sai"},
                  required=["username", "password"]),
    "user_create": Form(valid=lambda w: user_data(w, username="moi"), typed=SCOPE_TYPED,
                        required=["username", "full_name", "role"]),
    "user_edit": Form(kwargs=lambda w: {"pk": w.target.pk}, valid=lambda w: user_data(w), typed=SCOPE_TYPED,
                      required=["full_name", "role"]),
    "user_set_active": Form(kwargs=lambda w: {"pk": w.target.pk}, valid=lambda w: {"active": "1"},
                            typed=["active"], required=["active"]),
    "user_token_create": Form(kwargs=lambda w: {"pk": w.target.pk}, valid=lambda w: {"name": "Cổng thông tin"},
                              required=["name"], free_text=["name"]),
    "user_import": Form(valid=lambda w: {"file": None}, files=["file"]),
    "units_import": Form(valid=lambda w: {"file": None, "lineage": None, "effective": "2025-07-01", "resolution": "",
                                          "province": ""},
                         files=["file", "lineage"], typed=["effective", "province"], free_text=["resolution"]),
    "account_password": Form(persona="district", valid=lambda w: {
        "old_password": "Mat-khau-thu-2024", "new_password1": "Dong-Lua-2025", "new_password2": "Dong-Lua-2025"},
        required=["old_password", "new_password1", "new_password2"]),
    "account_language": Form(persona="district", valid=lambda w: {"language": "en"}, typed=["language"],
                             required=["language"]),
    "user_list": Form(method="get", valid=lambda w: {"q": "", "role": "", "province": "", "district": "",
                                                      "commune": "", "active": "", "scope": ""},
                      typed=["role", "province", "district", "active", "scope"], free_text=["q"]),
    "user_scope_fields": Form(method="get", valid=lambda w: {"role": "", "province": "", "district": "", "commune": ""},
                              typed=["role", "province", "district", "commune"], judges=False),
    "audit_list": Form(method="get", valid=lambda w: {"user": "", "action": "", "date_from": "", "date_to": "", "unit": ""},
                       typed=["action", "date_from", "date_to"], free_text=["user", "unit"]),
    "audit_export": Form(method="get", valid=lambda w: {"user": "", "action": "", "date_from": "", "date_to": "",
                                                         "unit": "", "format": "csv"},
                         typed=["action", "date_from", "date_to", "format"], free_text=["user", "unit", "format"]),
    # --- NTM progress -------------------------------------------------------------------------
    "assessment_edit": Form(
        persona="commune",
        kwargs=lambda w: {"code": w.commune.code, "indicator_id": w.indicator.pk, "year": w.year},
        valid=lambda w: {"value": "90", "met": "", "note": "Ghi chú", "version": "1", "reason": "", "evidence": None},
        typed=["met", "version"], decimals=["value"], required=["version"], free_text=["note", "reason"], files=["evidence"],
        shows=lambda w: reverse("commune_detail", args=[w.commune.code]) + f"?year={w.year}"),
    "review_step": Form(persona="district", kwargs=lambda w: {"code": w.commune.code, "year": w.year, "step": "verify"},
                        valid=lambda w: {"reason": "Hồ sơ thiếu"}, free_text=["reason"], redirects=True),
    "district_criteria": Form(
        persona="district", kwargs=lambda w: {"code": w.district.code},
        valid=lambda w: {"met_1": "yes", "note_1": "Ghi chú", "version_1": "0", "met_2": "no", "note_2": "",
                         "version_2": "0"},
        typed=["met_1", "version_1"], required=["version_1"], free_text=["note_1"],
        shows=lambda w: reverse("district_criteria", args=[w.district.code])),
    "district_review_step": Form(persona="province", kwargs=lambda w: {"code": w.district.code, "year": w.year,
                                                                       "step": "return"},
                                 valid=lambda w: {"reason": "Hồ sơ thiếu"}, free_text=["reason"], redirects=True),
    "review_queue_bulk": Form(persona="district", valid=lambda w: {"step": "verify", "item": f"{w.commune.code}:{w.year}"},
                              typed=["step", "item"], required=["step", "item"], redirects=True),
    "recognition_create": Form(
        persona="province", kwargs=lambda w: {"code": w.commune.code},
        valid=lambda w: {"level": "advanced", "kind": "recognised", "decision_number": "12/QĐ-UBND",
                         "decision_date": "2024-03-01", "issuer": "province", "standard_year": "2023",
                         "outstanding_field": "", "note": "Ghi chú", "reason": ""},
        typed=["level", "kind", "decision_date", "issuer", "standard_year"],
        required=["level", "decision_number", "issuer", "standard_year"], free_text=["note", "reason"],
        shows=lambda w: reverse("commune_detail", args=[w.commune.code])),
    "recognition_edit": Form(
        persona="province", kwargs=lambda w: {"pk": w.recognition.pk},
        valid=lambda w: {"level": "ntm", "kind": "recognised", "decision_number": "13/QĐ-UBND",
                         "decision_date": "2024-03-01", "issuer": "province", "standard_year": "2023",
                         "outstanding_field": "", "note": "Ghi chú", "reason": ""},
        typed=["level", "kind", "decision_date", "issuer", "standard_year"],
        required=["level", "decision_number", "issuer", "standard_year"], free_text=["note", "reason"],
        shows=lambda w: reverse("commune_detail", args=[w.commune.code])),
    "assessments_import": Form(persona="district", valid=lambda w: {"file": None}, files=["file"]),
    "criteria_catalogue": Form(valid=lambda w: {"file": None}, files=["file"]),
    "commune_groups_import": Form(persona="province", valid=lambda w: {"file": None}, files=["file"]),
    "commune_groups": Form(
        persona="province", kwargs=lambda w: {"code": w.commune.code},
        valid=lambda w: {"group": "3", "valid_from": "2026", "valid_to": "", "basis": "ethnic_area",
                         "deciding_act": "60/QĐ-BDTTG", "decided_on": "2026-02-04", "note": "Ghi chú"},
        typed=["group", "valid_from", "valid_to", "basis", "decided_on"], required=["group", "valid_from", "basis",
                                                                                   "deciding_act"],
        free_text=["deciding_act", "note"], shows=lambda w: reverse("commune_groups", args=[w.commune.code])),
    "commune_detail": Form(method="get", kwargs=lambda w: {"code": w.commune.code},
                           valid=lambda w: {"year": "2024", "part": "summary"}, typed=["year", "part"], judges=False),
    "criterion_detail": Form(method="get", kwargs=lambda w: {"code": w.commune.code, "number": 2},
                             valid=lambda w: {"year": "2024"}, typed=["year"], judges=False),
    "commune_history": Form(method="get", kwargs=lambda w: {"code": w.commune.code},
                            valid=lambda w: {"page": "1", "part": "latest"}, typed=["page", "part"], judges=False),
    "district_detail": Form(method="get", kwargs=lambda w: {"code": w.district.code},
                            valid=lambda w: {"year": "2024", "sort": "name"}, typed=["year", "sort"], judges=False),
    "review_queue": Form(method="get", valid=lambda w: {"year": "2024"}, typed=["year"], judges=False),
    # --- OCOP register ------------------------------------------------------------------------
    "ocop_producer_create": Form(
        persona="district", valid=lambda w: {"name": "HTX Mới", "kind": "cooperative", "commune": w.commune.pk,
                                             "address": "Thôn 1", "phone": "0912345678", "version": ""},
        typed=["kind", "commune"], required=["name", "kind", "commune"]),
    "ocop_producer_edit": Form(
        persona="district", kwargs=lambda w: {"pk": w.producer.pk},
        valid=lambda w: {"name": "HTX Sửa", "kind": "cooperative", "commune": w.commune.pk, "address": "Thôn 1",
                         "phone": "0912345678", "version": "1"},
        typed=["kind", "commune", "version"], required=["name", "kind", "commune"]),
    "ocop_product_create": Form(
        persona="district", valid=lambda w: {"name": "Kẹo cu đơ", "producer": w.producer.pk, "group": "food",
                                             "subgroup": "processed", "commune": w.commune.pk, "description": "Ngon",
                                             "version": ""},
        typed=["producer", "group", "subgroup", "commune"], required=["name", "producer", "group", "subgroup", "commune"],
        free_text=["description"], shows=lambda w: reverse("ocop_product_list")),
    "ocop_product_edit": Form(
        persona="district", kwargs=lambda w: {"pk": w.product.pk},
        valid=lambda w: {"name": "Nước mắm", "producer": w.producer.pk, "group": "food", "subgroup": "processed",
                         "commune": w.commune.pk, "description": "Ngon", "version": "1"},
        typed=["producer", "group", "subgroup", "commune", "version"],
        required=["name", "producer", "group", "subgroup", "commune"],
        free_text=["description"], shows=lambda w: reverse("ocop_product_detail", args=[w.product.pk])),
    "ocop_evaluation_create": Form(
        persona="district", kwargs=lambda w: {"product_pk": w.product.pk},
        valid=lambda w: {"year": "2024", "round": "1", "council": "district", "score_a": "30", "score_b": "20",
                         "score_c": "25", "version": ""},
        typed=["year", "round", "council"], decimals=["score_a", "score_b", "score_c"],
        required=["year", "council", "score_a", "score_b", "score_c"]),
    "ocop_evaluation_edit": Form(
        persona="district", kwargs=lambda w: {"pk": w.evaluation.pk},
        valid=lambda w: {"year": "2023", "round": "1", "council": "district", "score_a": "30", "score_b": "20",
                         "score_c": "25", "version": "1"},
        typed=["year", "round", "council", "version"], decimals=["score_a", "score_b", "score_c"],
        required=["year", "council", "score_a", "score_b", "score_c"]),
    "ocop_certificate_create": Form(
        persona="district", kwargs=lambda w: {"product_pk": w.product.pk},
        valid=lambda w: {"evaluation": "", "stars": "4", "issuer": "district", "decision_number": "7/QĐ-UBND",
                         "decision_date": "2024-05-01", "version": ""},
        typed=["evaluation", "stars", "issuer", "decision_date"], required=["stars", "issuer", "decision_number",
                                                                            "decision_date"]),
    "ocop_certificate_edit": Form(
        persona="district", kwargs=lambda w: {"pk": w.certificate.pk},
        valid=lambda w: {"evaluation": "", "stars": "4", "issuer": "district", "decision_number": "8/QĐ-UBND",
                         "decision_date": "2023-06-15", "revoked": "", "revoked_on": "", "revoked_reason": "",
                         "version": "1"},
        typed=["evaluation", "stars", "issuer", "decision_date", "revoked_on", "version"],
        required=["stars", "issuer", "decision_number", "decision_date"]),
    "ocop_nomination_create": Form(
        persona="province", kwargs=lambda w: {"product_pk": w.product.pk},
        valid=lambda w: {"proposed_stars": "4", "nominated_by": "UBND huyện Can Lộc", "nominated_on": "2023-10-02",
                         "outcome": "pending", "outcome_on": "", "outcome_decision": "", "source": "Báo cáo",
                         "note": "", "version": ""},
        typed=["proposed_stars", "nominated_on", "outcome", "outcome_on"],
        required=["proposed_stars", "nominated_by", "nominated_on", "source"]),
    "model_site_create": Form(
        persona="province",
        valid=lambda w: {"kind": "garden", "commune": str(w.commune.pk), "name": "Hộ ông Bình",
                         "recognised_on": "2024-03-01", "decision": "", "source": "Quyết định",
                         "version": ""},
        typed=["kind", "commune", "recognised_on"], required=["kind", "commune", "name", "recognised_on", "source"]),
    "ocop_import": Form(persona="district", valid=lambda w: {"file": None, "action": "preview"}, files=["file"],
                        typed=["action"]),
    "ocop_product_list": Form(method="get", valid=lambda w: {
        "q": "", "district": "", "commune": "", "group": "", "stars": "", "status": "", "year": "", "sort": "",
        "page": "1"}, typed=["district", "commune", "group", "stars", "status", "year", "sort", "page"],
        free_text=["q"], judges=False),
    "ocop_product_export": Form(method="get", kwargs=lambda w: {"fmt": "csv"}, valid=lambda w: {
        "q": "", "district": "", "stars": "", "year": "", "sort": ""}, typed=["district", "stars", "year", "sort"],
        free_text=["q"], judges=False),
    "ocop_expiring": Form(method="get", valid=lambda w: {"district": "", "expired": "180"},
                          typed=["district", "expired"], judges=False),
    # --- Dashboards and targets ---------------------------------------------------------------
    "dashboard": Form(method="get", valid=lambda w: {"province": w.province.code, "year": "2024", "district": ""},
                      typed=["province", "year", "district"], judges=False),
    "dashboard_district": Form(method="get", kwargs=lambda w: {"code": w.district.code},
                               valid=lambda w: {"year": "2024"}, typed=["year"], judges=False),
    "chart_progress": Form(method="get", valid=lambda w: {"province": w.province.code, "district": w.district.code,
                                                          "year": "2024", "format": "csv"},
                           typed=["province", "district", "year", "format"], judges=False),
    "annual_report": Form(method="get", kwargs=lambda w: {"year": 2024}, valid=lambda w: {"province": w.province.code},
                          typed=["province"], judges=False),
    "target_list": Form(method="get", valid=lambda w: {"province": w.province.code, "year": "2024"},
                        typed=["province", "year"], judges=False),
    "target_create": Form(
        persona="province", valid=lambda w: {"year": "2025", "district": "", "metric": "communes_new_advanced",
                                             "value": "12", "baseline": "", "district_codes": "", "note": "Ghi chú"},
        typed=["year", "district", "metric", "district_codes"], decimals=["value"],
        required=["year", "metric", "value"], free_text=["note"], shows=lambda w: reverse("target_list") + "?year=2025"),
    "target_edit": Form(
        persona="province", kwargs=lambda w: {"pk": w.ntm_target.pk},
        valid=lambda w: {"year": "2024", "district": "", "metric": "communes_new_advanced", "value": "25",
                         "baseline": "", "district_codes": "", "note": "Ghi chú", "version": "1"},
        typed=["year", "district", "metric", "district_codes"], decimals=["value"],
        required=["year", "metric", "value"], free_text=["note"], shows=lambda w: reverse("target_list") + "?year=2024"),
    "funding_create": Form(
        persona="district", valid=lambda w: {"unit": w.district.code, "year": "2023", "period_start": "",
                                             "source": "credit", "component": "general", "amount": "12.5",
                                             "source_document": "Báo cáo", "note": "Ghi chú"},
        typed=["unit", "year", "period_start", "source", "component"], decimals=["amount"],
        required=["unit", "year", "source", "amount", "source_document"], free_text=["note", "source_document"],
        shows=lambda w: reverse("funding_list") + "?year=2023"),
    "funding_edit": Form(
        persona="province", kwargs=lambda w: {"pk": w.funding.pk},
        valid=lambda w: {"unit": w.district.code, "year": "2023", "period_start": "", "source": "credit",
                         "component": "general", "amount": "12.5", "source_document": "Báo cáo", "note": "Ghi chú"},
        typed=["unit", "year", "period_start", "source", "component"], decimals=["amount"],
        required=["unit", "year", "source", "amount", "source_document"], free_text=["note", "source_document"],
        shows=lambda w: reverse("funding_list") + "?year=2023"),
    "sponsorship_create": Form(
        persona="commune", valid=lambda w: {"sponsor": "Công ty", "commune_code": w.commune.code, "village": "Thôn 1",
                                            "date_from": "2023-01-01", "date_to": "", "decision": "1/QĐ-UBND",
                                            "amount": "", "note": "Ghi chú"},
        typed=["commune_code", "date_from", "date_to"], decimals=["amount"], required=["sponsor", "commune_code", "date_from"],
        free_text=["sponsor", "village", "decision", "note"], shows=lambda w: reverse("funding_list") + "?year=2023"),
    "funding_import": Form(persona="province", valid=lambda w: {"file": None}, files=["file"]),
    "sponsorship_import": Form(persona="province", valid=lambda w: {"file": None}, files=["file"]),
    "dossier_create": Form(
        persona="province", valid=lambda w: {"unit": w.district.code, "level": "ntm", "standard_year": "2023",
                                             "body": "central", "on": "2023-12-01", "source": "Báo cáo",
                                             "note": "Ghi chú", "step_note": ""},
        typed=["unit", "level", "standard_year", "body", "on"], required=["unit", "level", "standard_year", "body", "on"],
        free_text=["source", "note", "step_note"], shows=lambda w: reverse("dossier_list")),
    "dossier_detail": Form(
        persona="province", kwargs=lambda w: {"pk": w.dossier.pk},
        valid=lambda w: {"status": "appraised", "on": "2024-01-10", "body": "province", "recognition": "",
                         "note": "Ghi chú"},
        typed=["status", "on", "body", "recognition"], required=["status", "on", "body"], free_text=["note"],
        shows=lambda w: reverse("dossier_detail", args=[w.dossier.pk])),
}


def hostile_cases(form: Form, valid: dict):
    """(label, data, markup_allowed_without_message) for every hostile submission of the form."""
    for name in valid:
        if name in form.files:
            yield f"{name}=markup file", {**valid, name: SimpleUploadedFile(
                "users.csv", (USERS_CSV + ",".join([MARKUP] * 5) + "\n").encode())}, False
            yield f"{name}=oversized file", {**valid, name: SimpleUploadedFile(
                "users.csv", USERS_CSV.encode() + b"a" * (3 * 1024 * 1024))}, False
            yield f"{name}=wrong file type", {**valid, name: SimpleUploadedFile(f"{MARKUP}.exe", b"MZ")}, False
            yield f"{name}=text instead of a file", {**valid, name: MARKUP}, False
            continue
        yield f"{name}=markup", {**valid, name: MARKUP}, name in form.free_text
        yield f"{name}=overlong", {**valid, name: OVERLONG}, False
        for wrong in WRONG_TYPES if name in form.typed else WRONG_DECIMALS if name in form.decimals else []:
            yield f"{name}={wrong}", {**valid, name: wrong}, name in form.free_text
        if name in form.required:
            yield f"{name} missing", {k: v for k, v in valid.items() if k != name}, False
    yield "empty submission", {}, True


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_input_never_breaks_a_form(name, world):
    form = FORMS[name]
    url = reverse(name, kwargs=form.kwargs(world))
    problems = []
    for label, data, lenient in hostile_cases(form, {k: v for k, v in form.valid(world).items()}):
        client = Client(raise_request_exception=False)
        if form.persona != "anonymous":
            client.force_login(world.users[form.persona])
        data = {k: v for k, v in data.items() if v is not None}
        response = getattr(client, form.method)(url, data)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        if response.status_code >= 500:
            problems.append(f"{label}: {response.status_code}")
        elif MARKUP in text:
            problems.append(f"{label}: markup echoed unescaped")
        elif 300 <= response.status_code < 400 and form.redirects:
            shown = client.get(response["Location"]).content.decode()
            if MARKUP in shown:
                problems.append(f"{label}: markup shown unescaped after the redirect")
            elif 'class="message' not in shown:
                problems.append(f"{label}: redirected without a message")
        elif (300 <= response.status_code < 400 and form.method == "post" and form.shows
              and label.endswith("=markup") and label.removesuffix("=markup") in form.free_text):
            if MARKUP in client.get(form.shows(world)).content.decode():
                problems.append(f"{label}: saved markup shown unescaped")
        elif 300 <= response.status_code < 400 and form.method == "post":
            problems.append(f"{label}: accepted ({response.status_code} to {response.get('Location')})")
        elif (response.status_code == 200 and not lenient and form.judges and "html" in response.get("Content-Type", "")
              and not any(marker in text for marker in MESSAGE_MARKERS)):
            problems.append(f"{label}: form shown again without a message")
    assert problems == [], "\n".join(problems)


def test_every_post_form_in_the_permission_matrix_has_an_entry():
    """A POST URL of the permission matrix with fields must be listed here (unlock, reset and
    logout have no fields)."""
    from tests.ntm_tracker.test_permission_matrix import URLS
    without_fields = {"logout", "user_password_reset", "user_unlock", "user_token_revoke"}
    post_urls = {name for name, entry in URLS.items() if entry.method == "post"} - without_fields
    assert post_urls <= set(FORMS)


# --- Regressions for bugs this test found ----------------------------------------------------


def test_an_overlong_review_reason_is_refused_not_dropped(client, world):
    from communes.models import Review

    client.force_login(world.users["commune"])
    url = reverse("review_step", kwargs={"code": world.commune.code, "year": world.year, "step": "submit"})
    response = client.post(url, {"reason": OVERLONG}, follow=True)
    assert response.status_code == 200 and 'class="message message-error' in response.content.decode()
    assert not Review.objects.filter(commune=world.commune, year=world.year, state=Review.State.SUBMITTED).exists()


@pytest.mark.parametrize("item", ["{code}:abc", "{code}:", "{code}:1999", "{code}:99999999999999999999"])
def test_a_bulk_review_item_with_a_bad_year_is_404_not_500(client, world, item):
    client.raise_request_exception = False
    client.force_login(world.users["district"])
    response = client.post(reverse("review_queue_bulk"), {"step": "verify", "item": item.format(code=world.commune.code)})
    assert response.status_code == 404


@pytest.mark.parametrize("producer", [MARKUP, "abc", "99999999999999999999"])
def test_the_new_product_form_survives_a_hostile_producer_in_the_address(client, world, producer):
    client.raise_request_exception = False
    client.force_login(world.users["district"])
    response = client.get(reverse("ocop_product_create"), {"producer": producer})
    assert response.status_code == 200 and MARKUP not in response.content.decode()


@pytest.mark.parametrize("name", ["commune_detail", "commune_history", "assessment_edit"])
def test_a_hostile_fragment_name_answers_the_default_fragment(client, world, name):
    """`?part=` names a fragment (ntm_tracker/htmx.py); any other value is the view's default one."""
    client.raise_request_exception = False
    client.force_login(world.users["commune"])
    kwargs = {"code": world.commune.code}
    if name == "assessment_edit":
        kwargs.update(indicator_id=world.indicator.pk, year=world.year)
    for part in (MARKUP, OVERLONG, "criterion_indicators", "", "indicator_saved"):
        response = client.get(reverse(name, kwargs=kwargs), {"part": part}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html and MARKUP not in html, part
        assert 'id="criterion-' not in html or name == "commune_detail", part


@pytest.mark.parametrize("fmt", ["exe", MARKUP])
def test_an_unknown_export_format_is_404(client, world, fmt):
    client.force_login(world.users["leader"])
    assert client.get(f"/ocop/export.{fmt}").status_code == 404


@pytest.mark.parametrize(("model", "field"), [("Producer", "name"), ("Producer", "address"), ("Producer", "phone"),
                                              ("Product", "name")])
def test_ocop_names_refuse_markup(world, model, field):
    from django.core.exceptions import ValidationError

    from ocop import models

    with pytest.raises(ValidationError):
        models.__dict__[model]._meta.get_field(field).clean(MARKUP, None)


# --- Imports: every workbook import is bounded (ntm_tracker/uploads.py) ---------------------------

IMPORTS = {  # URL name: (persona, other fields of the upload form)
    "assessments_import": ("district", {}),
    "ocop_import": ("district", {"action": "preview"}),
    "model_site_import": ("province", {}),
    "user_import": ("admin", {}),
    "funding_import": ("district", {}),
    "sponsorship_import": ("commune", {}),
    "commune_groups_import": ("province", {}),
    "units_import": ("admin", {"effective": "2025-07-01"}),
}


def _oversized(kind: str) -> bytes:
    from ntm_tracker.uploads import BOUNDS
    from tests.ntm_tracker.test_uploads import raw_xlsx

    if kind == "200,000 rows":
        return raw_xlsx(200_000, 1)
    if kind == "16,000 columns":
        return raw_xlsx(5, 16_000)
    return raw_xlsx(2, extra=b"\0" * (BOUNDS.max_unpacked + 1))  # a zip bomb: a few KB that unpack to 10 MB


@pytest.mark.parametrize("kind", ["200,000 rows", "16,000 columns", "zip bomb"])
def test_every_import_refuses_an_oversized_workbook_quickly_with_one_message(world, kind):
    """Issue 13, item 2, through each import's own page: one message, no 500 (the time it takes is
    the benchmark's `oversized upload` step)."""
    data = _oversized(kind)
    for name, (persona, fields) in IMPORTS.items():
        client = Client(raise_request_exception=False)
        client.force_login(world.users[persona])
        response = client.post(reverse(name), {**fields, "file": SimpleUploadedFile("lon.xlsx", data)})
        text = response.content.decode()
        assert response.status_code < 500, name
        assert text.count("Tệp quá lớn để nhập") == 1, name


def test_an_ocop_import_with_nan_scores_is_a_message(world, client):
    """Issue 13, item 4."""
    import io

    from openpyxl import Workbook

    from ocop.imports import COLUMNS

    book = Workbook()
    book.active.append([header for _key, header in COLUMNS])
    values = {"product": "Chè", "group": "food", "subgroup": "processed", "commune": world.commune.code,
              "producer": "HTX", "producer_kind": "cooperative", "year": 2024, "score_a": "NaN", "score_b": "sNaN",
              "score_c": "Infinity"}
    book.active.append([values.get(key) for key, _header in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    client.raise_request_exception = False
    client.force_login(world.users["district"])
    response = client.post(reverse("ocop_import"), {"action": "preview", "file": SimpleUploadedFile("x.xlsx", out.getvalue())})
    assert response.status_code == 400
    assert {e.column for e in response.context["report"].errors} == {"Điểm A", "Điểm B", "Điểm C"}


# --- Every URL of the resolver and every form, with values no form would send -------------------
# Control characters are refused by one middleware (400) wherever they come; everything else must
# answer without a 500: a path year outside the catalogue's periods or a malformed code is a 404,
# a bad query year falls back to the default year, decomposed (NFD) text is read as NFC.

CONTROL_VALUES = ["a\x00b", "\x01", "\x7f", "\x85", "x\ty"]
HOSTILE_VALUES = ["10000000000000000000000000", "-1", "32767", "99999", "１９９９", "1e3",
                  unicodedata.normalize("NFD", "Cán bộ Đạt"), MARKUP]
# Query parameters the views read (a parameter a view does not know is ignored, which is fine too).
QUERY_PARAMS = ["action", "active", "commune", "date_from", "date_to", "district", "expired", "format", "group",
                "next", "page", "producer", "province", "q", "role", "sort", "stars", "status", "subgroup", "unit",
                "user", "view", "year"]
UNIT_PARAMS = {"province", "district", "commune"}
PATH_VALUES = ["99999999999999999999999", "10000000000000000000000000", "-1", "0", "1999", "abc", "%00",
               urllib.parse.quote(unicodedata.normalize("NFD", "Đạt"))]
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def _routes() -> dict[str, str]:
    """{URL name: its full route} for every URL the permission matrix covers."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from tests.ntm_tracker.test_permission_matrix import EXCLUDED_NAMES, EXCLUDED_NAMESPACES

    routes = {}

    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in EXCLUDED_NAMESPACES:
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in EXCLUDED_NAMES:
                routes[pattern.name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "")
    return routes


def _request(client, method: str, url: str, data=None) -> tuple[int, str]:
    """(status, body text) of one request."""
    response = getattr(client, method)(url, data or {})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode("utf-8", errors="replace")


def test_every_url_survives_hostile_query_values(world):
    """GET (or the URL's own method) with every known parameter set to a hostile value — all at
    once, and with the URL's own province/district/commune kept so the other values are read."""
    from tests.ntm_tracker.test_permission_matrix import URLS

    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    problems = []
    for name, entry in sorted(URLS.items()):
        url = reverse(name, kwargs=entry.kwargs(world))
        query = entry.query(world) if callable(entry.query) else entry.query
        kept = {k: v for k, v in urllib.parse.parse_qsl(query) if k in UNIT_PARAMS}
        for value in CONTROL_VALUES:
            status, _text = _request(client, "get", f"{url}?{urllib.parse.urlencode(dict.fromkeys(QUERY_PARAMS, value))}")
            if status != 400:
                problems.append(f"{name} ?…={value!r}: {status}, expected 400")
        for value in HOSTILE_VALUES:
            hostile = dict.fromkeys(QUERY_PARAMS, value)
            for params in [hostile] + ([{**hostile, **kept}] if kept else []):
                if name == "logout":
                    client.force_login(world.users["admin"])
                status, text = _request(client, entry.method, f"{url}?{urllib.parse.urlencode(params)}", entry.data(world))
                if status >= 500:
                    problems.append(f"{name} ?…={value!r}: {status}")
                elif MARKUP in text:
                    problems.append(f"{name} ?…={value!r}: markup echoed unescaped")
    assert problems == [], "\n".join(problems)


def test_every_url_survives_hostile_path_values(world):
    """Each path parameter in turn (a code, a year, an id, a step) replaced by a hostile value:
    404 (or 400 for a control character), never a 500 — and never a row for an unknown year."""
    from communes.models import Review
    from tests.ntm_tracker.test_permission_matrix import URLS

    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    reviews = Review.objects.count()
    problems = []
    for name, route in sorted(_routes().items()):
        entry = URLS[name]
        valid = {k: str(v) for k, v in entry.kwargs(world).items()}
        for parameter in CONVERTER.findall(route):
            for value in PATH_VALUES:
                values = {**valid, parameter[1]: value}
                path = "/" + CONVERTER.sub(lambda m: values.get(m["parameter"], "x"), route)
                status, _text = _request(client, entry.method, path, entry.data(world))
                expected = {400} if value == "%00" else {404}
                if parameter[1] in ("step", "fmt"):
                    expected |= {403}  # an unknown review step or export format is refused as such
                if status not in expected:
                    problems.append(f"{entry.method.upper()} {path}: {status}, expected {expected}")
    assert Review.objects.count() == reviews
    assert problems == [], "\n".join(problems)


def test_every_form_refuses_control_characters_and_reads_nfd(world):
    """Every posted text value with a NUL: 400. Every text value in NFD: no 500. (One `world` for
    all forms: a NUL never reaches a view, and an NFD submission is an ordinary one.)"""
    problems = []
    for name, form in sorted(FORMS.items()):
        if form.method != "post" or form.files:
            continue
        url = reverse(name, kwargs=form.kwargs(world))
        client = Client(raise_request_exception=False)
        if form.persona != "anonymous":
            client.force_login(world.users[form.persona])
        valid = {k: v for k, v in form.valid(world).items() if v is not None}
        status = client.post(url, {k: f"{v}\x00" for k, v in valid.items()} or {"x": "\x00"}).status_code
        if status != 400:
            problems.append(f"{name} with NUL: {status}, expected 400")
        status = client.post(url, {k: unicodedata.normalize("NFD", str(v)) for k, v in valid.items()}).status_code
        if status >= 500:
            problems.append(f"{name} in NFD: {status}")
    assert problems == [], "\n".join(problems)
