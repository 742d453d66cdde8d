"""The project's benchmark: server time and SQL queries per page, and requests per second under load.

Everything runs against the database the settings point at (the national data set on PostgreSQL
for the published figures). Server time is measured over HTTP against a real gunicorn on the
loopback interface — sequential requests, median and 95th percentile — and reported also as a
ratio to `/healthz` measured in turns with the page, so figures compare across machines. Query counts
are taken in-process with Django's test client. The load test then drives the same gunicorn with
concurrent clients, bounded in time and in requests.
"""

import csv
import http.client
import io
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Page:
    """One request to measure. `user` is the account to log in as (None: anonymous)."""

    label: str
    path: str
    user: object = None
    method: str = "GET"
    data: dict | None = None
    htmx: bool = False
    # Called before each run (e.g. to read the current version of a record before saving it).
    prepare: object = None
    max_queries: int | None = 15
    max_ratio: float | None = 15.0
    max_ms: float | None = None


@dataclass
class PageResult:
    label: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    ratio: float = 0.0
    limits: dict = field(default_factory=dict)
    health_ms: float = 0.0  # the median of /healthz timed just before this page: the ratio's base

    @property
    def failures(self) -> list[str]:
        problems = []
        if self.status != 200:
            problems.append(f"status {self.status}")
        if self.limits.get("queries") is not None and self.queries > self.limits["queries"]:
            problems.append(f"{self.queries} queries > {self.limits['queries']}")
        if self.limits.get("ratio") is not None and self.ratio > self.limits["ratio"]:
            problems.append(f"{self.ratio:.1f}× healthz > {self.limits['ratio']}×")
        if self.limits.get("ms") is not None and self.median_ms > self.limits["ms"]:
            problems.append(f"{self.median_ms:.0f} ms > {self.limits['ms']} ms")
        return problems


def count_queries(page: Page) -> tuple[int, int]:
    """(SQL queries, status) of one request of `page`, in-process, after a warm-up request."""
    client = Client(raise_request_exception=True, HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1")
    if page.user is not None:
        client.force_login(page.user)
    headers = {"HTTP_HX_REQUEST": "true"} if page.htmx else {}
    queries = status = 0
    for _ in range(2):
        data = page.prepare() if page.prepare else page.data
        with CaptureQueriesContext(connection) as captured:
            if page.method == "POST":
                response = client.post(page.path, data or {}, **headers)
            else:
                response = client.get(page.path, data or {}, **headers)
        queries, status = len(captured.captured_queries), response.status_code
    return queries, status


def time_page(base_url: str, page: Page, runs: int, cookies: dict[str, str] | None) -> list[float]:
    """Milliseconds of `runs` sequential requests of `page` over HTTP, sorted, after one untimed
    warm-up request."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    timings = []
    for run in range(runs + 1):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        if page.htmx:
            headers["HX-Request"] = "true"
        data = page.prepare() if page.prepare else page.data
        body = None
        path = page.path
        if page.method == "POST":
            body = urlencode(data or {}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = (cookies or {}).get(settings.CSRF_COOKIE_NAME, "")
        elif data:
            path = f"{path}?{urlencode(data, doseq=True)}"
        started = time.perf_counter()
        conn.request(page.method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status >= 400:
            raise RuntimeError(f"{page.label}: HTTP {response.status} for {path}")
        if run:
            timings.append(elapsed * 1000)
    conn.close()
    return sorted(timings)


BLOCK = 5  # requests a block: /healthz and the page take turns in blocks of this many


def measure_pages(base_url: str, pages: list[Page], *, runs: int, cookies: dict) -> list[PageResult]:
    """`/healthz` first, then every page: median and p95 over HTTP, the query count in-process,
    and the ratio of each median to the median of `/healthz` measured in the same minutes.

    A shared machine's speed changes within a run, so `/healthz` and the page take turns in blocks
    of BLOCK requests until each has `runs`; each block starts with an untimed request, which also
    absorbs what the previous block left behind (a worker finishing the other page's request).

    `cookies` maps a user's pk to the cookies of a logged-in session of that user."""
    health_page = Page("/healthz", "/healthz", max_ratio=None)
    results = []
    for page in [health_page, *pages]:
        timings, health = [], []
        page_cookies = cookies.get(getattr(page.user, "pk", None))
        while len(timings) < runs:
            block = min(BLOCK, runs - len(timings))
            health += time_page(base_url, health_page, block, None)
            timings += time_page(base_url, page, block, page_cookies)
        timings.sort()
        queries, status = count_queries(page)
        median, health_median = statistics.median(timings), statistics.median(health)
        results.append(PageResult(
            label=page.label, median_ms=median,
            p95_ms=timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))],
            queries=queries, status=status, ratio=1.0 if page is health_page else median / health_median,
            limits={"queries": page.max_queries, "ratio": page.max_ratio, "ms": page.max_ms},
            health_ms=health_median,
        ))
    return results


