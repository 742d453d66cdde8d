"""Many clients at once on PostgreSQL: no lost update, no deadlock, results consistent afterwards.

Each client is a thread with its own database connection (Django connections are per thread), all
released together by a barrier, through the real service (`assessment_save`, `review_transition`)
and the real view (`assessment_edit` through django.test.Client). SQLite serialises every write
on one file lock and cannot show these races, so the module runs on PostgreSQL only (the CI
script `.ci/run` runs the suite on PostgreSQL first).
"""

import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from communes.models import Assessment, CommuneYearResult, CriterionResult, Indicator, Review
from territory.models import Commune
from communes.services.assessments import ReviewLocked, assessment_save, results_refresh
from communes.services.reviews import review_transition
from ntm_tracker.models import AuditEvent
from ntm_tracker.stale import StaleEdit

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="concurrency needs PostgreSQL row locks (SQLite serialises all writes); "
           "run with DATABASE_URL=postgres://…, as .ci/run does",
)

CLIENTS = 8
TIMEOUT = 60  # seconds: far above the time any of these takes, so a hang means a deadlock
YEAR = 2024
NTM_SET = "commune-ntm-2021-2025"


def run_parallel(work, arguments) -> list[tuple[str, object]]:
    """Run work(argument) in one thread per argument, released at once; [(outcome, value)] in order.

    Outcome is "ok" with the return value, or the exception's class name with the exception.
    Fails the test when a thread is still running after TIMEOUT (a deadlock or a lock wait).
    """
    barrier = threading.Barrier(len(arguments))
    outcomes: list[tuple[str, object] | None] = [None] * len(arguments)

    def target(index, argument):
        try:
            barrier.wait(timeout=TIMEOUT)
            outcomes[index] = ("ok", work(argument))
        except Exception as error:  # noqa: BLE001 — every failure is reported to the test
            outcomes[index] = (type(error).__name__, error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i, a), daemon=True) for i, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client is still waiting: deadlock or lock leak"
    return outcomes


def results_snapshot(communes, year=YEAR) -> tuple[list, list]:
    criteria = sorted(CriterionResult.objects.filter(commune__in=communes, year=year).values_list(
        "commune_id", "criterion_id", "met", "indicators_met", "indicators_total"))
    summaries = sorted(CommuneYearResult.objects.filter(commune__in=communes, year=year).values_list(
        "commune_id", "criteria_met", "criteria_total", "level"))
    return criteria, summaries


def assert_results_consistent(communes, year=YEAR):
    """The stored results equal those recomputed now from the indicators."""
    stored = results_snapshot(communes, year)
    assert stored[0] and stored[1]
    results_refresh(communes=list(communes), years=[year])
    assert results_snapshot(communes, year) == stored


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, criterion__criteria_set__code=NTM_SET)


def numeric_indicators(count: int) -> list[Indicator]:
    return list(Indicator.objects.filter(criterion__criteria_set__code=NTM_SET, kind=Indicator.Kind.PERCENT)
                .order_by("criterion__number", "code")[:count])


def version_of(commune, ind, year=YEAR) -> int:
    return Assessment.objects.filter(commune=commune, indicator=ind, year=year).values_list(
        "version", flat=True).first() or 0


@pytest.fixture
def commune(transactional_db, can_loc_assessed, commune_user):
    return commune_user.commune


def test_same_indicator_saved_by_many_at_once_exactly_one_wins_and_the_rest_are_stale(commune, commune_user):
    ind = indicator("2.2")
    seen = version_of(commune, ind)
    events_before = AuditEvent.objects.count()

    def save(value):
        return assessment_save(commune=commune, indicator=ind, year=YEAR, value=Decimal(value),
                               expected_version=seen, user=commune_user)

    outcomes = run_parallel(save, [10 * i + 5 for i in range(CLIENTS)])

    kinds = Counter(kind for kind, _value in outcomes)
    assert kinds == {"ok": 1, "StaleEdit": CLIENTS - 1}, outcomes
    winner = next(value for kind, value in outcomes if kind == "ok")
    stored = Assessment.objects.get(commune=commune, indicator=ind, year=YEAR)
    assert stored.version == seen + 1
    assert stored.value == winner.value
    for kind, error in outcomes:
        if kind == "StaleEdit":  # each refusal carries the winner's row, for the message to the user
            assert error.current.version == seen + 1 and error.current.value == winner.value
    assert AuditEvent.objects.count() == events_before + 1
    assert_results_consistent([commune])


