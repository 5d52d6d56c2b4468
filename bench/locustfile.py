"""The mixed workload of bench/pages.py for Locust: students, beoordelaars and a coordinator who exports.

    BENCH_LOCUST_DATA=sessions.json locust -f bench/locustfile.py --headless --host http://127.0.0.1:PORT ...

bench/pages.py writes the JSON file (logged-in sessions made with bench.portfolio.session_cookie, and the URLs each
user may open) and runs Locust; run by hand only against a bench server on 127.0.0.1. Every request is named by
its page, so the stats CSV has one row per page. A response other than 200 (or the 302 of a report request) is a
failure: redirects are never followed, or a lost session would count as a fast 200 login page.

Weights 50:10:1, but exactly one coordinator (`fixed_count`), whatever the number of users. The coordinator's
export runs in the Celery worker bench/pages.py starts; the coordinator polls its status as the page's htmx does,
once a second, and downloads the file; the time from request to done goes to the file BENCH_LOCUST_EXPORTS names,
written when Locust quits.
"""

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ["BENCH_LOCUST_DATA"]).read_text(encoding="utf-8"))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_STATUS = re.compile(r'data-report-status="(\w+)"')
REPORT_URL = re.compile(r"^/diploma/rapporten/(\d+)/$")
EXPORT_WAIT_SECONDS = 300  # the coordinator stops polling a report after this long
EXPORTS: list[dict] = []  # per finished export: status, seconds from request to done or failed, file size


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    role = ""

    def on_start(self) -> None:
        # Spread the users over the sessions, in order, so each session gets its share.
        people = DATA[self.role]
        counter = DATA.setdefault("_next", {})
        index = counter.get(self.role, 0)
        counter[self.role] = index + 1
        self.person = people[index % len(people)]
        self.client.cookies.set(DATA["session_cookie"], self.person["session"])

    def page(self, url: str, name: str, **kwargs):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}".strip())
            return response


class Student(PortalUser):
    weight = 50
    role = "students"

    @task(3)
    def dashboard(self) -> None:
        self.page(self.person["dashboard"], "dashboard")

    @task(2)
    def werkproces(self) -> None:
        self.page(random.choice(self.person["werkprocessen"]), "werkproces")

    @task(1)
    def bewijsstuk(self) -> None:
        if self.person["bewijsstukken"]:
            self.page(random.choice(self.person["bewijsstukken"]), "bewijsstuk")


class Beoordelaar(PortalUser):
    weight = 10
    role = "beoordelaars"

    @task(3)
    def queue(self) -> None:
        self.page("/beoordelen/", "queue")

    @task(1)
    def form(self) -> None:
        if self.person["forms"]:
            self.page(random.choice(self.person["forms"]), "form")
        else:
            self.queue()


class Coordinator(PortalUser):
    weight = 1
    fixed_count = 1
    role = "coordinators"

    @task(2)
    def cohort(self) -> None:
        self.page(self.person["cohort_page"], "cohort")

    @task(2)
    def readiness(self) -> None:
        self.page(self.person["readiness_page"], "readiness")

    @task(1)
    def export(self) -> None:
        page = self.page(self.person["readiness_page"], "readiness")
        match = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or match is None:
            return
        asked = time.perf_counter()
        fields = {"csrfmiddlewaretoken": match.group(1), "cohort": self.person["cohort"], "kind": self.person["kind"]}
        with self.client.post(
            "/diploma/rapporten/", data=fields, name="report request", allow_redirects=False, catch_response=True
        ) as response:
            found = REPORT_URL.match(response.headers.get("Location", ""))
            if response.status_code != 302 or found is None:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}".strip())
                return
        report = f"/diploma/rapporten/{found.group(1)}/"
        self.page(report, "report page")
        status = "queued"
        while status in ("queued", "running") and time.perf_counter() - asked < EXPORT_WAIT_SECONDS:
            time.sleep(1)  # gevent-patched: other users go on meanwhile
            poll = self.page(report, "report status", headers={"HX-Request": "true"})
            found_status = REPORT_STATUS.search(poll.text or "")
            status = found_status.group(1) if found_status else "unknown"
        waited = time.perf_counter() - asked
        size = len(self.page(f"{report}download/", "report download").content or b"") if status == "done" else 0
        EXPORTS.append({"status": status, "seconds": waited, "bytes": size})
        if status != "done":  # a failure in the stats too, under a name of its own
            error = RuntimeError(f"report {status} after {waited:.0f} s")
            events.request.fire(
                request_type="JOB", name="export", response_time=0, response_length=0, exception=error, context={}
            )


@events.quitting.add_listener
def exports_write(environment, **_kwargs) -> None:
    """The exports' waits go to a file of their own: as a Locust request they would swamp the aggregated figures."""
    if os.environ.get("BENCH_LOCUST_EXPORTS"):
        Path(os.environ["BENCH_LOCUST_EXPORTS"]).write_text(json.dumps(EXPORTS), encoding="utf-8")
