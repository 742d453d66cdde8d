"""`get_FOO_display()` in constant time.

Django's own version builds a dict of every choice of the field on each call, hashing each label —
and a lazy label is translated to be hashed. The audit event's action has 13 choices, so a page
listing ten events ran some 150 translation lookups just for that column. This mixin keeps one
{value: label} map per field (the labels stay lazy, so the page's language still applies).
"""

from django.utils.encoding import force_str


class ChoiceDisplayMixin:
    """Put first among a model's bases: its `get_FOO_display()` methods then use this lookup."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = field.__dict__.get("_display_labels")
        if labels is None:
            labels = field.__dict__["_display_labels"] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value: Django's own way copes with it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
