from django import forms
from django.test.html import parse_html

from ntm_tracker.widgets import LongSelect

CHOICES = [("", "Tất cả"), ("00001", "Xã A & <b>B</b>"), ("00002", "Phường \"C\""), ("Nhóm", [("x", "X")])]


def test_long_select_writes_the_same_html_as_django_select():
    for value in ("00001", "", None, "x"):
        attrs = {"id": "id_commune", "hx-swap-oob": "true", "disabled": True, "required": False}
        django_html = forms.Select(choices=CHOICES).render("commune", value, attrs=attrs)
        quick_html = LongSelect(choices=CHOICES).render("commune", value, attrs=attrs)
        assert parse_html(quick_html) == parse_html(django_html)
        assert "&lt;b&gt;" in quick_html and "<b>" not in quick_html