@dataclass
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load_test(base_url: str, path: str, *, clients: int = 8, seconds: float = 5.0,
              max_requests: int = 20000, cookie: str = "") -> LoadResult:
    """Hit `base_url + path` from `clients` threads with keep-alive connections for `seconds`
    (and at most `max_requests` in all); count the answers that are not 200 as errors."""
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("The load test only targets this machine's loopback interface.")
    deadline = time.monotonic() + seconds
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if counts["requests"] >= max_requests:
                    break
                counts["requests"] += 1
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            if not ok:
                with lock:
                    counts["errors"] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return LoadResult(path=path, requests=counts["requests"], errors=counts["errors"],
                      seconds=time.monotonic() - started)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn with `workers` processes on a free loopback port, production-like settings
    except HTTPS (plain HTTP on loopback), stopped when the `with` block ends."""

    def __init__(self, workers: int = 2):
        self.workers = workers
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        os.makedirs(settings.STATIC_ROOT, exist_ok=True)  # WhiteNoise warns when it is missing
        env = {
            **os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
            # The same key as this process: the load test's session cookie is signed with it.
            "SECRET_KEY": settings.SECRET_KEY,
            "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "STATIC_MANIFEST": "false",
        }
        self.process = subprocess.Popen(
            # The committed production configuration, on a loopback port with its own worker count.
            [sys.executable, "-m", "gunicorn", "-c", str(settings.BASE_DIR / "gunicorn.conf.py"), "ntm_tracker.wsgi",
             "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "--access-logfile", "/dev/null"],
            env=env,
        )
        deadline = time.monotonic() + 90  # a busy machine takes a while to boot the workers
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz within 90 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class ImportTiming:
    """An Excel import through the server: the upload and check, then the timed confirmation."""

    values: int
    check_s: float
    confirm_s: float
    status: int
    max_s: float = 10.0

    @property
    def failures(self) -> list[str]:
        problems = [] if self.status == 302 else [f"confirm answered {self.status}"]
        if self.confirm_s > self.max_s:
            problems.append(f"confirm {self.confirm_s:.1f} s > {self.max_s:.0f} s")
        return problems


def time_import(base_url: str, path: str, workbook: bytes, *, values: int, cookies: dict[str, str]) -> ImportTiming:
    """Upload `workbook` to the import page at `path` (the check and preview), then confirm it: both
    over HTTP as a browser would, the confirmation timed."""
    parts = urlsplit(base_url)
    csrf = cookies.get(settings.CSRF_COOKIE_NAME, "")
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "X-CSRFToken": csrf,
               "Referer": base_url + path}
    boundary = "benchmark-" + os.urandom(8).hex()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"benchmark.xlsx\"\r\n"
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").encode()
    body += workbook + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    started = time.perf_counter()
    conn.request("POST", path, body=body, headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = conn.getresponse()
    page = response.read().decode()
    check_s = time.perf_counter() - started
    marker = 'name="token" value="'
    if response.status != 200 or marker not in page:
        conn.close()
        raise RuntimeError(f"import check: HTTP {response.status}, no confirmation offered")
    token = page.split(marker, 1)[1].split('"', 1)[0]
    started = time.perf_counter()
    conn.request("POST", path, body=urlencode({"token": token}),
                 headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    confirm_s = time.perf_counter() - started
    conn.close()
    return ImportTiming(values=values, check_s=check_s, confirm_s=confirm_s, status=response.status)


def format_table(results: list[PageResult]) -> str:
    lines = [f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'healthz ms':>10} {'× healthz':>10}  result"]
    for r in results:
        verdict = "; ".join(r.failures) or "ok"
        lines.append(f"{r.label:<36} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} {r.queries:>8} {r.health_ms:>10.1f} "
                     f"{r.ratio:>10.1f}  {verdict}")
    return "\n".join(lines)


@dataclass
class TerritoryImportTiming:
    """The whole country's unit list of 1 July 2025 with its conversion table, through
    `units_reorganise` as `import_units` runs it (the dry run: everything written, then rolled back)."""

    units: int
    links: int
    seconds: float
    max_s: float = 60.0

    @property
    def failures(self) -> list[str]:
        return [f"{self.seconds:.1f} s > {self.max_s:.0f} s"] if self.seconds > self.max_s else []


def time_territory_import() -> TerritoryImportTiming:
    from territory.reference import REFORM_DATE, today_rows
    from territory.reorganisation import default_lineage, units_reorganise

    started = time.perf_counter()
    rows = today_rows()
    links, _left_out = default_lineage(rows, REFORM_DATE, None)
    units_reorganise(rows=rows, effective=REFORM_DATE, lineage=links, resolution="benchmark", dry_run=True)
    return TerritoryImportTiming(units=len(rows), links=len(links), seconds=time.perf_counter() - started)


# --- Work measured outside a request: the catalogue loader, the upload bounds ------------------------


@dataclass
class WorkTiming:
    """One timed piece of work (in this process, against the configured database)."""

    label: str
    seconds: float
    max_s: float
    detail: str = ""

    @property
    def failures(self) -> list[str]:
        return [f"{self.seconds:.1f} s > {self.max_s:.0f} s"] if self.seconds > self.max_s else []


def large_criteria_csv(criteria: int = 50, indicators: int = 4, thresholds: int = 10) -> bytes:
    """A criteria set in the catalogue file layout (communes/services/criteria_reading.py) of
    `criteria` criteria × `indicators` indicators × `thresholds` thresholds (years × commune
    groups): by default 50 criteria, 200 indicators, 2,000 thresholds, the issue's size."""
    from communes.services.criteria_loading import criteria_template

    template = list(csv.DictReader(io.StringIO(criteria_template(xlsx=False).decode("utf-8-sig"))))
    kinds = {row["record"]: row for row in template}
    code, years = "benchmark-lon", 5
    rows = [{**kinds["set"], "set_code": code, "period_start": "2040", "period_end": str(2040 + years - 1)}]
    for c in range(1, criteria + 1):
        rows.append({**kinds["criterion"], "set_code": code, "criterion_no": str(c)})
        for i in range(1, indicators + 1):
            indicator = f"{c}.{i}"
            rows.append({**kinds["indicator"], "set_code": code, "criterion_no": str(c), "indicator_code": indicator})
            rows.extend({**kinds["threshold"], "set_code": code, "indicator_code": indicator,
                         "year": str(2040 + t % years), "commune_group": str(1 + t // years)}
                        for t in range(thresholds))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(template[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def time_criteria_load(max_s: float = 5.0) -> WorkTiming:
    """Read and load `large_criteria_csv()` through the one loader (criteria_read, criteria_load:
    validation, audit, results of the affected communes), then roll it back."""
    from communes.services.criteria_loading import criteria_load
    from communes.services.criteria_reading import criteria_read

    data = large_criteria_csv()
    started = time.perf_counter()
    with transaction.atomic():
        result = criteria_load(sets=criteria_read(io.BytesIO(data), "lon.csv"), user=None)
        transaction.set_rollback(True)
    return WorkTiming("criteria load", time.perf_counter() - started, max_s, f"{result.change_count} rows")


def time_oversized_upload(max_s: float = 2.0) -> WorkTiming:
    """A 200,000-row workbook (a few hundred KB) offered to the one upload reader: refused with one
    message before openpyxl reads it."""
    from ntm_tracker.uploads import UploadRefused, read_table

    data = raw_xlsx(200_000, 1)
    started = time.perf_counter()
    try:
        read_table(data)
        detail = "NOT refused"
    except UploadRefused as refused:
        detail = f"refused: {refused}"
    timing = WorkTiming("oversized upload", time.perf_counter() - started, max_s, detail)
    if detail == "NOT refused":
        timing.max_s = 0.0  # a workbook over the bounds must never be read
    return timing


def raw_xlsx(rows: int, columns: int = 3, *, dimension: bool = False, extra: bytes = b"") -> bytes:
    """A minimal .xlsx written as XML by hand: openpyxl takes minutes to write 200,000 rows here.
    `dimension` adds the sheet's declared size; `extra` a further zip member (compressed)."""
    def column(index: int) -> str:
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        return name
    letters = [column(i) for i in range(1, columns + 1)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{letter}{r}"><v>{r}</v></c>' for letter in letters) + "</row>"
        for r in range(1, rows + 1))
    size = f'<dimension ref="A1:{letters[-1]}{rows}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{size}<sheetData>{body}</sheetData></worksheet>')
    main = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{main}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{main}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{main}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}/spreadsheetml/2006/main" '
        f'xmlns:r="{main}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{main}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{main}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        if extra:
            archive.writestr("xl/media/filler.bin", extra)
    return out.getvalue()
