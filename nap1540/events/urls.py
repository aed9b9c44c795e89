from django.urls import path

import nap1540.core.http.converters  # noqa: F401 - the <lang:> and <fmt:> converters
from nap1540.events import documents, views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("new/", views.create, name="create"),
    path("<str:ref>/", views.detail, name="detail"),
    path("<str:ref>/edit/", views.edit, name="edit"),
    path("<str:ref>/review/", views.record_review, name="record_review"),
    path("<str:ref>/delete/", views.delete, name="delete"),
    path("<str:ref>/organisers/", views.organiser_add, name="organiser_add"),
    path("<str:ref>/organisers/<int:pk>/remove/", views.organiser_remove, name="organiser_remove"),
    path("<str:ref>/participants/", views.participant_add, name="participant_add"),
    path(
        "<str:ref>/participants/<int:pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<str:ref>/decisions/", views.outcome_add, name="outcome_add"),
    path("<str:ref>/decisions/<int:pk>/apply/", views.outcome_apply, name="outcome_apply"),
    path("<str:ref>/decisions/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("<str:ref>/history/", views.history, name="history"),
    path("<str:ref>/agenda/", documents.agenda, name="agenda"),
    path("<str:ref>/agenda.<fmt:fmt>", documents.agenda_download, name="agenda_download"),
    path("<str:ref>/note/<lang:lang>/", documents.note, name="note"),
    path("<str:ref>/note/<lang:lang>/edit/", documents.note_edit, name="note_edit"),
    path(
        "<str:ref>/note/<lang:lang>/regenerate/",
        documents.note_regenerate,
        name="note_regenerate",
    ),
    path("<str:ref>/note/<lang:lang>/history/", documents.note_history, name="note_history"),
    path(
        "<str:ref>/note/<lang:lang>/history/<int:number>/restore/",
        documents.note_restore,
        name="note_restore",
    ),
    path("<str:ref>/note/<lang:lang>.<fmt:fmt>", documents.note_download, name="note_download"),
]
