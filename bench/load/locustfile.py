"""Logged-in users of each demo role against a running nap1540 (driven by bench/load/run.py).

Each simulated user logs in through the login form with one demo login, then waits 1-2 s
between actions. Readers (viewer, provider) only read; the coordinator, the focal point and the
expert also write, through the same forms a person submits (each form is fetched first, so the
CSRF token, lock versions and revisions are the page's own). The class weights and write shares
are set so that about 30 % of the requests are writes (POSTs; each write first GETs its form);
run.py prints the share it measured.

Requests are named by page ("GET matrix page", "POST task progress") so that locust's
statistics are per page. A 409 from a form (someone else saved the same task or field first)
is the application's conflict answer, not an error: it is counted under its own name.
"""

from __future__ import annotations

import os
import random
import re
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

PASSWORD = "demo-1540"  # noqa: S105 - the demo password that `nap1540 demo` prints
REGIONS = ["UN-AFRICAN", "UN-ASIA-PACIFIC", "UN-GRULAC", "UN-WEOG", "UN-EASTERN-EUROPEAN"]
STATES = ["UZB", "KAZ", "KGZ", "TJK", "TKM", "AFG", "BRA", "FRA", "LBR", "NGA", "USA", "VNM"]


SETTLE_SECONDS = 5
# Set by bench/load/run.py: how long to measure, and a file to touch when measuring starts.
MEASURE_SECONDS = int(os.environ.get("LOAD_SECONDS", "0"))
START_MARK = os.environ.get("LOAD_START_MARK", "")
_logged_in = 0


@events.spawning_complete.add_listener
def _reset_after_logins(user_count: int, **_: Any) -> None:
    """Forget the ramp-up: reset the statistics once every user has logged in (and settled),
    then measure for MEASURE_SECONDS. Under load a login (a deliberately slow password hash)
    takes seconds, so the last ones end well after the last user was started."""
    env: Environment | None = getattr(_reset_after_logins, "environment", None)
    if env is None or env.runner is None:
        return
    runner = env.runner

    def measure() -> None:
        deadline = time.monotonic() + 120
        while _logged_in < user_count and time.monotonic() < deadline:
            gevent.sleep(0.2)
        gevent.sleep(SETTLE_SECONDS)
        runner.stats.reset_all()
        if START_MARK:
            Path(START_MARK).touch()
        if MEASURE_SECONDS:
            gevent.sleep(MEASURE_SECONDS)
            runner.quit()

    gevent.spawn(measure)


@events.init.add_listener
def _keep_environment(environment: Environment, **_: Any) -> None:
    _reset_after_logins.environment = environment  # type: ignore[attr-defined]


