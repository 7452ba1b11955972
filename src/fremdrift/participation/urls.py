from django.urls import path

from fremdrift.participation import views

app_name = "participation"

urlpatterns = [
    path("plans/<slug:slug>/workshops/", views.workshop_list, name="workshop-list"),
    path("plans/<slug:slug>/workshops/new/", views.workshop_create, name="workshop-create"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop-detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path(
        "outputs/<int:pk>/to-long-list/", views.candidate_from_output, name="candidate-from-output"
    ),
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/new/", views.consultation_create, name="consultation-create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
    path(
        "consultations/<int:pk>/to-long-list/",
        views.inputs_to_long_list,
        name="inputs-to-long-list",
    ),
    path("invitations/<int:pk>/", views.consultation_answer, name="consultation-answer"),
    path("inputs/<int:pk>/to-long-list/", views.candidate_from_input, name="candidate-from-input"),
    path("plans/<slug:slug>/long-lists/", views.long_lists, name="longlist-list"),
    path("long-lists/<int:pk>/", views.longlist_detail, name="longlist-detail"),
    path("long-lists/<int:pk>/candidates/", views.candidate_add, name="candidate-add"),
    path("candidates/<int:pk>/score/", views.candidate_score, name="candidate-score"),
    path("candidates/<int:pk>/status/", views.candidate_status, name="candidate-status"),
    path("candidates/<int:pk>/promote/", views.candidate_promote, name="candidate-promote"),
]
