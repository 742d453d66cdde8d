"""get_FOO_display() through ntm_tracker.choices.ChoiceDisplayMixin: same answers as Django's, in
the active language, without translating every label of the field on each call."""

import pytest
from django.utils import translation

from communes.models import Review
from ntm_tracker.models import AuditEvent, User


def test_labels_follow_the_active_language():
    event = AuditEvent(action=AuditEvent.Action.LOGIN_FAILED)
    with translation.override("vi"):
        vietnamese = event.get_action_display()
    with translation.override("en"):
        assert event.get_action_display() == "Failed login"
    assert vietnamese != "Failed login" and vietnamese


def test_an_unknown_value_is_shown_as_it_is():
    assert Review(state="archived").get_state_display() == "archived"
    assert User(role="").get_role_display() == ""


@pytest.mark.parametrize("state", [choice for choice, _label in Review.State.choices])
def test_every_choice_gives_its_label(state):
    with translation.override("en"):
        assert Review(state=state).get_state_display() == str(Review.State(state).label)


def test_one_translation_per_call_not_one_per_choice(monkeypatch):
    calls = []
    original = translation._trans.gettext
    monkeypatch.setattr(translation._trans, "gettext", lambda message: calls.append(message) or original(message))
    event = AuditEvent(action=AuditEvent.Action.CHANGED)
    event.get_action_display()  # fills the field's map once
    calls.clear()
    with translation.override("vi"):
        event.get_action_display()
    assert len(calls) == 1 < len(AuditEvent.Action.choices)
