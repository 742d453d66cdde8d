import pytest
from django import forms
from django.core.exceptions import ValidationError

from ntm_tracker.widgets import DatalistCodeField, QuickSelect, choice_from_label

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


UNITS = [("443", "Huyện Can Lộc"), ("436", "Thị xã Kỳ Anh"), ("445", "Huyện Kỳ Anh"), ("440", "Huyện Thạch Hà")]


def test_a_label_is_found_exactly_or_by_the_one_label_holding_the_folded_text():
    assert choice_from_label("Huyện Kỳ Anh", UNITS) == "445"  # exact, though another label holds it
    assert choice_from_label("huyen ky anh", UNITS) == "445"  # whole label without diacritics
    assert choice_from_label("thach  ha", UNITS) == "440"  # part of one label
    assert choice_from_label("dong loc", [("1", "Xã Đồng Lộc"), ("2", "Xã Dũng")]) == "1"  # đ folds to d
    with pytest.raises(ValidationError) as several:
        choice_from_label("ky anh", UNITS)
    assert several.value.code == "several_matches" and several.value.params["count"] == 2
    assert several.value.params["examples"] == "Thị xã Kỳ Anh; Huyện Kỳ Anh"
    with pytest.raises(ValidationError) as none:
        choice_from_label("Nghi Xuân", UNITS)
    assert none.value.code == "no_match" and none.value.params == {"text": "Nghi Xuân"}


def test_a_code_field_cleans_a_typed_label_to_its_code_and_shows_the_label():
    field = DatalistCodeField(choices=[("", "Tất cả"), *UNITS], required=False)
    assert field.clean("Huyện Can Lộc") == "443" and field.clean("can loc") == "443" and field.clean("443") == "443"
    assert field.clean("") == ""
    assert field.prepare_value("443") == "Huyện Can Lộc" == field.prepare_value("can loc")
    assert field.prepare_value("ky anh") == "ky anh"  # several: left as typed
    html = field.widget.render("unit", field.prepare_value("443"), attrs={"id": "id_unit"})
    assert '<input type="text" name="unit" list="id_unit_list" value="Huyện Can Lộc"' in html
    assert html.count("<option") == len(UNITS)  # the "all" choice is the empty box, not an option
    with pytest.raises(ValidationError):
        field.clean("Huyện Không Có")
