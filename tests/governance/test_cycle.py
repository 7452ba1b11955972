"""The meeting cycle: prepare (rounds, suggestions, decks for the meeting), hold (attendance,
group answers, decisions, action items, files), minutes, and what the next pack shows."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role
from fremdrift.core.models import AuditEvent
from fremdrift.followup import actions as followup_actions
from fremdrift.followup.models import UpdateRound
from fremdrift.governance import actions, cycle, pack, prepare
from fremdrift.governance.models import ActionItem, Attachment, Decision, Milestone
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.reports import service
from fremdrift.reports.models import IssuedReport
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def upcoming(forum: Any) -> dict[str, Any]:
    """Two HMU meetings ahead: in three and in eight weeks."""
    today = timezone.localdate()
    first = actions.create_meeting(forum, by=ACTOR, date=today + dt.timedelta(days=21))
    second = actions.create_meeting(forum, by=ACTOR, date=today + dt.timedelta(days=56))
    return {"first": first, "second": second}


@pytest.fixture
def secretary(make_user: Any, forum: Any) -> Any:
    user = make_user("sekretaer")
    core_actions.grant_role(by=ACTOR, user=user, role=Role.MEETING_SECRETARY, forum=forum)
    return user


# --------------------------------------------------------------------------- prepare


def test_preparing_opens_a_round_linked_to_the_meeting(upcoming, plan, users):
    meeting = upcoming["first"]
    deadline = meeting.date - dt.timedelta(days=5)
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/prepare/",
        {"step": "rounds", "plans": [plan.pk], "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    update_round = UpdateRound.objects.get(meeting=meeting)
    assert update_round.plan == plan and update_round.deadline == deadline
    assert update_round.occasion.startswith("HMU ")
    assert update_round.requests.count() >= 2
    # A second time opens nothing new.
    cycle.prepare_meeting(meeting, by=ACTOR, plans=[plan], deadline=deadline)
    assert UpdateRound.objects.filter(meeting=meeting).count() == 1


def test_the_round_deadline_must_be_before_the_meeting(upcoming, plan, users):
    meeting = upcoming["first"]
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/prepare/",
        {"step": "rounds", "plans": [plan.pk], "deadline": meeting.date.isoformat()},
    )
    assert response.status_code == 200
    assert "Fristen skal ligge før mødet." in response.content.decode()
    assert not UpdateRound.objects.filter(meeting=meeting).exists()
    with pytest.raises(ValidationError):
        followup_actions.open_round(
            plan, by=ACTOR, title="x", deadline=meeting.date, meeting=meeting
        )


def test_suggestions_name_due_proposed_and_changed_initiatives(upcoming, plan, users):
    meeting = upcoming["first"]
    shared, hr_only = plan.initiatives_by_key["shared"], plan.initiatives_by_key["hr"]
    # The forum met before and got a deck: that is "since".
    past = actions.create_meeting(meeting.forum, by=ACTOR, date=timezone.localdate())
    service.issue(service.generate(plan, fmt="html"), by=ACTOR, meeting=past)
    # hr_only is due: a target phase is set.
    hr_only = portfolio_actions.edit_initiative(
        hr_only, by=ACTOR, seen_version=hr_only.version, changes={"phase_target": "udbredelse"}
    )
    # The hospital proposes moving shared on in the meeting's round.
    cycle.prepare_meeting(
        meeting, by=ACTOR, plans=[plan], deadline=meeting.date - dt.timedelta(days=3)
    )
    request = UpdateRound.objects.get(meeting=meeting).requests.get(initiative=shared)
    followup_actions.submit_answer(
        request,
        by=users["editor_hospital"],
        kind="status",
        text="Klar til implementering.",
        phase="implementering",
    )
    found = {
        (s.reason, s.initiative.pk) for s in prepare.suggestions(meeting, users["coordinator"])
    }
    assert (prepare.DUE, hr_only.pk) in found
    assert (prepare.PROPOSED, shared.pk) in found
    # shared has a new status since the deck; hr_only only a new target phase.
    assert (prepare.CHANGED, shared.pk) in found
    assert (prepare.CHANGED, hr_only.pk) not in found
    # Adding a suggestion puts it on the agenda and takes it off the list.
    page = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/prepare/",
        {"step": "suggestion", "initiative": hr_only.pk, "kind": "beslutning"},
    )
    assert page.status_code == 302
    item = meeting.items.get()
    assert list(item.initiatives.all()) == [hr_only] and item.kind == "beslutning"
    after = {
        (s.reason, s.initiative.pk) for s in prepare.suggestions(meeting, users["coordinator"])
    }
    assert (prepare.DUE, hr_only.pk) not in after


def test_decks_issued_for_a_meeting_are_the_forums_next_baseline(upcoming, plan, users):
    first, second = upcoming["first"], upcoming["second"]
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/meetings/{first.pk}/prepare/",
        {"step": "issue", "plans": [plan.pk], "format": "pptx"},
    )
    assert response.status_code == 302
    report = IssuedReport.objects.get(meeting=first)
    assert report.plan == plan and report.format == "pptx"
    assert prepare.forum_baseline(second, plan) == report
    # The deck for the next meeting compares with the first meeting's deck.
    client.post(
        f"/governance/meetings/{second.pk}/prepare/",
        {"step": "issue", "plans": [plan.pk], "format": "pdf"},
    )
    following = IssuedReport.objects.get(meeting=second)
    assert following.baseline == report


def test_only_those_who_change_the_forum_prepare_it(upcoming, users):
    url = f"/governance/meetings/{upcoming['first'].pk}/prepare/"
    assert client_for(users["reader"]).get(url).status_code == 403
    assert client_for(users["nobody"]).get(url).status_code == 404
    assert client_for(users["coordinator"]).get(url).status_code == 200


# --------------------------------------------------------------------------- the meeting


def test_attendance_group_answers_and_plenum_are_recorded(meetings, users, forum):
    meeting, item = meetings["december"], meetings["item"]
    actions.add_forum_member(forum, by=ACTOR, name="Hanne Hansen", role_title="Formand")
    member = forum.members.get()
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/meetings/{meeting.pk}/attendance/",
        {f"member_{member.pk}": "present", "guests": "Gæst Gæstesen"},
    )
    assert response.status_code == 302
    assert {(a.name, a.status) for a in meeting.attendance.all()} == {
        ("Hanne Hansen", "present"),
        ("Gæst Gæstesen", "present"),
    }
    question = item.questions.first()
    client.post(
        f"/governance/items/{item.pk}/groups/",
        {"step": "answer", "question": question.pk, "group": "Bord 1", "text": "Dækkende."},
    )
    client.post(
        f"/governance/items/{item.pk}/groups/",
        {"step": "plenum", "plenum_summary": "Enighed om udsagnene."},
    )
    answer = item.group_answers.get()
    assert (answer.group, answer.question, answer.text) == ("Bord 1", question, "Dækkende.")
    item.refresh_from_db()
    assert item.plenum_summary == "Enighed om udsagnene."
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Bord 1" in page and "Enighed om udsagnene." in page and "Gæst Gæstesen" in page


def test_a_group_answer_without_a_group_keeps_the_text(meetings, users):
    item = meetings["item"]
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{item.pk}/groups/",
        {"step": "answer", "group": "", "text": "Vigtig pointe"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vigtig pointe" in body and "Angiv gruppen eller bordet." in body


def test_action_items_show_in_mine_and_in_the_next_pack_until_done(meetings, plan, users, units):
    november, december = meetings["november"], meetings["december"]
    shared = plan.initiatives_by_key["shared"]
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/meetings/{november.pk}/actions/new/",
        {
            "text": "Beskriv forløbet for weekender",
            "owner_unit": units["hospital"].pk,
            "deadline": "2021-12-01",
            "initiative": shared.pk,
        },
    )
    assert response.status_code == 302
    action_item = ActionItem.objects.get()
    editor = client_for(users["editor_hospital"])
    assert "Beskriv forløbet for weekender" in editor.get("/followup/mine/").content.decode()
    built = pack.build_pack(december, users["coordinator"])
    assert [a.pk for a in built.actions] == [action_item.pk]
    # The owner marks it done from "Mine opdateringer".
    done = editor.post(f"/governance/actions/{action_item.pk}/done/", {"next": "mine"})
    assert done.status_code == 302 and done["Location"] == "/followup/mine/"
    mine = editor.get("/followup/mine/").content.decode()
    still_open, recently_done = mine.split('id="my-done-actions"', 1)
    assert "Beskriv forløbet" not in still_open and "Beskriv forløbet" in recently_done
    assert pack.build_pack(december, users["coordinator"]).actions == []
    # Another unit's editor neither sees nor closes it.
    assert client_for(users["editor_hr"]).post(
        f"/governance/actions/{action_item.pk}/done/"
    ).status_code in (403, 404)


def test_an_action_item_needs_an_owner(meetings, users):
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meetings['november'].pk}/actions/new/", {"text": "Noget"}
    )
    assert response.status_code == 200
    assert "Angiv en ejer: en enhed eller en person." in response.content.decode()
    assert not ActionItem.objects.exists()


# --------------------------------------------------------------------------- minutes


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def test_minutes_as_docx_and_pdf(meetings, users, units, tmp_path):
    meeting, item = meetings["december"], meetings["item"]
    cycle.set_attendance(meeting, by=ACTOR, entries=[("Hanne Hansen", "present", None)])
    cycle.record_group_answer(item, by=ACTOR, group="Bord 2", text="Mere tid til forankring")
    actions.record_decision(item, by=ACTOR, text="HMU bakker op.", outcome="approved")
    cycle.add_action_item(
        meeting, by=ACTOR, text="Evaluering i uge 44", item=item, owner_unit=units["hospital"]
    )
    client = client_for(users["reader"])
    docx = client.get(f"/governance/meetings/{meeting.pk}/minutes.docx")
    assert docx.status_code == 200
    text = _docx_text(docx.content)
    for expected in ("Hanne Hansen", "Bord 2", "HMU bakker op.", "Evaluering i uge 44"):
        assert expected in text
    pdf = client.get(f"/governance/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    out = tmp_path / "referat.docx"
    stdout = io.StringIO()
    call_command("minutes", str(meeting.pk), "--format", "docx", "-o", str(out), stdout=stdout)
    assert "Evaluering i uge 44" in _docx_text(out.read_bytes())
    assert "draft" in stdout.getvalue()
    out_pdf = tmp_path / "referat.pdf"
    call_command("minutes", str(meeting.pk), "--format", "pdf", "-o", str(out_pdf), stdout=stdout)
    assert out_pdf.read_bytes().startswith(b"%PDF")


def test_only_the_forums_secretary_approves_the_minutes(meetings, users, secretary):
    meeting = meetings["december"]
    url = f"/governance/meetings/{meeting.pk}/minutes/approve/"
    assert client_for(users["coordinator"]).post(url).status_code == 403
    assert client_for(secretary).post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == secretary
    docx = client_for(users["reader"]).get(f"/governance/meetings/{meeting.pk}/minutes.docx")
    assert "sekretaer" in _docx_text(docx.content)


# --------------------------------------------------------------------------- attachments


def test_attachments_are_uploaded_listed_in_the_pack_and_purged_on_removal(meetings, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting, item = meetings["december"], meetings["item"]
    client = client_for(users["coordinator"])
    upload = SimpleUploadedFile("bilag 1.pdf", b"%PDF-1.4 bilag", content_type="application/pdf")
    response = client.post(
        f"/governance/meetings/{meeting.pk}/attachments/",
        {"file": upload, "title": "Procesplan", "item": item.pk},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.item, attachment.size) == (item, len(b"%PDF-1.4 bilag"))
    download = client_for(users["reader"]).get(attachment.get_absolute_url())
    assert download.content == b"%PDF-1.4 bilag"
    assert 'filename="bilag 1.pdf"' in download["Content-Disposition"]
    assert [a.pk for a in pack.build_pack(meeting, users["reader"]).attachments] == [attachment.pk]
    event = AuditEvent.objects.filter(object_type="governance.attachment").get()
    assert event.after["sha256"] == attachment.sha256 and "content" not in event.after
    client.post(f"/governance/attachments/{attachment.pk}/remove/")
    attachment.refresh_from_db()
    assert attachment.content is None and attachment.removed_at is not None
    assert pack.build_pack(meeting, users["reader"]).attachments == []
    assert client.get(attachment.get_absolute_url()).status_code == 302


@override_settings(FREMDRIFT_MAX_UPLOAD_BYTES=1000)
def test_an_attachment_over_the_limit_is_refused(meetings, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = meetings["december"]
    upload = SimpleUploadedFile("stor.pdf", b"x" * 5000, content_type="application/pdf")
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/attachments/", {"file": upload}
    )
    assert response.status_code in (302, 413)
    assert not Attachment.objects.exists()
    with pytest.raises(ValidationError):
        cycle.add_attachment(meeting, by=ACTOR, filename="stor.pdf", content=b"x" * 5000)


# --------------------------------------------------------------------------- corrections


def test_a_corrected_decision_keeps_both_records(meetings, users):
    item = meetings["item"]
    decision = actions.record_decision(item, by=ACTOR, text="HMU godkender.", outcome="approved")
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/decisions/{decision.pk}/correct/",
        {"text": "HMU udsætter.", "outcome": "deferred", "reason": "Fejl i referatet"},
    )
    assert response.status_code == 302
    correction = Decision.objects.get(supersedes=decision)
    decision.refresh_from_db()
    assert not decision.is_current and correction.is_current
    page = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "HMU godkender." in page and "HMU udsætter." in page and "Rettet" in page
    with pytest.raises(ValidationError):
        cycle.correct_decision(decision, by=ACTOR, text="Igen", outcome="approved")


def test_a_corrected_milestone_leaves_the_process_plan_but_stays_in_the_history(
    meetings, plan, users
):
    milestone = actions.create_milestone(
        plan, by=ACTOR, title="AL-seminar", date=dt.date(2021, 12, 16)
    )
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/milestones/{milestone.pk}/correct/",
        {"title": "AL-seminar", "date": "2021-12-17"},
    )
    assert response.status_code == 302
    correction = Milestone.objects.get(supersedes=milestone)
    assert correction.date == dt.date(2021, 12, 17)
    from fremdrift.governance.timeline import build_timeline

    built = build_timeline(plan, reference=dt.date(2021, 12, 1))
    dates = [entry.start for _lane, entry in built.entries if entry.label == "AL-seminar"]
    assert dates == [dt.date(2021, 12, 17)]
    page = client.get(f"/governance/plans/{plan.slug}/process/").content.decode()
    assert "16. december 2021" in page and "17. december 2021" in page


def test_the_packs_files_show_the_open_actions_and_the_files(meetings, users, units):
    from pptx import Presentation

    from fremdrift.reports.renderers.base import Branding

    november, december = meetings["november"], meetings["december"]
    cycle.add_action_item(
        november, by=ACTOR, text="Beskriv weekenderne", owner_unit=units["hospital"]
    )
    cycle.add_attachment(december, by=ACTOR, filename="procesplan.pdf", content=b"%PDF-1.4 x")
    built = pack.build_pack(december, users["coordinator"])
    deck = Presentation(io.BytesIO(pack.render_pptx(built, Branding.from_settings())))
    texts = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Beskriv weekenderne" in texts and "procesplan.pdf" in texts
    html = pack.pack_html(built, Branding.from_settings())
    assert "Beskriv weekenderne" in html and "procesplan.pdf" in html


def test_a_decision_of_a_meeting_cancelled_afterwards_is_not_corrected_until_reinstated(
    meetings, users
):
    item = meetings["item"]
    decision = actions.record_decision(item, by=ACTOR, text="HMU godkender.", outcome="approved")
    actions.cancel_meeting(item.meeting, by=ACTOR, reason="Forkert møde")
    with translation.override("da"), pytest.raises(ValidationError, match="Mødet er aflyst"):
        cycle.correct_decision(decision, by=ACTOR, text="HMU udsætter.", outcome="deferred")
    assert not Decision.objects.filter(supersedes=decision).exists()
    actions.reinstate_meeting(item.meeting, by=ACTOR)
    cycle.correct_decision(decision, by=ACTOR, text="HMU udsætter.", outcome="deferred")
    assert Decision.objects.get(supersedes=decision).text == "HMU udsætter."
