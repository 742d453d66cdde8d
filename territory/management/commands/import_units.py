from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territory.imports import UnitImportError, read_rows, units_import


class Command(BaseCommand):
    help = "Create or update provinces, districts and communes from a GSO export (.csv or .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--province", help="Only this province (2-digit GSO code), e.g. 42.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")

    def handle(self, path: Path, province: str | None, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            report = units_import(rows=read_rows(path), province=province, dry_run=dry_run)
        except UnitImportError as error:
            raise CommandError("\n".join(error.errors)) from None
        for label in ("province", "district", "commune"):
            self.stdout.write(
                f"{label}: {report.created[label]} created, {report.updated[label]} updated, "
                f"{report.unchanged[label]} unchanged"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
