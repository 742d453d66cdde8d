"""`manage.py generate_national` at small scale: counts, consistency with the rules, seed, refusal."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from communes.models import Assessment, CommuneYearResult, CriterionResult, Level, Recognition, Review
from communes.services.assessments import results_refresh
from ocop.models import Certificate, Evaluation, Producer, Product
from territory.models import Commune, District, Province

ARGS = ["--provinces", "42", "--years", "2023-2024", "--products", "200", "--seed", "7"]


def _generate(*args):
    call_command("generate_national", *(args or ARGS), stdout=io.StringIO())


def _results() -> tuple[set, set]:
    return (set(CriterionResult.objects.values_list("commune_id", "criterion_id", "year", "met", "indicators_met",
                                                     "indicators_total")),
            set(CommuneYearResult.objects.values_list("commune_id", "year", "criteria_met", "criteria_total", "level")))


def _digest() -> str:
    rows = Assessment.objects.order_by("commune__code", "indicator__code", "year").values_list(
        "commune__code", "indicator__code", "year", "value", "met")
    extra = list(Review.objects.order_by("commune__code", "year").values_list("commune__code", "year", "state"))
    extra += list(Product.objects.order_by("name").values_list("name", "commune__code", "current_certificate__stars"))
    return hashlib.sha256(repr((list(rows), extra)).encode()).hexdigest()


@pytest.mark.django_db
def test_generate_national_fills_the_selected_provinces_with_consistent_counts():
    _generate()
    assessed = Commune.objects.filter(district__province__code="42", kind=Commune.Kind.COMMUNE, excluded=False)
    n = assessed.count()
    assert Province.objects.count() == 1 and District.objects.count() == 13 and n > 150
    assert Assessment.objects.count() == n * 55 * 2
    assert set(Assessment.objects.values_list("year", flat=True).distinct()) == {2023, 2024}
    assert CriterionResult.objects.count() == n * 19 * 2
    assert CommuneYearResult.objects.count() == Review.objects.count() == n * 2
    assert not Review.objects.filter(year=2023).exclude(state=Review.State.APPROVED).exists()
    assert Product.objects.count() == 200 and Evaluation.objects.count() == 200
    certified = Evaluation.objects.filter(stars__gte=3).count()
    assert Certificate.objects.count() == certified == Product.objects.filter(current_certificate__isnull=False).count()
    assert not Product.objects.filter(producer__in=Producer.objects.exclude(commune__district__province__code="42")).exists()


@pytest.mark.django_db
def test_generated_results_agree_with_the_results_every_save_computes():
    _generate()
    generated = _results()
    assert any(level == Level.NTM for *_rest, level in generated[1]), "some communes reach NTM"
    results_refresh(communes=list(Commune.objects.filter(kind=Commune.Kind.COMMUNE)), years=[2023, 2024])
    assert _results() == generated


@pytest.mark.django_db
def test_recognitions_only_recognise_approved_years_that_reach_ntm():
    _generate()
    recognitions = list(Recognition.objects.values_list("commune_id", "standard_year"))
    assert recognitions
    assert len({commune for commune, _year in recognitions}) == len(recognitions)
    for commune_id, year in recognitions:
        assert CommuneYearResult.objects.get(commune_id=commune_id, year=year).level == Level.NTM
        assert Review.objects.get(commune_id=commune_id, year=year).state == Review.State.APPROVED


@pytest.mark.django_db
def test_the_same_seed_generates_the_same_data_and_a_second_run_refuses():
    _generate()
    first = _digest()
    with pytest.raises(CommandError, match="already have assessments"):
        _generate()
    assert Assessment.objects.count() and _digest() == first
    for model in (Certificate, Evaluation, Product, Producer, Recognition, Review, CriterionResult,
                  CommuneYearResult, Assessment):
        model.objects.all().delete()
    _generate()
    assert _digest() == first
