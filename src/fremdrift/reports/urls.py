from django.urls import path

from fremdrift.reports import views

app_name = "reports"

urlpatterns = [
    path("report.css", views.report_css, name="css"),
    path("plans/<slug:slug>/", views.report_page, name="page"),
    path("plans/<slug:slug>/changes/", views.changes, name="changes"),
    path("plans/<slug:slug>/download/<str:fmt>/", views.download, name="download"),
    path("plans/<slug:slug>/issue/", views.issue, name="issue"),
    path("plans/<slug:slug>/deck/", views.deck_options, name="deck-options"),
    path("issued/<int:pk>/", views.issued_download, name="issued-download"),
]
