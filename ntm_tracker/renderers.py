"""The one way forms are drawn (settings.FORM_RENDERER)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form of the app, from the project's templates: `{{ form }}` writes an error summary at
    the top (each error a link to its field, `_partials/form_errors.html`, which pages that lay out
    their fields by hand include too), then each field as `_partials/field.html`: label, help text,
    widget and errors. The widget's aria-describedby (set by Django's BoundField) names the help
    text's and the error list's ids, which this template writes, so a screen reader reads the error
    with the input."""

    form_template_name = "_partials/form.html"
    field_template_name = "_partials/field.html"
