"""One stale-edit error (ntm_tracker/stale.py) and one answer to it: whichever form a user saved
after someone else, the form comes back with the same message and the status 409."""

import pytest
from django.test import Client
from django.urls import reverse

from ntm_tracker.stale import StaleEdit
from tests.ntm_tracker.test_hostile_input import FORMS

MESSAGE = "Chưa lưu: người khác đã lưu dữ liệu này trong lúc bạn đang sửa."


@pytest.mark.parametrize("name", ["assessment_edit", "ocop_producer_edit", "ocop_product_edit", "ocop_evaluation_edit",
                                  "ocop_certificate_edit", "target_edit"])
def test_a_stale_save_gets_the_one_message_and_status(name, world):
    form = FORMS[name]
    client = Client()
    client.force_login(world.users[form.persona])
    # (a 3★ certificate: district staff may record it; 4★ would be refused before the save)
    data = {k: v for k, v in {**form.valid(world), "stars": "3", "version": "99"}.items()
            if v is not None and (k != "stars" or name == "ocop_certificate_edit")}
    response = client.post(reverse(name, kwargs=form.kwargs(world)), data)
    assert response.status_code == StaleEdit.status == 409
    assert MESSAGE in response.content.decode()


def test_the_inline_indicator_form_shows_the_message_and_the_value_as_it_is_now(client, world):
    form = FORMS["assessment_edit"]
    client.force_login(world.users["commune"])
    response = client.post(reverse("assessment_edit", kwargs=form.kwargs(world)),
                           {"value": "70", "version": "99", "note": ""}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 409 and "<html" not in html and 'data-testid="stale"' in html
    assert MESSAGE in html and "90" in html  # the stored value
    assert 'name="version" value="1"' in html  # saving again replaces it
