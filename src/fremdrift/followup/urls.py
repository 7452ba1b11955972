from django.urls import path

from fremdrift.followup import views

app_name = "followup"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("plans/<slug:slug>/rounds/", views.round_list, name="round-list"),
    path("plans/<slug:slug>/rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round-remind"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path("requests/<int:pk>/", views.answer, name="answer"),
    path("answers/<int:pk>/approve/", views.answer_approve, name="answer-approve"),
    path("answers/<int:pk>/return/", views.answer_return, name="answer-return"),
    path("initiatives/<int:pk>/local/<int:unit_pk>/", views.local_status, name="local-status"),
    path("initiatives/<int:pk>/readiness/<int:unit_pk>/", views.readiness, name="readiness"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("readiness/", views.readiness_low, name="readiness-low"),
]
