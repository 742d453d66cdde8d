"""gunicorn's configuration for production: `uv run gunicorn -c gunicorn.conf.py ntm_tracker.wsgi`.

Every value can be set from the environment (see `.env.example`); the defaults suit a small VM
behind a reverse proxy. The timeout leaves room for the longest request the app serves on purpose:
confirming a province's full-year workbook (~10,000 values) takes a few seconds, so 30 s (gunicorn's
default, which killed such imports before they were done in bulk) stays the hard limit only for a
request that is stuck.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None


# Where to listen: the reverse proxy forwards here (a unix socket works too: "unix:/run/ntm.sock").
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{_int('PORT', 8000)}"
# Synchronous workers: the app is CPU- and database-bound; 2 per core plus one is gunicorn's advice.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
# Seconds a worker may spend on one request before it is killed and restarted.
timeout = _int("GUNICORN_TIMEOUT", 60)
# Seconds a worker has to finish its requests after a restart or shutdown signal.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Recycle each worker after this many requests (plus up to the jitter), so memory cannot creep.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Uploads are at most 5 MB (ntm_tracker/uploads.py); the proxy should refuse larger bodies first.
limit_request_line = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
