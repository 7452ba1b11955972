from django.urls import path

from fremdrift.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan-detail"),
    path("plans/<slug:slug>/initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative-edit"),
    path("initiatives/<int:pk>/status/", views.status_create, name="status-create"),
    path("initiatives/<int:pk>/archive/", views.initiative_archive, name="initiative-archive"),
    path("initiatives/<int:pk>/restore/", views.initiative_restore, name="initiative-restore"),
    path(
        "initiatives/<int:pk>/sections/<int:area_pk>/wording/",
        views.section_wording,
        name="section-wording",
    ),
    path("search/", views.search, name="search"),
]