def test_first_saves_of_a_new_value_race_and_only_one_creates_it(commune, commune_user):
    ind = indicator("2.2")
    Assessment.objects.filter(commune=commune, indicator=ind, year=YEAR).delete()
    results_refresh(communes=[commune], years=[YEAR])

    outcomes = run_parallel(lambda value: assessment_save(
        commune=commune, indicator=ind, year=YEAR, value=Decimal(value), expected_version=0, user=commune_user,
    ), [50 + i for i in range(CLIENTS)])

    assert Counter(kind for kind, _value in outcomes) == {"ok": 1, "StaleEdit": CLIENTS - 1}, outcomes
    assert Assessment.objects.filter(commune=commune, indicator=ind, year=YEAR).get().version == 1
    assert_results_consistent([commune])


def test_different_indicators_of_one_commune_all_saved_and_the_criteria_count_all_of_them(commune, commune_user):
    # Every client fails its own indicator: a lost refresh would leave a criterion counted as met.
    indicators = numeric_indicators(CLIENTS)
    assert len({ind.criterion_id for ind in indicators}) > 1
    versions = {ind.pk: version_of(commune, ind) for ind in indicators}

    outcomes = run_parallel(lambda ind: assessment_save(
        commune=commune, indicator=ind, year=YEAR, value=Decimal(0), expected_version=versions[ind.pk],
        user=commune_user,
    ), indicators)

    assert [kind for kind, _value in outcomes] == ["ok"] * CLIENTS, outcomes
    for ind in indicators:
        stored = Assessment.objects.get(commune=commune, indicator=ind, year=YEAR)
        assert (stored.value, stored.met, stored.version) == (0, False, versions[ind.pk] + 1)
    failed = {ind.criterion_id for ind in indicators}
    assert set(CriterionResult.objects.filter(commune=commune, year=YEAR, met=False)
               .values_list("criterion_id", flat=True)) >= failed
    assert_results_consistent([commune])


def test_many_communes_saved_at_once_each_keeps_its_own_results(transactional_db, can_loc_assessed, commune_user):
    communes = list(Commune.objects.filter(district=can_loc_assessed, kind=Commune.Kind.COMMUNE)
                    .order_by("code")[:CLIENTS])
    ind = indicator("2.2")
    versions = {c.pk: version_of(c, ind) for c in communes}

    outcomes = run_parallel(lambda c: assessment_save(
        commune=c, indicator=ind, year=YEAR, value=Decimal(1), expected_version=versions[c.pk], user=commune_user,
    ), communes)

    assert [kind for kind, _value in outcomes] == ["ok"] * len(communes), outcomes
    assert all(version_of(c, ind) == versions[c.pk] + 1 for c in communes)
    assert_results_consistent(communes)


def test_rounds_of_read_then_save_never_lose_an_update(commune, commune_user):
    """Each client reads the version then saves, several times, on two shared indicators: every
    success bumps the version by exactly one, every failure is a StaleEdit."""
    shared = numeric_indicators(2)
    start = {ind.pk: version_of(commune, ind) for ind in shared}
    rounds = 5

    def client(number):
        wins = Counter()
        for round_ in range(rounds):
            ind = shared[(number + round_) % 2]
            try:
                assessment_save(commune=commune, indicator=ind, year=YEAR, value=Decimal(number * 10 + round_),
                                expected_version=version_of(commune, ind), user=commune_user)
            except StaleEdit:
                continue
            wins[ind.pk] += 1
        return wins

    outcomes = run_parallel(client, list(range(CLIENTS)))

    assert all(kind == "ok" for kind, _value in outcomes), outcomes
    wins = sum((value for _kind, value in outcomes), Counter())
    assert sum(wins.values()) >= rounds  # somebody got through each round
    for ind in shared:
        assert version_of(commune, ind) == start[ind.pk] + wins[ind.pk]
        row = Assessment.objects.get(commune=commune, indicator=ind, year=YEAR)
        assert AuditEvent.objects.filter(object_id=str(row.pk), action=AuditEvent.Action.CHANGED,
                                         object_type__icontains="assessment").count() == wins[ind.pk]
    assert_results_consistent([commune])


