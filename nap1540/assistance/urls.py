from django.urls import path

from nap1540.assistance.views import offers, requests

app_name = "assistance"
urlpatterns = [
    path("", offers.index, name="index"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_detail, name="request"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="request_edit"),
    path("requests/<int:pk>/step/", requests.request_step, name="request_step"),
    path("requests/<int:pk>/providers/", requests.choose_providers, name="choose_providers"),
    path("requests/<int:pk>/items/", requests.item_add, name="item_add"),
    path("requests/<int:pk>/history/", requests.history, name="history"),
    path(
        "requests/<int:pk>/acknowledgement.docx",
        requests.letter,
        {"kind": "acknowledgement"},
        name="acknowledgement_docx",
    ),
    path(
        "requests/<int:pk>/distribution.docx",
        requests.letter,
        {"kind": "distribution"},
        name="distribution_docx",
    ),
    path("items/<int:pk>/", requests.item_edit, name="item_edit"),
    path("items/<int:pk>/proposals/", requests.proposals_refresh, name="proposals_refresh"),
    path("proposals/<int:pk>/", requests.proposal_decide, name="proposal_decide"),
    path("proposals/<int:pk>/answer/", requests.proposal_answer, name="proposal_answer"),
    path("matches/<int:pk>/", requests.match_step, name="match_step"),
    path("matches/<int:pk>/feedback/<str:role>/", offers.feedback, name="feedback"),
    path("from-task/<int:task_pk>/", requests.item_from_task, name="item_from_task"),
    path("drafting-aid/", requests.drafting_aid, name="drafting_aid"),
    path("offers/", offers.offer_list, name="offers"),
    path("offers/new/", offers.offer_create, name="offer_create"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("public/", offers.public_summaries, name="public"),
    path("gaps/", offers.gaps, name="gaps"),
]
