"""A small world with a real object of every kind, and one user per role.

Two plans: ``vinter`` (plan A, the one the roles are about) and ``anden`` (plan B, another
plan). The forum HMU serves plan A, the forum AL plan B. Everything the pages and the API
name by id — areas, initiatives, statuses, meetings, agenda items, decisions, milestones,
rounds, requests, answers, workshops, consultations, long-lists, candidates, reports,
indicator runs, indicators, imports — exists in plan A (and a few in plan B).

The roles, as in issue 11 plus the forum and indicator roles:

- ``anonymous``; ``nobody`` (logged in, no role);
- ``reader`` (læser of plan A);
- ``editor_own`` (redaktør of Regionshospitalet Randers, local unit of the initiative
  ``shared`` in plan A);
- ``editor_other`` (redaktør of Koncern HR: takes part in another initiative of plan A, so
  reads plan A but may not change ``shared``);
- ``coordinator`` (koordinator of plan A); ``coordinator_other`` (koordinator of plan B);
- ``secretary`` (mødesekretær of HMU); ``analyst`` (indikatoransvarlig);
- ``partner`` (kommunepartner of Randersklyngen: suppressed indicator figures only);
- ``admin`` (administrator).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role, UnitKind
from fremdrift.followup import actions as followup_actions
from fremdrift.governance import actions as governance_actions
from fremdrift.indicators import actions as indicator_actions
from fremdrift.interchange import webimport
from fremdrift.participation import actions as participation_actions
from fremdrift.portfolio import actions
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import InitiativeUnit, StatusUpdate
from fremdrift.reports import service

ACTOR = "test"
ROLES = (
    "anonymous",
    "nobody",
    "reader",
    "editor_other",
    "editor_own",
    "coordinator",
    "coordinator_other",
    "secretary",
    "analyst",
    "partner",
    "admin",
)


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    # Secrets that URLs carry (a calendar address); never a model object.
    secrets: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]


def _user(username: str, *, superuser: bool = False) -> Any:
    return get_user_model().objects.create_user(
        username=username, password="pw", is_superuser=superuser, is_staff=superuser
    )


def build_world() -> World:
    world = World()
    o = world.objects
    region = core_actions.create_unit(by=ACTOR, name="Region Midtjylland", kind=UnitKind.REGION)
    hospital = core_actions.create_unit(
        by=ACTOR, name="Regionshospitalet Randers", kind=UnitKind.HOSPITAL, parent=region
    )
    hr = core_actions.create_unit(by=ACTOR, name="Koncern HR", kind=UnitKind.STAFF, parent=region)
    cluster = core_actions.create_unit(
        by=ACTOR, name="Randersklyngen", kind=UnitKind.CLUSTER, parent=region
    )
    o.update(region=region, hospital=hospital, hr=hr, cluster=cluster)

    # ---- plans, areas, initiatives, statuses
    plan = actions.create_plan(by=ACTOR, slug="vinter", title="Vinterplan")
    staff = actions.create_area(plan, by=ACTOR, title="Personale")
    hospitals = actions.create_area(plan, by=ACTOR, title="Hospitaler")
    shared = actions.create_initiative(
        plan,
        by=ACTOR,
        title="Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid",
        areas=[staff, hospitals],
        units={"local": [hospital]},
        phase="afprøvning",
    )
    hr_only = actions.create_initiative(
        plan, by=ACTOR, title="Uddannelse af flere SPV'er", areas=[staff], units={"lead": [hr]}
    )
    actions.record_status(
        shared,
        by=ACTOR,
        seen_version=shared.version,
        text="I gang.",
        status_date=dt.date(2021, 12, 1),
    )
    other_plan = actions.create_plan(by=ACTOR, slug="anden", title="En anden plan")
    other_area = actions.create_area(other_plan, by=ACTOR, title="Spor 1")
    foreign = actions.create_initiative(
        other_plan, by=ACTOR, title="Fremmed indsats", areas=[other_area]
    )
    shared.refresh_from_db()
    o.update(
        plan=plan,
        area=staff,
        shared=shared,
        hr_only=hr_only,
        status=StatusUpdate.objects.filter(initiative=shared).latest("recorded_at"),
        other_plan=other_plan,
        foreign=foreign,
        local_link=InitiativeUnit.objects.get(
            initiative=shared, unit=hospital, role=FollowUpRole.LOCAL
        ),
    )

    # ---- users
    u = world.users
    u["nobody"] = _user("ingen")
    u["reader"] = _user("laeser")
    core_actions.grant_role(by=ACTOR, user=u["reader"], role=Role.READER, plan=plan)
    u["editor_own"] = _user("redaktoer_hospital")
    core_actions.grant_role(by=ACTOR, user=u["editor_own"], role=Role.EDITOR, unit=hospital)
    u["editor_other"] = _user("redaktoer_hr")
    core_actions.grant_role(by=ACTOR, user=u["editor_other"], role=Role.EDITOR, unit=hr)
    u["coordinator"] = _user("koordinator")
    core_actions.grant_role(by=ACTOR, user=u["coordinator"], role=Role.COORDINATOR, plan=plan)
    u["coordinator_other"] = _user("anden_koordinator")
    core_actions.grant_role(
        by=ACTOR, user=u["coordinator_other"], role=Role.COORDINATOR, plan=other_plan
    )
    u["analyst"] = _user("analytiker")
    core_actions.grant_role(by=ACTOR, user=u["analyst"], role=Role.INDICATOR_OFFICER)
    u["partner"] = _user("kommune")
    core_actions.grant_role(
        by=ACTOR, user=u["partner"], role=Role.MUNICIPALITY_PARTNER, unit=cluster
    )
    u["admin"] = _user("admin", superuser=True)

    # ---- governance
    forum = governance_actions.create_forum(
        by=ACTOR, short_name="HMU", name="Hoved-MED-udvalget", plans=[plan]
    )
    other_forum = governance_actions.create_forum(
        by=ACTOR, short_name="AL", name="Afdelingsledelseskredsen", plans=[other_plan]
    )
    u["secretary"] = _user("sekretaer")
    core_actions.grant_role(by=ACTOR, user=u["secretary"], role=Role.MEETING_SECRETARY, forum=forum)
    member = governance_actions.add_forum_member(forum, by=ACTOR, name="Hanne Medlem")
    meeting = governance_actions.create_meeting(
        forum, by=ACTOR, date=dt.date(2021, 12, 10), title="HMU-møde"
    )
    item = governance_actions.add_agenda_item(
        meeting,
        by=ACTOR,
        title="Præhospitalet i dagtid",
        kind="beslutning",
        initiatives=[shared],
        questions=["Hvad er vigtigt?"],
    )
    governance_actions.record_minutes(item, by=ACTOR, text="Referat: HMU drøftede punktet.")
    decision = governance_actions.record_decision(
        item, by=ACTOR, text="HMU godkender prøvehandlingen.", outcome="approved"
    )
    milestone = governance_actions.create_milestone(
        plan, by=ACTOR, title="HMU-møde", date=dt.date(2021, 12, 10), forum=forum, meeting=meeting
    )
    other_meeting = governance_actions.create_meeting(
        other_forum, by=ACTOR, date=dt.date(2021, 12, 11), title="AL-møde"
    )
    o.update(
        forum=forum,
        other_forum=other_forum,
        member=member,
        meeting=meeting,
        item=item,
        decision=decision,
        milestone=milestone,
        other_meeting=other_meeting,
    )

    # ---- follow-up: an open round with a submitted answer from the hospital
    update_round = followup_actions.open_round(
        plan,
        by=ACTOR,
        title="Status før HMU",
        deadline=timezone.localdate() + dt.timedelta(days=7),
    )
    request = update_round.requests.get(initiative=shared, unit=hospital)
    answer = followup_actions.submit_answer(
        request, by=u["editor_own"], kind="status", text="Vi er i gang med afprøvningen."
    )
    o.update(round=update_round, request=request, answer=answer)
    o["hr_request"] = update_round.requests.get(initiative=hr_only, unit=hr)

    # ---- the meeting cycle: an action item owned by the hospital, a file, a coming meeting
    from fremdrift.governance import cycle

    o["action_item"] = cycle.add_action_item(
        meeting, by=ACTOR, text="Beskriv forløbet", item=item, owner_unit=hospital
    )
    o["attachment"] = cycle.add_attachment(
        meeting, by=ACTOR, filename="bilag.pdf", content=b"%PDF-1.4 bilag", item=item
    )
    o["upcoming_meeting"] = governance_actions.create_meeting(
        forum, by=ACTOR, date=timezone.localdate() + dt.timedelta(days=30), title="Næste HMU"
    )

    # ---- participation
    workshop = participation_actions.create_workshop(
        plan,
        by=ACTOR,
        title="Temaworkshop",
        date=dt.date(2021, 11, 2),
        recommendations=["Flere SPV'er i dagtid"],
    )
    consultation = participation_actions.create_consultation(
        by=ACTOR, title="Kompetencestrategi", plan=plan, forums=[forum], units=[hr]
    )
    consultation_input = participation_actions.add_consultation_input(
        consultation, by=ACTOR, source="AL", kind="anbefaling", text="Læring tæt på praksis"
    )
    long_list = participation_actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")
    candidate = participation_actions.add_candidate(long_list, by=ACTOR, title="Mulig indsats")
    o.update(
        workshop=workshop,
        output=workshop.outputs.get(),
        consultation=consultation,
        consultation_input=consultation_input,
        invitation=consultation.invitations.get(forum=forum),
        long_list=long_list,
        candidate=candidate,
    )

    # ---- the secretary's secret calendar address
    o["calendar_feed"], world.secrets["calendar"] = core_actions.create_calendar_feed(
        u["secretary"], by=ACTOR
    )

    # ---- reports
    o["report"] = service.issue(service.generate(plan, fmt="html"), by=ACTOR)

    # ---- indicators
    run = indicator_actions.create_run(
        by=ACTOR,
        as_of=timezone.make_aware(dt.datetime(2022, 2, 1)),
        params={"link_gap_hours": 4},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    cell = {
        "indicator": "acute_admissions",
        "sector": "somatik",
        "period_type": "month",
        "period": "2022-01",
        "denominator": None,
        "provisional": 0,
    }
    run = indicator_actions.complete_run(
        run.pk,
        by=ACTOR,
        validation={"contacts": {"rows_read": 10}},
        rows=[
            {**cell, "geo_level": "region", "geo_code": "RM", "geo_name": "RM",
             "numerator": 3, "value": 3.0, "suppressed": True},
            {**cell, "geo_level": "municipality", "geo_code": "730", "geo_name": "Randers",
             "numerator": 3, "value": 3.0, "suppressed": True},
        ],
    )  # fmt: skip
    o["run"] = indicator_actions.publish_run(run, by=ACTOR)
    o["indicator_value"] = run.values.get(geo_level="region")
    o["indicator_link"] = indicator_actions.link_indicator(
        shared,
        by=ACTOR,
        indicator="readmission_30d",
        sector="somatik",
        geo_level="cluster",
        geo_code="Randersklyngen",
        geo_name="Randersklyngen",
    )
    manual = indicator_actions.create_manual_indicator(
        shared, by=ACTOR, name="Svartid", unit="minutter"
    )
    o["manual"] = manual
    o["manual_value"] = indicator_actions.record_manual_value(
        manual, by=ACTOR, date=dt.date(2021, 12, 1), value=12
    )

    # ---- an import into plan A waiting for its coordinator's confirmation
    document = {
        "format": "fremdrift-plan/1",
        "plan": {"slug": "vinter", "title": "Vinterplan"},
        "areas": [{"slug": "personale", "title": "Personale", "initiatives": ["ny"]}],
        "initiatives": [{"ref": "ny", "title": "En ny indsats", "status": "Ny"}],
    }
    o["import_job"] = webimport.upload(
        content=json.dumps(document).encode(),
        filename="vinter.json",
        plan_slug="",
        by=u["coordinator"],
    )

    # ---- background jobs: a queued report of plan A (by its coordinator) and a meeting
    # pack the secretary made
    from fremdrift.jobs.choices import JobKind, JobState
    from fremdrift.jobs.models import Job

    o["job"] = Job.objects.create(
        kind=JobKind.REPORT,
        title="Statusrapport",
        task_path="fremdrift.reports.tasks.issue_report",
        plan=plan,
        created_by=u["coordinator"],
        created_by_name="koordinator",
    )
    o["pack_job"] = Job.objects.create(
        kind=JobKind.MEETING_PACK,
        title="Mødemateriale",
        task_path="fremdrift.governance.tasks.make_meeting_pack",
        state=JobState.DONE,
        created_by=u["secretary"],
        created_by_name="sekretaer",
        output=b"%PDF-1.4 pack",
        output_name="pack.pdf",
        output_media_type="application/pdf",
    )
    return world
