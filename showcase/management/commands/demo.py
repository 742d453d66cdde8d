import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from communes.services.catalogue import catalogue_load
from showcase.demo.accounts import DEMO_PASSWORD, demo_targets_load, demo_users_load
from showcase.demo.communes import demo_2026_load, demo_assessments_load, demo_history_load, demo_model_sites_load
from showcase.demo.funding import demo_dossiers_load, demo_funding_load
from showcase.demo.ocop import demo_nominations_load, demo_ocop_load
from showcase.demo.territory import demo_country_load, demo_reorganisations_load
from territory.imports import NATIONAL_LIST, read_rows, units_import
from territory.models import CommuneLineage
from territory.reference import REFORM_DATE


class Command(BaseCommand):
    help = (
        "Migrate, load the Hà Tĩnh reference data and a reproducible demo history, create one user "
        "per role, then serve the app on http://127.0.0.1:8000 (unless --no-serve). Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the data and stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000).")

    def handle(self, no_serve: bool, addrport: str, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        if CommuneLineage.objects.filter(effective_on=REFORM_DATE, successor__province__code="42").exists():
            # The 2024 list again would put today's communes back under their former districts.
            self.stdout.write("Units of Hà Tĩnh: today's map is in place.")
        else:
            report = units_import(rows=read_rows(NATIONAL_LIST), province="42")
            self.stdout.write(
                f"Units of Hà Tĩnh: {report.created['commune']} communes created, "
                f"{report.unchanged['commune']} unchanged."
            )
        created = catalogue_load()
        self.stdout.write(f"Criteria catalogue: {created['criteria']} criteria, {created['indicators']} indicators added.")
        recognitions = demo_history_load()
        self.stdout.write(f"Recognition history: {recognitions} decisions added.")
        self.stdout.write(demo_targets_load())
        for loader in self.extra_loaders():
            self.stdout.write(loader())
        # Last of the data: the history above was recorded on the 2024 map.
        self.stdout.write(demo_reorganisations_load())
        self.stdout.write(demo_2026_load())  # on today's map, so after the reorganisations
        # The rest of the country's units through time (63 → 34 provinces): no history of theirs.
        self.stdout.write(demo_country_load())
        users = demo_users_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, scope in users:
            self.stdout.write(f"  {username:<10} {role:<32} {scope}")
        if no_serve:
            return
        self.stdout.write(f"\nServing on http://{addrport}/ — press Ctrl+C to stop.")
        call_command("runserver", addrport, use_reloader=False)

    def extra_loaders(self):
        """Loaders the other apps add (OCOP products, assessments…): each returns one line of report."""
        return [demo_assessments_load, demo_ocop_load, demo_nominations_load, demo_model_sites_load,
                demo_funding_load, demo_dossiers_load]
