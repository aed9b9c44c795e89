from django.urls import path

from nap1540.matrix import views

app_name = "matrix"
urlpatterns = [
    path("", views.index, name="index"),
    path("regions/<str:code>/", views.region, name="region"),
    path("regions/<str:code>/export.<str:fmt>", views.region_export, name="region_export"),
    path("<str:iso3>/", views.state_matrix, name="state"),
    path("<str:iso3>/versions/", views.versions, name="versions"),
    path("<str:iso3>/diff/", views.diff, name="diff"),
    path("<str:iso3>/import/", views.import_view, name="import"),
    path("<str:iso3>/drafts/new/", views.start_draft, name="start_draft"),
    path("<str:iso3>/fields/<str:key>/history/", views.field_history, name="field_history"),
    path("<str:iso3>/v<int:version>/", views.version_detail, name="version"),
    path("<str:iso3>/v<int:version>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:iso3>/v<int:version>/export.csv", views.export_csv, name="export_csv"),
    path("<str:iso3>/v<int:version>/submit/", views.submit, name="submit"),
    path("<str:iso3>/v<int:version>/approve/", views.approve, name="approve"),
    path("<str:iso3>/v<int:version>/return/", views.return_draft, name="return"),
    path("<str:iso3>/v<int:version>/header/", views.header, name="header"),
    path("<str:iso3>/v<int:version>/migrate/", views.migrate, name="migrate"),
    path("<str:iso3>/v<int:version>/entries/<int:pk>/", views.entry_cell, name="entry"),
    path("<str:iso3>/v<int:version>/entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
]
