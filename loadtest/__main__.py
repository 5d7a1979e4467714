"""`make loadtest`: unit staff reporting on a busy day against gunicorn + PostgreSQL + Redis on 127.0.0.1.

Builds a fresh installation (database LOADTEST_DATABASE, default duban_loadtest, on the local PostgreSQL;
Redis db 14), loads the demo district plus LOADTEST_USERS unit staff (default 50), starts gunicorn and a
Celery worker, and for LOADTEST_SECONDS (default 300) each simulated person loops: open My work, open an
update form, save a draft, submit it with a PDF attached. A supervisor meanwhile accepts what comes into the
review queue, opens the task list and its Excel export, and has this month's report built and exported.
Prints requests per second, median and p95 latency, errors and 5xx, then checks in the database that every
update a client saw submitted is there exactly once with its files, and writes loadtest-results.json.
Traffic goes only to 127.0.0.1; every loop is bounded in time.
"""

import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "300"))
DATABASE = os.environ.get("LOADTEST_DATABASE", "duban_loadtest")
PASSWORD = "Load-Test-Password-2026"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + b"0" * 20_000
VERSION = re.compile(r'name="version" value="(\d*)"')


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.submitted: dict[str, int] = {}
        self.accepted = 0  # only the supervisor's thread counts these
        self.milestones: dict[str, float] = {}

    def add(self, seconds: float, status: int):
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1


class Person:
    """One browser: a cookie jar, no redirects followed (a 302 is the answer we check)."""

    def __init__(self, recorder: Recorder):
        self.recorder = recorder
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())
        self.location = ""

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, path: str, data: bytes | None = None, content_type: str = "") -> tuple[int, str]:
        headers = {"Referer": BASE + path}
        if data is not None:
            headers |= {"Content-Type": content_type, "X-CSRFToken": self.csrf()}
        started = time.monotonic()
        try:
            with self.opener.open(urllib.request.Request(BASE + path, data=data, headers=headers), timeout=60) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as error:  # also every redirect: they are not followed
            status, body = error.code, error.read()
            self.location = error.headers.get("Location", "")
        except OSError as error:
            self.recorder.errors[type(error).__name__] += 1
            return 0, ""
        self.recorder.add(time.monotonic() - started, status)
        return status, body.decode("utf-8", "replace") if b"\0" not in body[:1000] else ""

    def post_form(self, path: str, fields: dict, files: dict | None = None) -> int:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "csrfmiddlewaretoken": self.csrf()}.items()
        ]
        for name, (filename, content) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, f"multipart/form-data; boundary={boundary}")[0]

    def login(self, username: str) -> bool:
        self.request("/login/")
        return self.post_form("/login/", {"username": username, "password": PASSWORD}) == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def staff_loop(person: Person, spec: dict, period: str, deadline: float, recorder: Recorder):
    if not person.login(spec["username"]) or not spec["pairs"]:
        recorder.errors["login or no tasks"] += 1
        return
    attached: set[tuple[int, int]] = set()  # one file per update and person: an update holds at most ten
    while time.monotonic() < deadline:
        person.request("/work/")
        task_id, unit_id = random.choice(spec["pairs"])
        url = f"/tasks/{task_id}/updates/{unit_id}/{period}/"
        fields = {"status": "on_track", "percent_complete": str(random.randint(1, 99)),
                  "narrative": f"本月推进情况 {uuid.uuid4().hex[:8]}", "problems": "", "next_steps": ""}
        for action in ("save", "submit"):
            status, page = person.request(url)
            match = VERSION.search(page)
            if status != 200 or not match:
                break  # accepted and locked, or someone else's change: a person would move on
            attach = action == "submit" and (task_id, unit_id) not in attached
            files = {"attachments": ("月报.pdf", PDF)} if attach else None
            answer = person.post_form(url, {**fields, "version": match[1], "action": action}, files)
            if answer == 302 and action == "submit":
                attached.add((task_id, unit_id))
                with recorder.lock:
                    recorder.submitted[f"{task_id}-{unit_id}"] = recorder.submitted.get(f"{task_id}-{unit_id}", 0) + 1
            elif answer not in (302, 409):
                recorder.errors[f"{action} answered {answer}"] += 1
        time.sleep(random.uniform(0.5, 2.0))  # reading and typing


REVIEW_FORM = re.compile(r'action="(/review/\d+/)"[^>]*>.*?name="version" value="(\d+)"', re.S)
STILL_WORKING = 'http-equiv="refresh"'  # the report page refreshes itself while a build or export runs
BUILD_FAILED = 'id="build-failed"'  # the report page's message when its last build failed


