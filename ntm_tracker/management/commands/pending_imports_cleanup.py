from django.core.management.base import BaseCommand
from django.utils import timezone

from ntm_tracker.models import PendingImport
from ntm_tracker.uploads import pending_cleanup


class Command(BaseCommand):
    help = "Delete the staged uploads whose confirmation time has passed (run it daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them without deleting.")

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            count = PendingImport.objects.filter(expires_at__lte=timezone.now()).count()
            self.stdout.write(f"{count} expired staged uploads would be deleted.")
        else:
            self.stdout.write(f"{pending_cleanup()} expired staged uploads deleted.")
