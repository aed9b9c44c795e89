"""The home page is each role's work queue: its items, their next steps, the menu's counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nap1540.assistance.models import Match, Proposal, Request
from nap1540.core.visibility import Visibility
from nap1540.matrix.models import Matrix
from nap1540.plans.models import Task
from nap1540.web.tests.conftest import SECRETS


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _home(personas: Any, who: str) -> str:
    response = personas.client(who).get("/")
    assert response.status_code == 200
    return response.content.decode()


def _menu_count(html: str, label: str) -> int:
    nav = html[html.index('<nav class="main"') :]
    nav = nav[: nav.index("</nav>")]
    found = re.search(
        rf">{label}</a><span class=\"nav-count\"[^>]*><span aria-hidden=\"true\">(\d+)</span>", nav
    )
    return int(found.group(1)) if found else 0


def _section(html: str, heading: str) -> str:
    """The text of one queue: from its heading to the next heading."""
    text = _text(_main(html))
    start = text.index(heading)
    rest = text[start + len(heading) :]
    ends = [
        rest.index(h)
        for h in (
            "Requests ",
            "Proposals ",
            "Follow-ups ",
            "Deliveries ",
            "My offers",
            "Upcoming events",
            "Overdue tasks",
            "Next deadlines",
        )
        if h in rest
    ]
    return rest[: min(ends)] if ends else rest


def test_expert_home_lists_what_waits_for_the_committee(personas, make_world):
    make_world(3)
    html = _home(personas, "expert")
    main = _text(_main(html))
    assert "Matrices submitted for approval" in main
    assert "Uzbekistan — matrix v1 Review and approve" in main
    assert "Received request of UZB — Received Authenticate it" in main
    assert "Distributed request of UZB — Distributed to potential providers Confirm a match" in main
    assert "item 1, offer “OSCE programme for UZB” proposed Confirm or decline" in main
    assert "Received request of UZB — One year since the request. Ask the State" in main
    assert "Kazakhstan — matrix" not in main and "KAZ-SECRET" not in main
    assert 'href="/matrix/"' in html  # the matrix index is one click away


def test_expert_menu_counts_are_the_queues_totals(personas, make_world):
    make_world(3)
    html = _home(personas, "expert")
    expert = personas.expert
    submitted = Matrix.objects.visible_to(expert).filter(status="submitted").count()
    assert submitted == 2  # Uzbekistan's and the third State's; Kazakhstan's is private
    assert _menu_count(html, "Matrices") == submitted
    # 2 received + 3 distributed per visible State waiting; 2 proposals each; 2 follow-ups.
    assert _menu_count(html, "Assistance") == 6 + 4 + 2
    listed = personas.client("expert").get("/assistance/requests/?queue=committee")
    assert listed.content.decode().count('href="/assistance/requests/') - 1 >= 6
    assert "All 6 requests waiting for the Committee" in _text(_main(html))


def test_committee_queue_on_the_requests_page_lists_what_the_panel_counts(personas, make_world):
    make_world(3)
    page = _text(
        _main(
            personas.client("expert").get("/assistance/requests/?queue=committee").content.decode()
        )
    )
    assert "Showing: Waiting for the Committee." in page
    assert "Received request of UZB" in page and "Matched request of UZB" not in page


def test_proposals_queue_lists_the_requests_of_the_proposals_to_confirm(personas, make_world):
    make_world(3)
    Proposal.objects.filter(item__request__title="Distributed request of AFG").update(
        status="declined"
    )
    html = _home(personas, "expert")
    assert "All 2 proposals to confirm, on their requests" not in html  # 2 shown: no link
    page = personas.client("expert").get("/assistance/requests/?queue=proposals")
    text = _text(_main(page.content.decode()))
    assert "Distributed request of UZB" in text
    assert "Distributed request of AFG" not in text and "Received request" not in text


def test_expert_empty_queue_says_why_when_requests_exist_at_other_steps(personas, make_world):
    make_world(2)
    Request.objects.filter(status__in=("received", "distributed")).update(
        status="matched", follow_up_due=None
    )
    Proposal.objects.update(status="declined")
    html = _home(personas, "expert")
    main = _text(_main(html))
    assert "No assistance requests you can see yet" not in main
    assert re.search(
        r"No request waits for the Committee: the (\d+) requests you can see wait for their "
        r"States or providers, or are finished\.",
        main,
    )
    assert _menu_count(html, "Assistance") == 0
    listed = personas.client("expert").get("/assistance/requests/").content.decode()
    assert "Matched request of UZB" in listed


def test_coordinator_home_shows_the_state_at_a_glance(personas, make_world):
    make_world(3)
    html = _home(personas, "coordinator")
    main = _text(_main(html))
    assert "Uzbekistan — matrix v1 — With the Committee for approval." in main
    assert "Plan of UZB — Implementation rate 70 % at the latest review. Record a review" in main
    overdue = _section(html, "Overdue tasks")
    assert "1 Task 1 of UZB" in overdue and "9 Task of the other agency" in overdue
    assert "2 Task 2 of UZB" in _section(html, "Next deadlines, within 30 days")
    waiting = _section(html, "Requests waiting for your State")
    assert "Matched request of UZB — Delivered: the Committee asks for your feedback." in waiting
    assert "AFG" not in main and "KAZ" not in main
    assert _menu_count(html, "Plans") == 2  # the two overdue tasks


def test_coordinator_home_says_the_committee_sent_the_matrix_back(personas, make_world):
    make_world(2)
    Matrix.objects.filter(state=personas.uzb).update(status="draft")
    html = _home(personas, "coordinator")
    assert "The Committee sent this version back to draft. Revise and submit" in _text(_main(html))
    assert _menu_count(html, "Matrices") == 1


def test_coordinator_home_lists_a_draft_request_to_submit(personas, make_world):
    make_world(2)
    Request.objects.create(state=personas.uzb, title="Draft of UZB", status="draft")
    html = _home(personas, "coordinator")
    waiting = _section(html, "Requests waiting for your State")
    assert "Draft of UZB — Draft: not yet sent to the Committee. Complete and submit" in waiting
    assert _menu_count(html, "Assistance") == 2


def test_focal_home_lists_the_agency_tasks_overdue_first(personas, make_world):
    make_world(3)
    html = _home(personas, "focal")
    tasks = _section(html, "My tasks by due date")
    assert tasks.index("Task 1 of UZB") < tasks.index("Task 2 of UZB") < tasks.index("Task 3")
    assert "overdue" in tasks[: tasks.index("Task 1 of UZB")]
    assert "Task of the other agency" not in tasks
    assert "KAZ" not in tasks and "AFG" not in tasks
    task = Task.objects.get(plan__state=personas.uzb, number="1")
    assert f'href="{task.get_absolute_url()}"' in html
    assert _menu_count(html, "Plans") == 1


def test_focal_home_says_why_the_list_is_empty(personas, make_world):
    html = _home(personas, "focal")
    assert "No open task of a current plan is led by your agency." in _text(_main(html))


def test_provider_home_lists_its_requests_matches_feedback_and_offers(personas, make_world):
    make_world(3)
    html = _home(personas, "provider")
    main = _text(_main(html))
    assert "Distributed request of UZB — Distributed to potential providers Read the needs" in main
    assert "Matched request of UZB — Confirmed Start delivery" in main
    assert "Proposed for your offer “OSCE programme for UZB”; can you provide it? Answer" in main
    feedback = _section(html, "Deliveries awaiting your feedback")
    assert "OSCE programme for UZB Give feedback" in feedback
    delivered = Match.objects.get(item__request__title="Matched request of UZB", status="delivered")
    assert f'href="/assistance/matches/{delivered.pk}/feedback/provider/"' in html
    assert "OSCE programme for AFG Keep it up to date" in _section(html, "My offers")
    for secret in SECRETS:
        assert secret not in main
    # 2 matches to deliver, 2 proposals to answer, 2 deliveries awaiting feedback; the 2 requests
    # sent wait as their proposals, so they are not counted again.
    assert _menu_count(html, "Assistance") == 6


def test_a_sent_request_counts_once_in_the_providers_menu(personas, make_world):
    """Waiting as a proposal to answer or as a request to read: one thing, counted once."""
    make_world(3)
    proposal = Proposal.objects.filter(
        offer__provider_organisation__code="OSCE", provider_answer=Proposal.Answer.PENDING
    ).first()
    assert proposal is not None
    Proposal.objects.filter(item__request=proposal.item.request).delete()
    html = _home(personas, "provider")
    # 2 matches, 2 feedbacks, 1 proposal to answer, and the other sent request to read.
    assert _menu_count(html, "Assistance") == 6
    assert "Proposed for your offer" in _text(_main(html))


def test_my_offers_lists_only_the_providers_own_offers(personas, make_world):
    make_world(2)
    page = personas.client("provider").get("/assistance/offers/?mine=1").content.decode()
    assert "OSCE programme for UZB" in page and "OTHER-PROVIDER-SECRET" not in page
    everyone = personas.client("provider").get("/assistance/offers/").content.decode()
    assert "OTHER-PROVIDER-SECRET programme" in everyone  # offers are public


def test_provider_request_queues_never_show_another_providers_requests(personas, make_world):
    make_world(3)
    client = personas.client("provider")
    for queue in ("sent", "matches", "feedback", "committee", "state"):
        page = client.get(f"/assistance/requests/?queue={queue}").content.decode()
        assert "OTHER-PROVIDER-SECRET" not in page and "KAZ-SECRET" not in page


def test_anonymous_home_shows_what_states_published_by_region(personas, make_world):
    make_world(3)
    Matrix.objects.filter(state=personas.uzb).update(visibility=Visibility.PUBLIC)
    html = _home(personas, "anonymous")
    main = _text(_main(html))
    assert "Asia-Pacific States — 1 State published its matrix. Read the regional status" in main
    assert "national action plan." not in main  # every plan is shared with the Committee only
    assert "Received request" not in main and "KAZ" not in main
    assert 'href="/regions/' in html
    assert "nav-count" not in html


def test_outsider_home_shows_only_its_own_state(personas, make_world):
    make_world(3)
    main = _text(_main(_home(personas, "outsider")))
    assert "KAZ-SECRET Plan of KAZ" in main
    assert "UZB" not in main and "Uzbekistan" not in main


def test_matrix_index_filters_by_status(personas, make_world):
    make_world(3)
    page = _text(personas.client("expert").get("/matrix/?status=approved").content.decode())
    assert "No matrix you can see has this status." in page
    page = _text(personas.client("expert").get("/matrix/?status=submitted").content.decode())
    assert "Uzbekistan" in page


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Pinned per persona: the home page costs these queries at any size.
HOME_QUERIES = {
    "anonymous": 5,
    "coordinator": 19,
    "expert": 11,
    "focal": 9,
    "outsider": 19,
    "provider": 11,
}


@pytest.mark.parametrize("who", sorted(HOME_QUERIES))
def test_home_page_queries_do_not_grow_with_states(personas, make_world, who):
    client = personas.client(who)
    make_world(2)
    client.get("/")  # warm the per-process caches (content types, vocabulary)
    small = _queries(client, "/")
    make_world(10)
    large = _queries(client, "/")
    assert (small, large) == (HOME_QUERIES[who],) * 2


@pytest.mark.parametrize("who", ["expert", "coordinator", "provider"])
def test_menu_counts_cost_the_same_queries_on_other_pages(personas, make_world, who):
    client = personas.client(who)
    make_world(2)
    small = _queries(client, "/events/")
    make_world(10)
    assert _queries(client, "/events/") == small


def test_expert_home_reads_in_french_with_the_state_named_in_french(personas, make_world):
    make_world(2)
    page = personas.client("expert").get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    main = _text(_main(page))
    assert "Matrices soumises pour approbation" in main
    assert "Ouzbékistan" in main and "Examiner et approuver" in main
    assert "1 élément vous attend" in page  # the menu's count of matrices, said in French
