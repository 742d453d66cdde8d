#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_tracker.settings")
    # manage.py is the development entry point (the demo, local work); production runs
    # gunicorn through wsgi.py, where DEBUG is off unless the environment says otherwise.
    os.environ.setdefault("DEBUG", "true")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.SECRET_KEY  # reads the environment: a missing or bad variable stops here ...
    except ImproperlyConfigured as exc:
        sys.exit(f"ImproperlyConfigured: {exc}")  # ... with its one-line message, not a traceback
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