def test_the_edit_view_under_parallel_posts_saves_once_and_tells_the_others(commune, commune_user):
    ind = indicator("2.2")
    seen = version_of(commune, ind)
    url = f"/communes/{commune.code}/assessments/{ind.pk}/{YEAR}/"

    def post(value):
        client = Client()
        client.force_login(commune_user)
        response = client.post(url, {"value": str(value), "note": f"khách {value}", "version": str(seen),
                                     "met": "", "reason": ""})
        return response.status_code, response.content.decode()

    outcomes = run_parallel(post, [60 + i for i in range(CLIENTS)])

    assert all(kind == "ok" for kind, _value in outcomes), outcomes
    statuses = Counter(status for _kind, (status, _body) in outcomes)
    assert statuses == {302: 1, 409: CLIENTS - 1}, statuses
    for _kind, (status, body) in outcomes:
        if status == 409:  # the refused ones get the page back with the message, in Vietnamese
            assert 'data-testid="stale"' in body and "Chưa lưu" in body
    stored = Assessment.objects.get(commune=commune, indicator=ind, year=YEAR)
    assert stored.version == seen + 1
    assert stored.note == f"khách {int(stored.value)}"
    assert_results_consistent([commune])


def test_the_same_review_step_taken_twice_at_once_happens_once(commune, district_user):
    Review.objects.update_or_create(commune=commune, year=YEAR, defaults={"state": Review.State.SUBMITTED})
    events_before = AuditEvent.objects.filter(action=AuditEvent.Action.WORKFLOW).count()

    outcomes = run_parallel(lambda _n: review_transition(
        commune=commune, year=YEAR, step="verify", user=district_user,
    ), list(range(CLIENTS)))

    assert Counter(kind for kind, _value in outcomes) == {"ok": 1, "ValidationError": CLIENTS - 1}, outcomes
    for kind, error in outcomes:
        if kind == "ValidationError":  # the losers are told why, in Vietnamese
            assert error.messages == ["Không thể thực hiện bước này: đánh giá đang ở trạng thái huyện đã thẩm định."]
    assert Review.objects.get(commune=commune, year=YEAR).state == Review.State.VERIFIED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WORKFLOW).count() == events_before + 1


def test_the_review_button_pressed_by_many_at_once_verifies_once_and_tells_the_others(commune, district_user):
    Review.objects.update_or_create(commune=commune, year=YEAR, defaults={"state": Review.State.SUBMITTED})

    def press(_n):
        client = Client()
        client.force_login(district_user)
        response = client.post(f"/communes/{commune.code}/review/{YEAR}/verify/", follow=True)
        return response.status_code, response.content.decode()

    outcomes = run_parallel(press, list(range(CLIENTS)))

    assert all(kind == "ok" for kind, _value in outcomes), outcomes
    statuses = [value[0] for _kind, value in outcomes]
    bodies = [value[1] for _kind, value in outcomes]
    # A click that arrives after the verification is either refused with a message or, having read the
    # new state first, never offered the step (403); none verifies a second time, none fails.
    succeeded = sum("Trạng thái duyệt: Huyện đã thẩm định." in body for body in bodies)
    refused = sum("Không thể thực hiện bước này" in body for body in bodies) + statuses.count(403)
    assert succeeded == 1 and refused == CLIENTS - 1, statuses
    assert set(statuses) <= {200, 403}
    assert Review.objects.get(commune=commune, year=YEAR).state == Review.State.VERIFIED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WORKFLOW, changes__state=["submitted", "verified"]).count() == 1