class _Forms(HTMLParser):
    """Every <form> of a page: its action and the values a browser would submit untouched."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "options": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            options = self.forms[-1]["options"].setdefault(self._select, [])
            options.append(a.get("value", ""))
            if "selected" in a or len(options) == 1:  # as a browser: the first, or the selected
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _first_error(html: str) -> str:
    found = re.search(r'(?s)id="form-errors".*?<li>\s*([^<]{1,200})', html)
    return found.group(1).strip() if found else "no redirect after the save"


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class _Role(HttpUser):
    abstract = True
    wait_time = between(1, 2)
    username = ""
    write_share = 0.0
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="GET login")
        form = next(f for f in forms_of(page.text) if "password" in f["fields"])
        data = {**form["fields"], "username": self.username, "password": PASSWORD}
        with self.client.post(
            "/accounts/login/", data=data, name="POST login", catch_response=True
        ) as r:
            if "sessionid" not in self.client.cookies:
                r.failure(f"login as {self.username} refused")
        global _logged_in
        _logged_in += 1

    @task
    def act(self) -> None:
        if self.writes and random.random() < self.write_share:
            getattr(self, random.choice(self.writes))()
        else:
            getattr(self, random.choice(self.reads))()

    # --- reads: the heavy pages ------------------------------------------------------------

    def get(self, url: str, name: str) -> Any:
        return self.client.get(url, name=f"GET {name}")

    def matrix_index(self) -> None:
        self.get("/matrix/", "matrix index")

    def matrix_page(self) -> None:
        self.get(f"/matrix/{random.choice(STATES)}/", "matrix page")

    def matrix_region(self) -> None:
        self.get(f"/matrix/regions/{random.choice(REGIONS)}/", "regional page")

    def plan_page(self) -> None:
        self.get(f"/plans/{self.plan_id()}/", "plan page")

    def gaps(self) -> None:
        self.get("/assistance/gaps/", "gaps page")

    def calendar(self) -> None:
        self.get("/events/calendar/", "calendar")

    def request_list(self) -> None:
        self.get("/assistance/requests/", "request list")

    def my_tasks(self) -> None:
        self.get("/plans/my-tasks/", "my tasks")

    _plan_ids: list[int] = []

    def plan_id(self) -> int:
        if not _Role._plan_ids:
            page = self.client.get("/plans/", name="GET plan list")
            found = re.findall(r'href="/plans/(\d+)/"', page.text)
            _Role._plan_ids = sorted({int(i) for i in found})
        return random.choice(_Role._plan_ids) if _Role._plan_ids else 1

    # --- writes through the real forms -----------------------------------------------------

    def submit(self, page_url: str, page_name: str, action: str, name: str, **values: str) -> None:
        """Fetch `page_url`, take the form posting to `action` (a regex), change `values`, post."""
        page = self.get(page_url, page_name)
        candidates = [f for f in forms_of(page.text) if re.search(action, f["action"])]
        if not candidates:
            return  # nothing editable on this page for this user (counted as the GET only)
        form = random.choice(candidates)
        data = {**form["fields"], **self.choose(form), **values}
        with self.client.post(
            form["action"] or page_url,
            data=data,
            name=f"POST {name}",
            headers={"Referer": self.host + page_url},
            catch_response=True,
            allow_redirects=False,
        ) as r:
            if r.status_code == 409:
                # Someone saved the same task or field first: the page says who, the user can
                # save again. Counted apart from the saves, and not as an error.
                r.request_meta["name"] = f"POST {name} (409 conflict)"
                r.success()
            elif r.status_code in (302, 303):
                r.success()
            else:  # a form shown again with errors is a failed save too
                r.failure(f"{r.status_code}: {_first_error(r.text)}")

    def task_progress(self) -> None:
        self.submit(
            "/plans/my-tasks/",
            "my tasks",
            r"/plans/tasks/\d+/progress/",
            "task progress",
            progress=str(random.randint(0, 100)),
            note=f"Load bench update {random.randint(1, 10**6)}",
        )

    def evidence_note(self) -> None:
        """Open one field of Uzbekistan's private draft and save a new source note."""
        page = self.get("/matrix/UZB/v3/", "matrix draft")
        links = re.findall(r'href="(/matrix/UZB/v3/entries/\d+/edit/)"', page.text)
        if not links:
            return
        url = random.choice(links)
        self.submit(
            url,
            "matrix field form",
            r"/entries/\d+/edit/",
            "matrix evidence note",
            source_document=f"Load bench evidence note {random.randint(1, 10**6)}",
        )

    def request_draft(self) -> None:
        values = {
            "title": f"Load bench draft {random.randint(1, 10**6)}",
            "date": date.today().isoformat(),
        }
        self.submit(
            "/assistance/requests/new/",
            "request form",
            r"^(/assistance/requests/new/)?$",
            "request draft",
            **values,
        )

    def choose(self, form: dict[str, Any]) -> dict[str, str]:
        """Values this role picks from the form's own choices (the expert picks a State)."""
        return {}


class Coordinator(_Role):
    weight = 3
    username = "coordinator"
    write_share = 0.6
    reads = ("matrix_page", "plan_page", "request_list", "calendar", "matrix_region")
    writes = ("evidence_note", "request_draft", "task_progress")


class FocalPoint(_Role):
    weight = 3
    username = "focal"
    write_share = 0.7
    reads = ("my_tasks", "plan_page", "matrix_page", "calendar")
    writes = ("task_progress",)


class Expert(_Role):
    weight = 2
    username = "expert"
    write_share = 0.5
    reads = ("matrix_index", "matrix_region", "gaps", "calendar", "request_list", "matrix_page")
    writes = ("request_draft",)

    def choose(self, form: dict[str, Any]) -> dict[str, str]:
        states = [v for v in form["options"].get("state", []) if v]
        # A State rather than an organisation, and no point of contact of another State.
        return {"state": random.choice(states), "group": "", "contact": ""} if states else {}


class Provider(_Role):
    weight = 1
    username = "provider"
    reads = ("request_list", "gaps", "matrix_region", "calendar")


class Viewer(_Role):
    weight = 1
    username = "viewer"
    reads = ("plan_page", "matrix_page", "matrix_region", "calendar")
