"""Production app servers for the deployment tests, and a plain HTTP client to talk to them.

`AppServer` runs gunicorn with the committed gunicorn.conf.py and production settings (DEBUG off, a
SECRET_KEY, no HTTPS: the tests speak plain HTTP to 127.0.0.1 as a reverse proxy would) on a free
port, against the database it is given. `Browser` keeps its own cookies and can send them to any
server: that is how a session made on one server is shown on another.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "two-servers-one-database-test-key-0123456789"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class AppServer:
    """One gunicorn (its master and workers) on 127.0.0.1:<free port>; `stop` ends them all."""

    def __init__(self, database_url: str, log: Path, **environment: str):
        self.port = free_port()
        self.log_path = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_MANIFEST": "false",  # no collectstatic output in a checkout
            "PORT": str(self.port),
            "GUNICORN_BIND": "",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESS_LOG": "",
            **environment,
        }
        self.log = log.open("wb")
        # Its own process group, so that stopping it reaches the workers too.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ntm_tracker.wsgi"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, deadline: float) -> None:
        """Until /healthz answers 200; fails with the server's log if it exits or the time runs out."""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn on {self.port} exited ({self.process.returncode}):\n{self.output()}")
            try:
                if Browser().get(self, "/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"gunicorn on {self.port} did not answer /healthz in time:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def terminate(self) -> None:
        """Asks the master and its workers to end (SIGTERM, gunicorn's graceful shutdown)."""
        self._signal(signal.SIGTERM)

    def stop(self) -> None:
        """Ends the server and waits for it: SIGTERM, then SIGKILL to the whole group after 10 s
        (and in any case, so that no worker outlives a master that died)."""
        self.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=5)
        self.log.close()

    def _signal(self, number: int) -> None:
        try:
            os.killpg(self.process.pid, number)  # its own group: start_new_session
        except ProcessLookupError:
            pass


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        match = CSRF_TOKEN.search(self.text)
        assert match, f"no CSRF token in the page ({self.status})"
        return match.group(1)


class Browser:
    """Cookies of one browser, sent to whichever server it talks to (same host, another port: a
    load balancer in front of both would show them one address)."""

    def __init__(self, user_agent: str = "Mozilla/5.0 (deployment test)"):
        self.cookies: dict[str, str] = {}
        self.user_agent = user_agent

    def request(self, server: AppServer, method: str, path: str, data: dict | None = None,
                headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        try:
            body = urlencode(data).encode() if data is not None else None
            sent = {"Host": "127.0.0.1", "User-Agent": self.user_agent, "Accept-Language": "vi", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, server: AppServer, path: str, **kwargs) -> Response:
        return self.request(server, "GET", path, **kwargs)

    def post(self, server: AppServer, path: str, data: dict, **kwargs) -> Response:
        return self.request(server, "POST", path, data=data, **kwargs)

    def submit(self, server: AppServer, path: str, data: dict, *, form_path: str | None = None) -> Response:
        """A form as a person sends it: the page first (for its CSRF token), then the POST."""
        token = self.get(server, form_path or path).csrf_token()
        return self.post(server, path, {"csrfmiddlewaretoken": token, **data})
