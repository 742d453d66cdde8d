"""Password and text validators shared by the forms and the settings."""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_CLASSES = (re.compile(r"[a-zà-ỹđ]"), re.compile(r"[A-ZÀ-ỸĐ]"), re.compile(r"[0-9]"), re.compile(r"[^0-9A-Za-zÀ-ỹđĐ]"))


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, capitals, digits, other symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if sum(1 for pattern in _CLASSES if pattern.search(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must mix at least %(n)d kind of character: lower-case letters, capitals, digits, symbols.",
            "Your password must mix at least %(n)d kinds of character: lower-case letters, capitals, digits, symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with an error message the Vietnamese catalogue translates (Django's own
    Vietnamese catalogue lacks it)."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it needs at least %(n)d character.",
            "This password is too short: it needs at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}


def no_markup(value: str) -> None:
    """Names are shown in many places; angle brackets in them are always a mistake or an attack."""
    if "<" in value or ">" in value:
        raise ValidationError(_("Must not contain the characters < or >."), code="markup")
