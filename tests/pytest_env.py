"""Test-wide environment, loaded as a pytest plugin (-p) so it runs before Django reads its settings."""

import os

# Tests run like the development server: no HTTPS redirect, plain cookies, files served from the
# finders. Production behaviour (headers, cookies) is tested with override_settings.
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
