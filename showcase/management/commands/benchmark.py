import io
import platform
from datetime import date

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Max
from django.urls import reverse
from django.utils.crypto import get_random_string
from openpyxl import load_workbook

from communes.catalogue import commune_set_for
from communes.models import Assessment, Indicator, Review
from communes.selectors import assessment_years
from communes.services.assessments import review_state
from communes.services.excel import FIRST_DATA_ROW, assessments_export
from communes.services.reviews import review_transition
from dashboards.charts import CHARTS
from ntm_tracker.models import User
from ntm_tracker.sessions import SessionStore
from showcase.benchmark import (
    Gunicorn, Page, format_table, load_test, measure_pages, time_criteria_load, time_import, time_oversized_upload,
    time_territory_import,
)
from territory.models import Commune, District, Province


class Command(BaseCommand):
    help = (
        "Measure server time and SQL queries of the main pages (median over --runs, and as a ratio to "
        "/healthz), then requests per second of the busiest page and /healthz under gunicorn with 2 "
        "workers. Run it against the national data set on PostgreSQL (see README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="42", help="Province whose pages are measured (GSO code).")
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page (and of /healthz beside it).")
        parser.add_argument("--clients", type=int, default=8, help="Concurrent clients in the load test.")
        parser.add_argument("--seconds", type=float, default=10.0, help="Duration of each load test.")
        parser.add_argument("--no-load", action="store_true", help="Skip the gunicorn load test.")
        parser.add_argument("--territory-import", action="store_true",
                            help="Also time the whole country's list of 1 July 2025 with the official conversion "
                                 "table (units_reorganise as import_units runs it, rolled back; needs the "
                                 "pre-reform map of every province, e.g. the national data set).")

    def handle(self, province: str, runs: int, clients: int, seconds: float, no_load: bool,
               territory_import: bool = False, **options):
        try:
            province_obj = Province.objects.get(code=province)
        except Province.DoesNotExist:
            raise CommandError(f"No province {province}: load data first (manage.py demo or generate_national).") from None
        if settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG is on in this process: query counts are fine, "
                                                 "but gunicorn below runs with DEBUG off as in production."))
        leader, _ = User.objects.get_or_create(
            username="benchmark-leader", defaults={"role": User.Role.LEADER, "province": province_obj})
        officer, _ = User.objects.get_or_create(
            username="benchmark-officer", defaults={"role": User.Role.PROVINCE, "province": province_obj})
        national, _ = User.objects.get_or_create(username="benchmark-national", defaults={"role": User.Role.NATIONAL})
        pages = self.pages(province_obj, leader, officer, national)
        sessions = {user.pk: self.session_cookies(user) for user in (leader, officer, national)}
        self.stdout.write(
            f"Benchmark {date.today():%d/%m/%Y} · {platform.node()} · {platform.machine()} · "
            f"{connection.vendor} · {Commune.objects.count()} communes · runs={runs}\n"
        )
        failed = []
        with Gunicorn(workers=2) as server:
            results = measure_pages(server.url, pages, runs=runs, cookies=sessions)
            self.stdout.write(format_table(results))
            failed += [r for r in results if r.failures]
            workbook, values = self.import_workbook(province_obj, officer)
            timing = time_import(server.url, reverse("assessments_import"), workbook, values=values,
                                 cookies=sessions[officer.pk])
            verdict = "; ".join(timing.failures) or f"ok (< {timing.max_s:.0f} s)"
            self.stdout.write(f"\nExcel import of the province's workbook: {values} values changed; upload and check "
                              f"{timing.check_s:.1f} s, confirm {timing.confirm_s:.1f} s  {verdict}")
            if timing.failures:
                failed.append(timing)
            if not no_load:
                self.stdout.write(f"\nLoad: gunicorn, 2 workers, {clients} clients, {seconds:.0f} s per path")
                cookie = "; ".join(f"{k}={v}" for k, v in sessions[leader.pk].items())
                for path in ["/healthz", self.busiest_path(province_obj)]:
                    result = load_test(server.url, path, clients=clients, seconds=seconds, cookie=cookie)
                    self.stdout.write(f"  {path:<40} {result.rps:>8.1f} req/s  {result.requests:>7} requests  {result.errors} errors")
                    if result.errors:
                        failed.append(result)
        self.stdout.write("")
        for work in (time_criteria_load(), time_oversized_upload()):
            verdict = "; ".join(work.failures) or f"ok (< {work.max_s:.0f} s)"
            self.stdout.write(f"{work.label}: {work.seconds:.2f} s ({work.detail})  {verdict}")
            if work.failures:
                failed.append(work)
        if territory_import:
            timing = time_territory_import()
            verdict = "; ".join(timing.failures) or f"ok (< {timing.max_s:.0f} s)"
            self.stdout.write(f"\nUnit import, national list of 1 July 2025 + conversion table: {timing.units} units, "
                              f"{timing.links} links, {timing.seconds:.1f} s  {verdict}")
            if timing.failures:
                failed.append(timing)
        if failed:
            raise CommandError(f"{len(failed)} measurement(s) missed their target.")
        self.stdout.write(self.style.SUCCESS("\nEvery target met."))

    def session_cookies(self, user: User) -> dict[str, str]:
        """A logged-in session (stored in the database gunicorn reads) and a CSRF token for `user`."""
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return {settings.SESSION_COOKIE_NAME: session.session_key, settings.CSRF_COOKIE_NAME: get_random_string(32)}

    def pages(self, province: Province, leader: User, officer: User, national: User) -> list[Page]:
        """The pages to measure; each feature adds its own here."""
        # After the 1 July 2025 reform no commune has a district: the page of a former district (its years).
        district = (District.objects.filter(province=province, communes__isnull=False).order_by("code").first()
                    or District.objects.filter(province=province).order_by("code").first())
        year = Assessment.objects.aggregate(year=Max("year"))["year"] or max(assessment_years())
        commune = self.editable_commune(province, year, officer)
        indicator = Indicator.objects.filter(criterion__criteria_set=commune_set_for(year), kind=Indicator.Kind.YES_NO
                                             ).order_by("criterion__number", "position").first()
        query = {"province": province.code, "year": year}
        pages = [
            Page("province overview", reverse("province_overview", args=[province.code]), leader),
            Page("province dashboard", reverse("dashboard"), leader, data=query),
            *(Page(f"chart: {name} (htmx)", reverse(f"chart_{name}"), leader, data=query, htmx=True)
              for name in CHARTS),
            Page("district page", reverse("district_detail", args=[district.code]), leader),
            Page("district dashboard", reverse("dashboard_district", args=[district.code]), leader,
                 data={"year": year}),
            Page("commune page", reverse("commune_detail", args=[commune.code]), leader, data={"year": year}),
            # A past year on a database that went through the 2025 reorganisations: its map of then.
            Page("annual summary 2023", reverse("annual_report", args=[2023]), leader, data={"province": province.code}),
        ]
        successor = (Commune.objects.filter(province=province, valid_to__isnull=True, predecessor_links__isnull=False)
                     .order_by("code").first())
        if successor is not None:  # after the 1 July 2025 reform: what the commune was formed from
            pages.append(Page("successor commune page", reverse("commune_detail", args=[successor.code]), leader))
        if indicator is not None:
            path = reverse("assessment_edit", args=[commune.code, indicator.pk, year])
            flip = {"value": True}

            def save_data():
                """The version stored now, and the other answer than last time (a real change)."""
                version = (Assessment.objects.filter(commune=commune, indicator=indicator, year=year)
                           .values_list("version", flat=True).first() or 0)
                flip["value"] = not flip["value"]
                return {"met": "yes" if flip["value"] else "no", "note": "", "version": version,
                        "reason": "benchmark"}

            pages.append(Page("indicator save (htmx POST)", path, officer, method="POST", htmx=True,
                              prepare=save_data, max_ratio=10.0))
        pages += [
            Page("OCOP list with filters", reverse("ocop_product_list"), officer,
                 data={"district": district.code, "group": "food", "stars": 3, "status": "valid", "sort": "name"}),
            Page("OCOP list, search", reverse("ocop_product_list"), officer, data={"q": "mat ong"}),
            Page("district Excel export", reverse("assessments_download", args=[district.code]), officer,
                 data={"year": year}, max_ratio=None, max_ms=1000),
            Page("annual summary", reverse("annual_report", args=[year]), leader, data={"province": province.code}),
            # Every province side by side (a national user): the same queries for 1 province as for 63.
            Page("national page (provinces)", reverse("province_list"), national, data={"year": year}),
        ]
        return pages

    def import_workbook(self, province: Province, officer: User) -> tuple[bytes, int]:
        """The province's workbook of its last year, exported as a user would, with every value
        changed (numbers moved by one, yes/no answers flipped, empty cells filled); the communes
        whose year is approved are reopened first, as a province officer would before importing."""
        year = Assessment.objects.aggregate(year=Max("year"))["year"] or max(assessment_years())
        communes = list(Commune.objects.filter(province=province, kind=Commune.Kind.COMMUNE, excluded=False)
                        .select_related("district", "province").order_by("district__code", "code"))
        approved = set(Review.objects.filter(commune__in=communes, year=year, state=Review.State.APPROVED)
                       .values_list("commune_id", flat=True))
        for commune in communes:
            if commune.pk in approved:
                review_transition(commune=commune, year=year, step="reopen", user=officer, reason="benchmark import")
        book = load_workbook(io.BytesIO(assessments_export(communes=communes, year=year)))
        sheet = book.worksheets[0]
        indicators = {i.code: i for i in Indicator.objects.filter(criterion__criteria_set=commune_set_for(year))}
        columns = [(cell.column, indicators.get(cell.value)) for cell in sheet[1]]
        values = 0
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW):
            for (column, indicator), cell in zip(columns, row):
                if indicator is None:
                    continue
                if not indicator.is_numeric:
                    cell.value = "Không đạt" if cell.value == "Đạt" else "Đạt"
                elif cell.value is None:
                    cell.value = 50
                else:
                    cell.value = cell.value - 1 if cell.value >= 1 else cell.value + 1
                values += 1
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), values

    def editable_commune(self, province: Province, year: int, officer: User) -> Commune:
        """A commune in the programme whose `year` is not approved (reopened when every one is)."""
        communes = Commune.objects.filter(province=province, kind=Commune.Kind.COMMUNE,
                                          excluded=False).select_related("district", "province").order_by("code")
        approved = Review.objects.filter(year=year, state=Review.State.APPROVED).values("commune_id")
        commune = communes.exclude(pk__in=approved).first() or communes.first()
        if commune is None:
            raise CommandError(f"Province {province.code} has no commune in the programme.")
        if review_state(commune, year) == Review.State.APPROVED:
            review_transition(commune=commune, year=year, step="reopen", user=officer, reason="benchmark")
        return commune

    def busiest_path(self, province: Province) -> str:
        """The leaders' landing page: the province dashboard."""
        return f"{reverse('dashboard')}?province={province.code}"
