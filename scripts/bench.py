"""`make bench`: the portal at university scale, measured against baselines in the same run.

    python scripts/bench.py                 # seed if absent, measure the 1% and the full dataset
    python scripts/bench.py --only small    # the 1% dataset alone (a quick run)

For each dataset (PostgreSQL databases ``portal_scale_small`` at --scale 0.01 and ``portal_scale``
at --scale 1, made by ``manage.py seed_scale`` when absent) it starts gunicorn with 2 workers on
127.0.0.1, sends every measured request from logged-in sessions (concurrency 2), and records the
median, p95, errors and requests per second, and the query count of each request (counted once
in-process with Django's test client). Then, on the full dataset: worker memory after 1,000 and
10,000 requests, the daily reminder scan (inside a transaction that is rolled back) and the extra
peak memory of the largest month's ledger export. The figures go to bench-results/latest.json
and to the tables in docs/performance.md between the bench markers.

Only 127.0.0.1 is ever contacted. Sub-commands ``prepare``, ``scan`` and ``ledger-memory`` run
inside Django for one database and print JSON; the main command runs them as subprocesses,
because Django's settings are read once per process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html.parser
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATASETS = {"small": ("portal_scale_small", "0.01"), "full": ("portal_scale", "1")}
PORT = 8090
WORKERS = 2
CONCURRENCY = 2
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
RESULTS = ROOT / "bench-results"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PASSWORD = "JointBase-2026"

# Targets (issue: performance at university scale); each is a ratio within one run.
LIST_VS_ADMIN_MEDIAN = 1.0  # the student list's median is no worse than the admin changelist's
API_VS_VALUES_RPS = 0.5  # API students reach at least half the .values() floor's throughput
FULL_VS_SMALL_P95 = 1.5  # every page's p95 on the full dataset is at most 1.5x its p95 on 1%
MAX_PAGE_QUERIES, MAX_API_QUERIES = 12, 8
DAILY_SCAN_SECONDS = 30
LEDGER_EXTRA_MB = 100
WORKER_MEMORY_GROWTH = 0.20
MEMORY_EARLY, MEMORY_LATE = 1_000, 10_000


def django_env(db: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "REDIS_URL": REDIS,
        "DJANGO_SETTINGS_MODULE": "base_portal.settings",
        "DEBUG": "false",
        "BENCH_VIEWS": "true",
        "API_TOKEN_RATE": "1000000/minute",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


# --- inside Django -------------------------------------------------------------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare() -> dict[str, Any]:
    """Landmarks of the dataset, sessions for the users the requests come from, an API key, and
    the query count of every measured request."""
    _setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from accounts.roles import Role
    from agreements.models import BaseUserObjectPermission, EvaluationCycle, TrainingBase
    from assessments.models import AllowancePayment, MonthlyAssessment
    from integration.models import ApiToken, Scope
    from integration.services import token_issue
    from students.models import PracticeAppraisal, Student

    office = User.objects.filter(groups__name=Role.OFFICE, is_active=True).order_by("username").first()
    assert office is not None, "no office user: was seed_scale run?"
    if not office.is_staff:
        office.is_staff = True  # the admin changelist baseline
        office.save(update_fields=["is_staff"])
    base = TrainingBase.objects.annotate(n=Count("placements")).order_by("-n", "pk").first()
    grant = BaseUserObjectPermission.objects.filter(content_object=base, permission__codename="manage_base").first()
    base_admin = User.objects.get(pk=grant.user_id)
    month = AllowancePayment.objects.values("month").annotate(n=Count("id")).order_by("-n", "-month").first()["month"]
    # The mentor and month with the most assessments still open to the mentor (the POST saves those).
    mentor_month = (
        MonthlyAssessment.objects.filter(placement__cooperative_mentor__user__isnull=False)
        .exclude(state=MonthlyAssessment.State.CONFIRMED)
        .values("placement__cooperative_mentor__user", "month")
        .annotate(n=Count("id"))
        .order_by("-n", "-month")
        .first()
    )
    mentor = User.objects.get(pk=mentor_month["placement__cooperative_mentor__user"])
    year = Student.objects.values("enrolment_year").annotate(n=Count("id")).order_by("-n").first()["enrolment_year"]
    appraisal = PracticeAppraisal.objects.filter(placement__base=base).order_by("pk").first()
    cycle = EvaluationCycle.objects.filter(agreement__base=base).order_by("-pk").first()
    since = MonthlyAssessment.objects.order_by("updated_at").values_list("updated_at", flat=True)[
        max(MonthlyAssessment.objects.count() // 2, 0)
    ]

    def session(user: User) -> str:
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # as a login through the form stores it
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    ApiToken.objects.filter(name="bench").delete()
    _token, key = token_issue(name="bench", user=office, scopes=[Scope.READ], issued_by=office)
    ym = f"{month:%Y-%m}"
    requests_ = [
        # name, kind (baseline/page/api/export/pdf), user, method, path
        ("Baseline: bare view", "baseline", "office", "GET", "/bench/bare/"),
        ("Baseline: admin student changelist", "baseline", "office", "GET", "/admin/students/student/"),
        ("Baseline: 100 students via .values()", "baseline", "office", "GET", "/bench/student-values/"),
        ("Student list, filtered", "page", "office", "GET", f"/students/?degree_level=master&enrolment_year={year}"),
        ("Base detail, largest base", "page", "office", "GET", f"/bases/{base.pk}/"),
        ("Office dashboard", "page", "office", "GET", "/oversight/"),
        ("Compliance, largest base", "page", "office", "GET", f"/oversight/bases/{base.pk}/compliance/"),
        ("Base admin's home", "page", "base_admin", "GET", "/"),
        ("Mentor's month page", "page", "mentor", "GET", f"/assessments/month/?month={mentor_month['month']:%Y-%m}"),
        (
            "Mentor's month page, POST",
            "post",
            "mentor",
            "POST",
            f"/assessments/month/?month={mentor_month['month']:%Y-%m}",
        ),
        ("API students, 100 rows", "api", "token", "GET", "/api/v1/students/?page_size=100"),
        (
            "API assessments, sync page",
            "api",
            "token",
            "GET",
            f"/api/v1/assessments/?page_size=100&updated_since={since.isoformat().replace('+', '%2B')}",
        ),
        (
            "Ledger, largest month, one base (xlsx)",
            "export",
            "office",
            "GET",
            f"/assessments/ledger/export/?month={ym}&base={base.pk}",
        ),
        ("Appraisal PDF", "pdf", "office", "GET", f"/students/placements/{appraisal.placement_id}/appraisal.pdf"),
        ("Evaluation report PDF", "pdf", "office", "GET", f"/bases/evaluations/{cycle.pk}/report.pdf"),
    ]
    users = {"office": office, "base_admin": base_admin, "mentor": mentor}
    queries: dict[str, int] = {}
    for name, _kind, who, method, path in requests_:
        if method != "GET":
            continue
        client = Client()
        if who == "token":
            headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        else:
            client.force_login(users[who])
            headers = {}
        # Counted once the user's kept values (access, unread count, findings) are in the cache, as
        # the tests pin them: the warm-up request pays the fixed cost of the first read after a change.
        for attempt in ("warm-up", "counted"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, **headers)
            assert response.status_code == 200, (name, path, attempt, response.status_code)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        # Login session and user are read by every request; the test client's login adds none.
        queries[name] = len(captured)
    return {
        "landmarks": {
            "office": office.username,
            "base": base.pk,
            "base_name": base.name,
            "base_placements": base.n,
            "base_admin": base_admin.username,
            "mentor": mentor.username,
            "mentor_month": f"{mentor_month['month']:%Y-%m}",
            "mentor_month_rows": mentor_month["n"],
            "busiest_month": ym,
            "busiest_month_payments": AllowancePayment.objects.filter(month=month).count(),
            "students": Student.objects.count(),
            "assessments": MonthlyAssessment.objects.count(),
            "payments": AllowancePayment.objects.count(),
        },
        "sessions": {who: session(user) for who, user in users.items()},
        "api_key": key,
        "requests": requests_,
        "queries": queries,
    }


def scan() -> dict[str, Any]:
    """The daily reminder scan over the whole dataset, rolled back afterwards."""
    _setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications.jobs import run_daily

    class Rollback(Exception):  # noqa: N818
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            result = run_daily(today=timezone.localdate())
            elapsed = time.perf_counter() - started
            count = len(captured)
            raise Rollback
    except Rollback:
        pass
    return {"seconds": round(elapsed, 2), "queries": count, "result": result}


def ledger_memory(month: str) -> dict[str, Any]:
    """Extra peak memory (RSS) of writing the month's whole ledger, as the background export does."""
    import resource
    import tempfile

    _setup()
    from accounts.models import User
    from accounts.roles import Role
    from assessments.ledger import ledger_headers, ledger_payments, ledger_rows
    from base_portal.exports import xlsx_write

    office = User.objects.filter(groups__name=Role.OFFICE, is_active=True).order_by("username").first()
    first = dt.date.fromisoformat(month + "-01")
    payments = ledger_payments(office, first)
    rows_count = payments.count()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        xlsx_write(handle, "ledger", ledger_headers(), ledger_rows(payments))
        size = handle.tell()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows_count,
        "seconds": round(elapsed, 2),
        "extra_peak_mb": round((after - before) / 1024, 1),
        "file_mb": round(size / 1024 / 1024, 1),
    }


