from django.urls import path

from fremdrift.governance import cycle_views, views

app_name = "governance"

urlpatterns = [
    path("", views.forum_list, name="forum-list"),
    path("forums/new/", views.forum_create, name="forum-create"),
    path("forums/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/edit/", views.forum_edit, name="forum-edit"),
    path("forums/<int:pk>/members/", views.member_add, name="member-add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("forums/<int:pk>/calendar.ics", views.forum_calendar, name="forum-calendar"),
    # A user's secret calendar address: public (no session), the secret is the key.
    path("calendar/<str:secret>.ics", views.subscribed_calendar, name="subscribed-calendar"),
    path("forums/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_calendar, name="meeting-calendar"),
    path("meetings/<int:pk>/pack/", views.meeting_pack_page, name="meeting-pack"),
    path("meetings/<int:pk>/pack.pdf", views.meeting_pack, {"fmt": "pdf"}, name="meeting-pack-pdf"),
    path(
        "meetings/<int:pk>/pack.pptx", views.meeting_pack, {"fmt": "pptx"}, name="meeting-pack-pptx"
    ),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/minutes/", views.item_minutes, name="item-minutes"),
    path("items/<int:pk>/remove/", views.item_remove, name="item-remove"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("items/<int:pk>/decision/", views.decision_create, name="decision-create"),
    path("meetings/<int:pk>/prepare/", cycle_views.meeting_prepare, name="meeting-prepare"),
    path(
        "meetings/<int:pk>/attendance/", cycle_views.meeting_attendance, name="meeting-attendance"
    ),
    path("items/<int:pk>/groups/", cycle_views.item_groups, name="item-groups"),
    path("meetings/<int:pk>/actions/new/", cycle_views.action_create, name="action-create"),
    path("actions/<int:pk>/done/", cycle_views.action_done, name="action-done"),
    path(
        "meetings/<int:pk>/minutes.docx",
        cycle_views.meeting_minutes,
        {"fmt": "docx"},
        name="minutes-docx",
    ),
    path(
        "meetings/<int:pk>/minutes.pdf",
        cycle_views.meeting_minutes,
        {"fmt": "pdf"},
        name="minutes-pdf",
    ),
    path("meetings/<int:pk>/minutes/approve/", cycle_views.minutes_approve, name="minutes-approve"),
    path(
        "meetings/<int:pk>/attachments/",
        cycle_views.attachment_upload,
        name="attachment-upload",
    ),
    path("attachments/<int:pk>/", cycle_views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/remove/", cycle_views.attachment_remove, name="attachment-remove"),
    path("decisions/<int:pk>/correct/", cycle_views.decision_correct, name="decision-correct"),
    path("milestones/<int:pk>/correct/", cycle_views.milestone_correct, name="milestone-correct"),
    path("plans/<slug:slug>/process/", views.process_plan, name="process-plan"),
    path(
        "plans/<slug:slug>/process.svg", views.process_plan, {"fmt": "svg"}, name="process-plan-svg"
    ),
    path(
        "plans/<slug:slug>/process.pdf", views.process_plan, {"fmt": "pdf"}, name="process-plan-pdf"
    ),
    path("plans/<slug:slug>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone-delete"),
]
