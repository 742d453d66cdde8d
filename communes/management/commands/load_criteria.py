"""manage.py load_criteria FILE [--dry-run]: load criteria sets from a CSV or .xlsx file in the
catalogue layout (communes/services/criteria_reading.py), all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from communes.services.criteria_loading import criteria_load
from communes.services.criteria_reading import CriteriaFileError, criteria_read


class Command(BaseCommand):
    help = "Load criteria sets from a CSV or .xlsx file in the catalogue layout (see communes/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file: str, dry_run: bool, **options):
        try:
            with open(file, "rb") as handle:
                result = criteria_load(sets=criteria_read(handle, file), user=None, dry_run=dry_run)
        except OSError as error:
            raise CommandError(str(error)) from None
        except CriteriaFileError as refused:
            raise CommandError("\n".join(refused.errors)) from None
        for change in result.changes:
            self.stdout.write(f"  {change}")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(self.style.SUCCESS(
            f"{', '.join(result.sets) or 'no set'}: {result.change_count} change(s) {verb}; "
            f"{result.assessments_recomputed} assessment(s) recomputed, {result.communes_recomputed} commune(s) refreshed."
        ))
