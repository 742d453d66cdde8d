"""Form widgets shared by the features."""

import html
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ntm_tracker.text import fold


def _escape(value) -> str:
    """What the template engine writes for `{{ value }}`: safe strings as they are, anything else
    escaped — without `conditional_escape`'s lazy-string wrapper, which costs more than the escaping."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attributes(attrs: dict) -> str:
    """The attributes as Django's django/forms/widgets/attrs.html writes them."""
    return "".join(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
                   for name, value in attrs.items() if value is not False)


class QuickSelect(forms.Select):
    """A <select> written by one loop in Python: byte for byte the HTML of Django's Select (a test
    compares them), without a context dict, two template includes and lazy-aware escaping per
    option. The list filter offers a province's few hundred communes on every page view, and the
    template-rendered options otherwise take most of the page's time. Labels are text: a number
    would be written without the template's localization."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        has_selected = False
        parts = [f'<select name="{_escape(name)}"{_attributes(self.build_attrs(self.attrs, attrs))}>']
        for group_value, group_label in self.choices:
            if group_value is None:
                group_value = ""
            grouped = isinstance(group_label, (list, tuple))
            if grouped:
                parts.append(f'\n  <optgroup label="{_escape(group_value)}">')
            for option_value, label in group_label if grouped else [(group_value, group_label)]:
                # Like Django's Select: only the first option holding the value is selected.
                selected = not has_selected and str(option_value) in chosen
                has_selected |= selected
                parts.append(f'\n  <option value="{_escape(option_value)}"{" selected" if selected else ""}>'
                             f"{_escape(label)}</option>\n")
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class DatalistInput(forms.TextInput):
    """A text box with the browser's own type-ahead (`<datalist>`) over a long list — a province's
    433 producers or 216 communes: typing part of a name narrows the list, and the chosen label is
    posted. `DatalistChoiceField` maps the label back to its object."""

    template_name = "_partials/datalist_input.html"
    choices = ()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["list_id"] = f"{context['widget']['attrs'].get('id') or name}_list"
        context["widget"]["labels"] = [label for value, label in self.choices if value != ""]
        context["widget"]["attrs"].setdefault("autocomplete", "off")
        return context


def choice_from_label(text: str, choices: Iterable[tuple[Any, str]], *, labelled: str = "") -> Any:
    """The value of the one choice whose label is `text` — a label picked from the browser's
    type-ahead — or, failing that, whose label holds `text` regardless of case and diacritics
    (`fold`: "ky anh" finds "Huyện Kỳ Anh"). `choices`: (value, label) pairs.

    Raises ValidationError "no_match" when no label matches, "several_matches" (naming up to three of
    them) when several do, so the person knows to type more. `labelled` names what is chosen in
    the message ("commune"); empty: "name"."""
    choices = list(choices)
    for value, label in choices:
        if label == text:
            return value
    wanted = fold(text)
    matches = [(value, label) for value, label in choices if fold(label) == wanted] or [
        (value, label) for value, label in choices if wanted in fold(label)]
    if len(matches) == 1:
        return matches[0][0]
    if matches:
        raise ValidationError(
            _("“%(text)s” matches %(count)d names in the list (%(examples)s…): type more of the name, then choose one."),
            code="several_matches",
            params={"text": text, "count": len(matches), "examples": "; ".join(label for _v, label in matches[:3])})
    raise ValidationError(_("No name in the list matches “%(text)s”: type a few letters, then choose from the list."),
                          code="no_match", params={"text": text})


class DatalistChoiceField(forms.ModelChoiceField):
    """A model choice typed with the browser's type-ahead: the value is the object's label (unique
    in the queryset) — or text that only one label holds, without regard to diacritics — or its
    primary key (a form posted by a script or an older page). `choice_from_label` words the errors."""

    widget = DatalistInput
    default_error_messages = {"invalid_choice": _("Choose a name from the list.")}

    def prepare_value(self, value):
        if isinstance(value, models.Model):
            return self.label_from_instance(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = self.queryset.filter(pk=value).first()
            return self.label_from_instance(found) if found else value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = " ".join(str(value).split())
        if text.isdigit():
            return super().to_python(text)
        return choice_from_label(text, ((candidate, self.label_from_instance(candidate)) for candidate in self.queryset))


class DatalistCodeField(forms.ChoiceField):
    """A choice among (code, label) pairs typed with the browser's type-ahead, for a GET filter: the
    box shows the label, the cleaned value is the code. A code itself (a shared link) is accepted."""

    widget = DatalistInput

    def prepare_value(self, value):
        """The label of the chosen code — also when a part of a name was typed: the box then
        shows what it found. Text that matches no code, or several, stays as typed."""
        if value in (None, ""):
            return ""  # an empty box (its placeholder names the "all" choice), not the words to delete first
        labels = dict(self.choices)
        if value in labels:
            return labels[value]
        try:
            return labels.get(self.to_python(value), value)
        except ValidationError:
            return value

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text or text in dict(self.choices):
            return text
        return choice_from_label(text, [(code, label) for code, label in self.choices if code != ""])
