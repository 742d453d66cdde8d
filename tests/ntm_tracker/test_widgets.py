from django import forms

from ntm_tracker.widgets import QuickSelect

CHOICES = [("", "Tất cả"), ("00001", "Xã A & <b>B</b>"), ("00002", "Phường \"C\" 'D'"), (3, "3★"),
           ("Nhóm", [("x", "X"), ("y", "Y")])]


def test_quick_select_writes_byte_for_byte_the_html_of_django_select():
    attrs = {"id": "id_commune", "hx-swap-oob": "true", "disabled": True, "required": False, "data-none": None}
    for value in ("00001", "", None, "x", 3, "3", "missing", ["00002"]):
        django_html = forms.Select(attrs={"class": "wide"}, choices=CHOICES).render("commune", value, attrs=attrs)
        quick_html = QuickSelect(attrs={"class": "wide"}, choices=CHOICES).render("commune", value, attrs=attrs)
        assert quick_html == django_html, value
    assert "&lt;b&gt;" in quick_html and "<b>" not in quick_html


def test_quick_select_marks_only_the_first_option_holding_the_value_like_django():
    choices = [("a", "A"), ("a", "A again")]
    assert QuickSelect(choices=choices).render("x", "a") == forms.Select(choices=choices).render("x", "a")
    assert QuickSelect(choices=choices).render("x", "a").count(" selected") == 1
