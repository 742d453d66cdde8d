"""Every form of the app receives hostile input and must answer with a 4xx or the form again with
a message — never a 500 — and never echo markup unescaped.

One entry per form URL in `FORMS`, keyed by URL name (adding a form is 3–6 lines):

    "commune_edit": Form(
        persona="province",                              # who submits (see `world`)
        kwargs=lambda w: {"code": w.commune.code},       # URL arguments
        valid=lambda w: {"note": "Ghi chú", "version": 1},  # one valid submission
        typed=["version"], required=["version"],         # fields with a type; fields that must be there
    ),

For each field of `valid` the test sends, one at a time: markup, a 5,000-character string, for
`typed` fields values of the wrong type, and for `required` fields nothing at all; then an empty
submission. GET filter forms say `method="get"`; their `free_text` fields (search boxes) may
accept markup, which must then come back escaped; `judges=False` marks a fragment that only
redraws from its input (no message due, but still no 500 and nothing unescaped). `files` names file fields: they receive a
file full of markup, an oversized file, a file of the wrong type, and nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

MARKUP = "<script>alert(1)</script>"
OVERLONG = "Ạ" * 5000
WRONG_TYPES = ["abc", "99999999999999999999999", "-1", "1.5", "2024-13-45"]
MESSAGE_MARKERS = ('class="errorlist', 'class="form-error"')


@dataclass
class Form:
    valid: Callable
    persona: str = "admin"
    kwargs: Callable = lambda w: {}
    method: str = "post"
    typed: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    judges: bool = True  # False for a fragment that only redraws from what it gets (no messages due)


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
    "user_import": Form(valid=lambda w: {"file": None}, files=["file"]),
    "account_password": Form(persona="district", valid=lambda w: {
        "old_password": "Mat-khau-thu-2024", "new_password1": "Dong-Lua-2025", "new_password2": "Dong-Lua-2025"},
        required=["old_password", "new_password1", "new_password2"]),
    "account_language": Form(persona="district", valid=lambda w: {"language": "en"}, typed=["language"],
                             required=["language"]),
    "user_list": Form(method="get", valid=lambda w: {"q": "", "role": "", "province": "", "district": "",
                                                      "commune": "", "active": ""},
                      typed=["role", "province", "district", "active"], free_text=["q"]),
    "user_scope_fields": Form(method="get", valid=lambda w: {"role": "", "province": "", "district": "", "commune": ""},
                              typed=["role", "province", "district", "commune"], judges=False),
    "audit_list": Form(method="get", valid=lambda w: {"user": "", "action": "", "date_from": "", "date_to": "", "unit": ""},
                       typed=["action", "date_from", "date_to"], free_text=["user", "unit"]),
    "audit_export": Form(method="get", valid=lambda w: {"user": "", "action": "", "date_from": "", "date_to": "",
                                                         "unit": "", "format": "csv"},
                         typed=["action", "date_from", "date_to", "format"], free_text=["user", "unit", "format"]),
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
        for wrong in WRONG_TYPES if name in form.typed else []:
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
        elif 300 <= response.status_code < 400 and form.method == "post":
            problems.append(f"{label}: accepted ({response.status_code} to {response.get('Location')})")
        elif (response.status_code == 200 and not lenient and form.judges and "html" in response.get("Content-Type", "")
              and not any(marker in text for marker in MESSAGE_MARKERS)):
            problems.append(f"{label}: form shown again without a message")
    assert problems == []


def test_every_post_form_in_the_permission_matrix_has_an_entry():
    """A POST URL of the permission matrix with fields must be listed here (unlock, reset and
    logout have no fields)."""
    from tests.ntm_tracker.test_permission_matrix import URLS
    without_fields = {"logout", "user_password_reset", "user_unlock"}
    post_urls = {name for name, entry in URLS.items() if entry.method == "post"} - without_fields
    assert post_urls <= set(FORMS)