def supervisor_loop(person: Person, period: str, deadline: float, recorder: Recorder):
    """Reviews what comes in, opens the lists, and has this month's report built and exported to Excel."""
    if not person.login("duchashi"):
        recorder.errors["supervisor login"] += 1
        return
    started = time.monotonic()
    report = ""
    if person.post_form("/reports/build/", {"kind": "monthly", "period": period, "plan": ""}) == 302:
        report = person.location
    else:
        recorder.errors["report build refused"] += 1
    exporting = False
    while time.monotonic() < deadline:
        for path in ("/tasks/", "/tasks/?format=xlsx", "/plans/"):
            person.request(path)
        status, page = person.request("/review/")
        match = REVIEW_FORM.search(page)
        if match:
            answer = person.post_form(match[1], {"version": match[2], "decision": "accept", "comment": "",
                                                 "task": ""})
            if answer == 302:
                recorder.accepted += 1
        if report and "report_built_s" not in recorder.milestones:
            status, page = person.request(report)
            if status == 200 and BUILD_FAILED in page:
                recorder.errors["report build failed"] += 1
                report = ""  # a failed build is not a built report: the run does not finish
            elif status == 200 and STILL_WORKING not in page:
                recorder.milestones["report_built_s"] = round(time.monotonic() - started, 1)
                exporting = person.post_form(report + "export/", {"format": "xlsx", "paper": "a4"}) == 302
        elif exporting and "report_exported_s" not in recorder.milestones:
            status, page = person.request(report)
            if status == 200 and STILL_WORKING not in page and "/exports/" in page:
                recorder.milestones["report_exported_s"] = round(time.monotonic() - started, 1)
        time.sleep(1)


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs)


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="duban-load-"))
    admin_url = os.environ.get("LOADTEST_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
           "SECURE_HSTS_SECONDS": "0", "DUBAN_VAR_DIR": str(scratch), "LOG_LEVEL": "WARNING",
           "DATABASE_URL": admin_url.rsplit("/", 1)[0] + "/" + DATABASE,
           "REDIS_URL": os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
           "DUBAN_LOGIN_FAILURES_PER_ADDRESS": "100000", "DJANGO_SETTINGS_MODULE": "config.settings"}
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    print(f"== preparing {DATABASE}: migrate, static files, demo district, {USERS} unit staff")
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)
    run([PYTHON, "manage.py", "load_demo", "--allow-production"], env)
    plan = json.loads(run([PYTHON, "-m", "loadtest.prepare", str(USERS), PASSWORD], env).stdout)
    run([PYTHON, "manage.py", "shell", "-c",
         f"from units.models import User; u = User.objects.get(username='duchashi'); u.set_password('{PASSWORD}');"
         " u.save()"], env)

    servers = [
        subprocess.Popen([PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                          "--workers", "3", "--timeout", "60"], cwd=ROOT, env=env),
        subprocess.Popen([PYTHON, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--loglevel",
                          "WARNING"], cwd=ROOT, env=env),
    ]
    recorder = Recorder()
    try:
        for _ in range(60):
            try:
                with urllib.request.urlopen(BASE + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(1)
        print(f"== {USERS} unit staff and a supervisor for {SECONDS} s against {BASE}")
        deadline = time.monotonic() + SECONDS
        started = time.monotonic()
        threads = [threading.Thread(target=staff_loop, args=(Person(recorder), spec, plan["period"], deadline,
                                                             recorder)) for spec in plan["people"]]
        threads.append(threading.Thread(target=supervisor_loop, args=(Person(recorder), plan["period"], deadline,
                                                                     recorder)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        elapsed = time.monotonic() - started
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    claimed = scratch / "submitted.json"
    claimed.write_text(json.dumps({"period": plan["period"], "submitted": {k: 1 for k in recorder.submitted}}))
    check = json.loads(run([PYTHON, "-m", "loadtest.verify", str(claimed)], env).stdout)
    latencies = sorted(recorder.latencies)
    server_errors = sum(n for status, n in recorder.statuses.items() if status >= 500)
    results = {
        "loadtest_users": USERS,
        "loadtest_seconds": round(elapsed),
        "loadtest_requests": len(latencies),
        "loadtest_requests_per_second": round(len(latencies) / elapsed, 1),
        "loadtest_median_ms": round(statistics.median(latencies) * 1000) if latencies else 0,
        "loadtest_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000) if latencies else 0,
        "loadtest_server_errors": server_errors,
        "loadtest_client_errors": sum(recorder.errors.values()),
        "loadtest_conflicts_409": recorder.statuses.get(409, 0),
        "loadtest_updates_submitted": check["checked"],
        "loadtest_updates_lost_or_wrong": check["problem_count"],
        "loadtest_updates_accepted": recorder.accepted,
        # seconds from the request to the finished report and its Excel file; -1: not finished in the run
        "loadtest_report_built_s": recorder.milestones.get("report_built_s", -1),
        "loadtest_report_exported_s": recorder.milestones.get("report_exported_s", -1),
    }
    for name, value in results.items():
        print(f"{name:34} {value}")
    if recorder.errors:
        print("errors:", dict(recorder.errors))
    if check["problems"]:
        print("problems:", check["problems"])
    (ROOT / "loadtest-results.json").write_text(json.dumps(results, indent=1) + "\n")
    finished = results["loadtest_report_built_s"] >= 0 and results["loadtest_report_exported_s"] >= 0
    return 0 if server_errors == 0 and check["problem_count"] == 0 and check["checked"] > 0 and finished else 1


if __name__ == "__main__":
    sys.exit(main())
