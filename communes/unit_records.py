"""Reads of the records the office keeps beside the assessments: recognition dossiers (what precedes
a decision), the district set's results per district, and Hà Tĩnh's model villages and gardens.
Writes are in communes/services/ (dossiers.py, district_assessments.py) and the model-site views."""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery

from communes.models import (
    DistrictReview, DistrictYearResult, DossierStep, ModelSite, ModelSiteKind, ModelSiteTotal, RecognitionDossier,
)


# --- Recognition dossiers ---------------------------------------------------------------------


def dossiers_in_province(province):
    """The province's dossiers (its own, its district units' and its communes'), units joined."""
    return RecognitionDossier.objects.filter(
        Q(province=province) | Q(district__province=province) | Q(commune__province=province)
    ).select_related("province", "district", "commune", "recognition")


def dossier_states_on(province, day) -> dict[int, tuple[str, str, object]]:
    """{dossier id: (status, body, since)} of the province's dossiers as they stood on `day`
    (their latest step on or before it; dossiers not yet submitted are absent). One query."""
    states: dict[int, tuple[str, str, object]] = {}
    steps = DossierStep.objects.filter(
        Q(dossier__province=province) | Q(dossier__district__province=province) | Q(dossier__commune__province=province),
        on__lte=day).order_by("dossier_id", "on", "id").values_list("dossier_id", "status", "body", "on")
    for dossier_id, status, body, on in steps:
        states[dossier_id] = (status, body, on)
    return states


def dossiers_pending(province, year: int) -> dict[str, int]:
    """{"commune": n, "district": n, "province": n}: dossiers submitted or appraised, not yet
    recognised or returned, on 31 December of `year` (two queries)."""
    states = dossier_states_on(province, datetime.date(year, 12, 31))
    counts = {"commune": 0, "district": 0, "province": 0}
    pending = [pk for pk, (status, _body, _on) in states.items() if status in RecognitionDossier.PENDING]
    for commune_id, district_id in RecognitionDossier.objects.filter(pk__in=pending).values_list("commune_id",
                                                                                                  "district_id"):
        counts["commune" if commune_id else "district" if district_id else "province"] += 1
    return counts


def dossiers_pending_list(province, year: int) -> list:
    """The dossiers (units joined) submitted or appraised and still waiting on 31 December of
    `year`, each with `waiting_at` (the body's label) and `since` (the date of its last step):
    the annual summary's list. Two queries."""
    states = dossier_states_on(province, datetime.date(year, 12, 31))
    pending = {pk: state for pk, state in states.items() if state[0] in RecognitionDossier.PENDING}
    dossiers = list(dossiers_in_province(province).filter(pk__in=pending))
    for dossier in dossiers:
        status, body, on = pending[dossier.pk]
        dossier.status_then = RecognitionDossier.Status(status).label
        dossier.waiting_at = RecognitionDossier.Body(body).label
        dossier.since = on
    return sorted(dossiers, key=lambda d: (d.since, d.pk))


def district_criteria_summary(district) -> list:
    """The district's results on the district set (320/QĐ-TTg), one per year assessed, oldest first,
    each with `state` (its review state, None before any step) — one query."""
    reviews = DistrictReview.objects.filter(district=OuterRef("district"), year=OuterRef("year")).values("state")[:1]
    return list(DistrictYearResult.objects.filter(district=district).annotate(state=Subquery(reviews)).order_by("year"))


# --- Hà Tĩnh's supplementary "criterion 20": model villages and gardens -------------------------


def model_counts(province, year: int) -> dict:
    """Model villages and gardens of the province at the end of `year` (supplementary provincial
    criterion, not a national one). Two queries:

    {"records": {"village": n, "garden": n} — the records entered, recognised by 31/12 of `year`;
     "verified": {"village": n, "garden": n} — of those, the ones checked against their source;
     "by_commune": {commune id: {"village": n, "garden": n}} (communes with at least one);
     "published": {"village": ModelSiteTotal | None, "garden": …} — the latest published
     province total dated by the end of `year` (the official figure when records are incomplete)}.
    """
    end = datetime.date(year, 12, 31)
    kinds = [str(k) for k in ModelSiteKind.values]
    records = {k: 0 for k in kinds}
    verified = {k: 0 for k in kinds}
    by_commune: dict[int, dict[str, int]] = {}
    rows = (ModelSite.objects.filter(commune__province=province, recognised_on__lte=end)
            .values("commune_id", "kind").annotate(n=Count("id"), checked=Count("id", filter=Q(verified=True)))
            .order_by())
    for row in rows:
        records[row["kind"]] += row["n"]
        verified[row["kind"]] += row["checked"]
        by_commune.setdefault(row["commune_id"], {k: 0 for k in kinds})[row["kind"]] += row["n"]
    published = {k: None for k in kinds}
    for total in ModelSiteTotal.objects.filter(province=province, as_of__lte=end).order_by("as_of"):
        published[total.kind] = total
    return {"records": records, "verified": verified, "by_commune": by_commune, "published": published}


def commune_model_sites(commune) -> list:
    """The commune's model villages and gardens, newest first (one query)."""
    return list(ModelSite.objects.filter(commune=commune).order_by("-recognised_on", "kind", "name"))
