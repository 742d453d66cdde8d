"""Password and text validators shared by the forms and the settings."""

import re

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


def no_markup(value: str) -> None:
    """Names are shown in many places; angle brackets in them are always a mistake or an attack."""
    if "<" in value or ">" in value:
        raise ValidationError(_("Must not contain the characters < or >."), code="markup")
