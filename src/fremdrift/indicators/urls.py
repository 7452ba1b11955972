from django.urls import path

from fremdrift.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kommuner/", views.municipalities, name="municipalities"),
    path("download.csv", views.download, {"fmt": "csv"}, name="download-csv"),
    path("download.xlsx", views.download, {"fmt": "xlsx"}, name="download-xlsx"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/new/", views.run_create, name="run-create"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run-publish"),
    path("initiatives/<int:pk>/", views.initiative_indicators, name="initiative-indicators"),
    path(
        "initiatives/<int:pk>/links/<int:link_pk>/delete/",
        views.link_delete,
        name="link-delete",
    ),
    path("initiatives/<int:pk>/manual/new/", views.manual_create, name="manual-create"),
    path("manual/<int:pk>/", views.manual_detail, name="manual-detail"),
    path("manual/<int:pk>/edit/", views.manual_edit, name="manual-edit"),
    path(
        "manual/<int:pk>/values/<int:value_pk>/delete/",
        views.manual_value_delete,
        name="manual-value-delete",
    ),
]
