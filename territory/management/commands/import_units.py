import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territory.imports import UnitImportError, read_rows, units_import
from territory.reorganisation import default_lineage, read_lineage, units_reorganise


class Command(BaseCommand):
    help = ("Create or update provinces, districts and communes from a GSO export or an NSO 2025 list "
            "(.csv or .xlsx). With --effective, the list is the map in force from that date: missing "
            "units close the day before, new ones open, renames and moves start a new period.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--effective", type=datetime.date.fromisoformat,
                            help="The date the list takes effect (YYYY-MM-DD), e.g. 2025-07-01.")
        parser.add_argument("--lineage", type=Path, help="CSV: old code, new code, partial (yes/no).")
        parser.add_argument("--resolution", default="", help="e.g. 1665/NQ-UBTVQH15")
        parser.add_argument("--province", help="Only this province (2-digit GSO code), e.g. 42.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")

    def handle(self, path: Path, province: str | None, dry_run: bool, effective=None, lineage=None,
               resolution="", **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            rows = read_rows(path)
            if effective is None:
                report = units_import(rows=rows, province=province, dry_run=dry_run)
            else:
                links = read_lineage(lineage) if lineage else None
                if links is None:
                    # The national list of 1 July 2025: the official conversion table.
                    links, skipped = default_lineage(rows, effective, province)
                    if skipped:
                        self.stdout.write(f"{len(skipped)} link(s) of the conversion table name a code in neither "
                                          f"the list nor the database, left out: "
                                          + ", ".join(f"{old}→{new}" for _r, old, new, _p in skipped))
                report = units_reorganise(rows=rows, effective=effective, province=province, lineage=links,
                                          resolution=resolution, dry_run=dry_run)
        except UnitImportError as error:
            raise CommandError("\n".join(error.errors)) from None
        if effective is None:
            for label in ("province", "district", "commune"):
                self.stdout.write(
                    f"{label}: {report.created[label]} created, {report.updated[label]} updated, "
                    f"{report.unchanged[label]} unchanged"
                )
        else:
            self.stdout.write(
                f"communes: {len(report.created)} created, {len(report.closed)} closed, {len(report.renamed)} renamed, "
                f"{len(report.moved)} moved, {len(report.merged)} merged, {len(report.split)} split; districts: "
                f"{len(report.districts_created)} created, {len(report.districts_closed)} closed")
            for new, olds in sorted(report.merged.items()):
                self.stdout.write(f"  merged {new} ← {', '.join(olds)}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
