"""The review queue: the commune × year assessments waiting for a user's action, and the queue
table's district filter, commune type-ahead and sort (the page `/review/`, communes/views.py)."""

from django.db.models import Q

from communes.models import CommuneYearResult, Review
from ntm_tracker.collation import sort_key


def review_queue(user, year: int | None = None) -> list[dict]:
    """Commune × year assessments waiting for `user`'s action, oldest change first.

    Shape: [{"review": Review, "commune": Commune, "step": "submit"|"verify"|"approve",
    "criteria_met": int | None, "criteria_total": int | None, "warning": bool (a criterion not met
    or nothing assessed)}]. Commune staff: their commune's drafts and returned years;
    district staff: what their communes submitted; province staff: what districts verified
    (administrators: both). Two queries.
    """
    from ntm_tracker.models import User

    State = Review.State
    reviews = Review.objects.select_related("commune__district", "updated_by").order_by("updated_at", "id")
    if year:
        reviews = reviews.filter(year=year)
    match user.role:
        case User.Role.COMMUNE:
            reviews, step = reviews.filter(commune_id=user.commune_id, state__in=[State.DRAFT, State.RETURNED]), "submit"
        case User.Role.DISTRICT:
            reviews, step = reviews.filter(commune__district_id=user.district_id, state=State.SUBMITTED), "verify"
        case User.Role.PROVINCE:
            # Without a district (from July 2025) a submitted assessment comes straight to the province.
            reviews, step = reviews.filter(Q(state=State.VERIFIED) | Q(state=State.SUBMITTED, commune__district__isnull=True),
                                           commune__province_id=user.province_id), "approve"
        case User.Role.ADMIN:
            reviews, step = reviews.filter(state__in=[State.SUBMITTED, State.VERIFIED]), None
        case _:
            return []
    reviews = list(reviews[:500])
    summaries = {(s.commune_id, s.year): s for s in CommuneYearResult.objects.filter(
        commune_id__in={r.commune_id for r in reviews}, year__in={r.year for r in reviews})}
    items = []
    for r in reviews:
        summary = summaries.get((r.commune_id, r.year))
        items.append({"review": r, "commune": r.commune,
                      "step": step or ("verify" if r.state == State.SUBMITTED and r.commune.district_id else "approve"),
                      "criteria_met": summary.criteria_met if summary else None,
                      "criteria_total": summary.criteria_total if summary else None,
                      # Criteria not met, or nothing assessed: the reviewer confirms before approving.
                      "warning": summary is None or summary.criteria_met < summary.criteria_total})
    return items


QUEUE_SORTS = {
    "updated": lambda item: (item["review"].updated_at, item["review"].pk),
    "commune": lambda item: (sort_key(item["commune"].name), item["commune"].code, item["review"].year),
    "district": lambda item: (_district_code(item), sort_key(item["commune"].name), item["review"].year),
    "year": lambda item: (item["review"].year, sort_key(item["commune"].name)),
    "criteria_met": lambda item: (-1 if item["criteria_met"] is None else item["criteria_met"], sort_key(item["commune"].name)),
}


def _district_code(item: dict) -> str:
    """The GSO code of the item's commune's district ("" for a commune without one)."""
    return item["commune"].district.code if item["commune"].district else ""


def review_queue_arranged(items: list[dict], *, district: str = "", sort: str = "", commune: str = "") -> dict:
    """The review queue's table: `items` (from `review_queue`) of one district (a GSO code; all
    when empty or unknown), sorted by `sort` (a key of QUEUE_SORTS, "-" for descending; unknown:
    the oldest change first). Shape: {"items", "districts": [(code, full name)] of every item,
    "district", "sort"}. No query: the items hold their communes and districts."""
    districts = sorted({(i["commune"].district.code, i["commune"].district.full_name)
                        for i in items if i["commune"].district})  # a commune since 2025 has none
    if district not in {code for code, _name in districts}:
        district = ""
    if district:
        items = [i for i in items if _district_code(i) == district]
    # The commune box types ahead over the queue's communes (the browser's <datalist>): the full
    # name as offered, or a GSO code; anything else matches no row.
    communes = sorted({i["commune"].full_name for i in items}, key=sort_key)
    commune = " ".join(commune.split())
    if commune:
        items = [i for i in items if commune in (i["commune"].full_name, i["commune"].code)]
    key = sort.removeprefix("-")
    if key not in QUEUE_SORTS:
        sort, key = "updated", "updated"
    return {"items": sorted(items, key=QUEUE_SORTS[key], reverse=sort.startswith("-")),
            "districts": districts, "district": district, "sort": sort, "communes": communes, "commune": commune}
