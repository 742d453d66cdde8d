"""Other processes against the test database: worker scripts, app servers, pg_dump.

pytest-django creates the test database (test_<name>) and points this process's connection at it;
a child process knows nothing of that, so it is given the database by URL, built from the
connection's own settings. Only for PostgreSQL: a server several processes share (SQLite's test
file would do for reading, but the tests using this are about a shared database server).
"""

import socket
from urllib.parse import quote

from django.db import connection


def database_url(name: str | None = None) -> str:
    """postgres://… of the test database (or of another database `name` on the same server)."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings["HOST"] or "127.0.0.1"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{quote(name or settings['NAME'], safe='')}"


def free_port() -> int:
    """A TCP port nothing listens on now (the OS's choice, so parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
