"""manage.py import_commune_groups FILE [--dry-run]: commune group assignments from a CSV or .xlsx
(commune_code, group, valid_from, valid_to, basis, deciding_act, decided_on, note), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communes.services.groups import groups_import


class Command(BaseCommand):
    help = "Import commune group assignments (Decision 51/2025/QĐ-TTg) from a CSV or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file; write nothing.")

    def handle(self, *args, file: str, dry_run: bool, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from None
        result = groups_import(data=data, name=file, user=None, dry_run=dry_run)
        if result.errors:
            raise CommandError("\n".join(result.errors))
        verb = "checked" if dry_run else f"imported ({result.created} assignments)"
        self.stdout.write(self.style.SUCCESS(f"{result.rows} rows {verb}."))