# --- outside Django: seeding, gunicorn, load ----------------------------------------------------


def run_json(args: list[str], db: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, *args], env=django_env(db), cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def manage(db: str, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=django_env(db), cwd=ROOT, check=True)


def ensure_dataset(db: str, scale: str) -> float | None:
    """Create, migrate and seed the database if absent; returns the seconds seeding took (None if there)."""
    exists = subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db], check=True)
    manage(db, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(db, "seed_scale", "--scale", scale)
    return None if exists else round(time.perf_counter() - started, 1)


class Server:
    def __init__(self, db: str) -> None:
        self.db = db
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "base_portal.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=django_env(self.db),
            cwd=ROOT,
        )
        import requests

        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=30)
                break
            except requests.RequestException:  # not listening yet, or a worker still importing
                time.sleep(0.2)
        return self

    def workers(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def memory_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            sizes.append(round(kb / 1024, 1))
        return sizes

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=30)


class FormParser(html.parser.HTMLParser):
    """The fields a browser would send with the page's largest POST form (not the header's logout)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
            self.fields = []
            self.forms.append(self.fields)
        if not self.in_form or "disabled" in a:  # a browser sends no disabled field
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") in ("submit", "button", "file"):
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.fields.append((self.textarea or "", ""))

    def handle_data(self, data: str) -> None:
        if self.textarea and self.fields and self.fields[-1][0] == self.textarea:
            self.fields[-1] = (self.textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


@dataclass
class Measured:
    name: str
    kind: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0
    rows_posted: int | None = None  # for the month page's POST: the assessments each request saves

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0
        return {
            "name": self.name,
            "kind": self.kind,
            "requests": len(self.latencies),
            "errors": self.errors,
            "median_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p95_ms": round(p95 * 1000, 1),
            "rps": round(len(self.latencies) / self.wall, 1) if self.wall else None,
            "rows_posted": self.rows_posted,
        }


def session_for(prepared: dict[str, Any], who: str) -> Any:
    import requests

    session = requests.Session()
    if who == "token":
        session.headers["Authorization"] = f"Bearer {prepared['api_key']}"
    else:
        session.cookies.set("sessionid", prepared["sessions"][who], domain="127.0.0.1")
    return session


def measure(prepared: dict[str, Any], spec: list[Any], count: int) -> Measured:
    name, kind, who, method, path = spec
    url = f"http://127.0.0.1:{PORT}{path}"
    result = Measured(name, kind)
    lock = threading.Lock()
    todo = list(range(count))

    def worker() -> None:
        session = session_for(prepared, who)
        data: list[tuple[str, str]] | None = None
        if method == "POST":
            page = session.get(url, timeout=120)
            parser = FormParser()
            parser.feed(page.text)
            parser.fields = max(parser.forms, key=len, default=[])
            # A mentor types a value into every open row, then saves the page as a draft.
            defaults = {"score_": "85", "attendance_": "1"}
            data = [
                (name, value or next((v for prefix, v in defaults.items() if name.startswith(prefix)), value))
                for name, value in parser.fields
            ]
            data.append(("save", ""))
            result.rows_posted = sum(1 for name, _value in data if name.startswith("score_"))
            session.headers["Referer"] = url
            session.headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
        for _ in range(2):  # warm-up, not counted
            session.request(method, url, data=data, timeout=120, allow_redirects=False)
        while True:
            with lock:
                if not todo:
                    return
                todo.pop()
            started = time.perf_counter()
            try:
                response = session.request(method, url, data=data, timeout=120, allow_redirects=False)
                ok = response.status_code == (302 if method == "POST" else 200)
                _ = response.content
            except Exception:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result


MEMORY_MIX = {
    "Baseline: bare view",
    "Baseline: 100 students via .values()",
    "Student list, filtered",
    "Mentor's month page",
    "API students, 100 rows",
    "API assessments, sync page",
}
COUNTS = {"baseline": 300, "page": 100, "api": 300, "post": 30, "export": 20, "pdf": 20}


def run_dataset(label: str, db: str, quick: bool) -> dict[str, Any]:
    print(f"[{label}] preparing {db}", flush=True)
    prepared = run_json(["prepare"], db)
    rows = []
    memory: dict[str, Any] = {}
    with Server(db) as server:
        for spec in prepared["requests"]:
            count = max(COUNTS[spec[1]] // (5 if quick else 1), 5)
            measured = measure(prepared, spec, count).summary()
            measured["queries"] = prepared["queries"].get(spec[0])
            rows.append(measured)
            print(f"[{label}] {measured}", flush=True)
        if label == "full" and not quick:
            memory = memory_run(prepared, server)
    return {"db": db, "landmarks": prepared["landmarks"], "rows": rows, "memory": memory}


def memory_run(prepared: dict[str, Any], server: Server) -> dict[str, Any]:
    """Worker memory after MEMORY_EARLY and MEMORY_LATE requests of a mixed load."""
    # Requests of tens of milliseconds, so 10,000 take minutes; the heavy pages are measured above.
    mix = [spec for spec in prepared["requests"] if spec[0] in MEMORY_MIX]
    sent = 0
    samples: dict[str, list[float]] = {}
    per_round = 50
    while sent < MEMORY_LATE:
        for spec in mix:
            measure(prepared, spec, per_round)
            sent += per_round + 2 * CONCURRENCY
            if sent >= MEMORY_EARLY and "early" not in samples:
                samples["early"] = server.memory_mb()
            if sent >= MEMORY_LATE:
                break
    samples["late"] = server.memory_mb()
    growth = max(late / early - 1 for early, late in zip(samples["early"], samples["late"], strict=False))
    return {"requests": sent, "early_mb": samples["early"], "late_mb": samples["late"], "growth": round(growth, 3)}


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024 // 1024  # type: ignore[union-attr]
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB, {platform.platform()}, Python {platform.python_version()}, {pg}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare", "scan", "ledger-memory"])
    parser.add_argument("--only", choices=list(DATASETS))
    parser.add_argument("--quick", action="store_true", help="a fifth of the requests, no memory run")
    parser.add_argument("--month")
    args = parser.parse_args()
    if args.command == "prepare":
        print(json.dumps(prepare(), default=str))
        return
    if args.command == "scan":
        print(json.dumps(scan(), default=str))
        return
    if args.command == "ledger-memory":
        print(json.dumps(ledger_memory(args.month), default=str))
        return
    if not shutil.which("psql"):
        sys.exit("make bench needs PostgreSQL's client tools (psql, createdb) and a server on 127.0.0.1:5432")
    results: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="minutes"),
        "machine": machine(),
    }
    results["command"] = "make bench" + (f" BENCH_ARGS='--only {args.only}'" if args.only else "")
    for label, (db, scale) in DATASETS.items():
        if args.only and label != args.only:
            continue
        seeded = ensure_dataset(db, scale)
        results[label] = run_dataset(label, db, args.quick)
        results[label]["seed_seconds"] = seeded
        results[label]["scan"] = run_json(["scan"], db)
        print(f"[{label}] daily scan {results[label]['scan']}", flush=True)
        if label == "full" or args.only:
            month = results[label]["landmarks"]["busiest_month"]
            results[label]["ledger"] = run_json(["ledger-memory", "--month", month], db)
            print(f"[{label}] ledger export {results[label]['ledger']}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    write_doc(results)
    print(f"Results: {RESULTS / 'latest.json'} and {DOC}")


def write_doc(results: dict[str, Any]) -> None:
    """Replace the figures between the markers of docs/performance.md."""
    from bench_report import render  # scripts/bench_report.py

    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{render(results)}\n{END}{tail}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
