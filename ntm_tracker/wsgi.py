import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_tracker.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # A missing or bad environment variable (SECRET_KEY with DEBUG off, …): one line, not a
    # traceback. Exit status 3 is what gunicorn's master reads as "a worker failed to boot": it
    # stops instead of starting the worker again and again.
    print(f"ImproperlyConfigured: {exc}", file=sys.stderr)
    sys.exit(3)