def test_competing_review_steps_leave_one_coherent_history(commune, district_user):
    """Verify and return of the same submitted assessment at once: each step sees the state left by
    the one before it, so the audit trail is one unbroken chain ending in the stored state."""
    review, _created = Review.objects.update_or_create(commune=commune, year=YEAR,
                                                       defaults={"state": Review.State.SUBMITTED})
    steps = ["verify", "return"] * (CLIENTS // 2)

    outcomes = run_parallel(lambda step: review_transition(
        commune=commune, year=YEAR, step=step, user=district_user, reason="Thiếu minh chứng",
    ), steps)

    assert all(kind in ("ok", "ValidationError") for kind, _value in outcomes), outcomes
    done = sum(kind == "ok" for kind, _value in outcomes)
    chain = [event.changes["state"] for event in AuditEvent.objects.filter(
        action=AuditEvent.Action.WORKFLOW, object_id=str(review.pk)).order_by("id")]
    assert 1 <= len(chain) == done
    assert chain[0][0] == Review.State.SUBMITTED
    assert all(earlier[1] == later[0] for earlier, later in zip(chain, chain[1:]))
    assert Review.objects.get(pk=review.pk).state == chain[-1][1]


def test_first_submit_of_a_year_without_a_review_row_creates_one_row(commune, commune_user):
    Review.objects.filter(commune=commune, year=YEAR).delete()

    outcomes = run_parallel(lambda _n: review_transition(
        commune=commune, year=YEAR, step="submit", user=commune_user,
    ), list(range(CLIENTS)))

    assert Counter(kind for kind, _value in outcomes) == {"ok": 1, "ValidationError": CLIENTS - 1}, outcomes
    assert Review.objects.filter(commune=commune, year=YEAR).count() == 1


def test_saves_racing_an_approval_either_land_before_it_or_are_refused(commune, commune_user, province_user):
    """Either the approval takes the lock first and every save is refused (nothing written after it),
    or a save lands first: the verified data changed, so the review went back to "submitted" and the
    approval is refused (`review_unverify`) — never an approval of data the district did not verify."""
    Review.objects.update_or_create(commune=commune, year=YEAR, defaults={"state": Review.State.VERIFIED})
    indicators = numeric_indicators(CLIENTS - 1)
    versions = {ind.pk: version_of(commune, ind) for ind in indicators}

    def work(item):
        if item == "approve":
            return review_transition(commune=commune, year=YEAR, step="approve", user=province_user)
        return assessment_save(commune=commune, indicator=item, year=YEAR, value=Decimal(0),
                               expected_version=versions[item.pk], user=commune_user)

    outcomes = run_parallel(work, ["approve", *indicators])

    review = Review.objects.get(commune=commune, year=YEAR)
    if outcomes[0][0] == "ok":  # the approval first: every save refused, nothing written
        assert review.state == Review.State.APPROVED
        assert all(kind == "ReviewLocked" for kind, _value in outcomes[1:]), outcomes
        for ind in indicators:
            assert Assessment.objects.get(commune=commune, indicator=ind, year=YEAR).version == versions[ind.pk]
        with pytest.raises(ReviewLocked):
            assessment_save(commune=commune, indicator=indicators[0], year=YEAR, value=Decimal(1),
                            expected_version=version_of(commune, indicators[0]), user=commune_user)
    else:  # a save first: back to submitted, the approval refused, every save landed
        assert outcomes[0][0] == "ValidationError", outcomes
        assert review.state == Review.State.SUBMITTED
        assert all(kind == "ok" for kind, _value in outcomes[1:]), outcomes
        for ind in indicators:
            assert Assessment.objects.get(commune=commune, indicator=ind, year=YEAR).version == versions[ind.pk] + 1
    assert_results_consistent([commune])


def test_validation_errors_under_load_do_not_block_the_others(commune, commune_user):
    ind = indicator("2.2")
    seen = version_of(commune, ind)
    values = [Decimal(150)] * (CLIENTS - 1) + [Decimal(70)]  # all but one impossible (over 100 %)

    outcomes = run_parallel(lambda value: assessment_save(
        commune=commune, indicator=ind, year=YEAR, value=value, expected_version=seen, user=commune_user,
    ), values)

    assert Counter(kind for kind, _value in outcomes) == {"ValidationError": CLIENTS - 1, "ok": 1}, outcomes
    assert Assessment.objects.get(commune=commune, indicator=ind, year=YEAR).value == 70
    assert isinstance(outcomes[0][1], ValidationError)
