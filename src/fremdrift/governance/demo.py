"""Demo step: forums, meetings with agendas, milestones and decisions from governance.yaml.

Idempotent: each entry is matched by its natural key (forum short name; forum and date;
meeting and item number; plan, title and date; item and decision text) before writing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from fremdrift.core.actions import find_unit
from fremdrift.governance import actions
from fremdrift.governance.models import Decision, Forum, Meeting, Milestone
from fremdrift.portfolio.models import Initiative, Plan

ACTOR = "demo"
DATA_FILE = "governance.yaml"

# Seed 000 (plan for 2022 after the AL seminar) as a decision point at the HMU of 10 December:
# the journey "In the meeting" of DESIGN.md starts here.
EXTRA_ITEMS: list[dict[str, Any]] = [
    {
        "forum": "HMU",
        "date": "2021-12-10",
        "number": 2,
        "title": "Sprint: Standardtekster ved medicinordination",
        "kind": "beslutning",
        "description": (
            "Der er udarbejdet standardtekster til 3 medikamenter og til generel medicinopstart "
            "for de valgte medicingrupper, samt ADHD.\n"
            "Plan for 2022:\n"
            "1. De udarbejdede standardtekster for medicinordination opsættes til alle afdelinger\n"
            "2. Der arbejdes videre med udbredelsen af standardiserede tekster og "
            "beslutningsstøtte f.eks. via RPA."
        ),
        "initiatives": ["robust-psykiatri-2022/standardtekster-medicinordination"],
        "questions": [],
    },
]


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def resolve_initiatives(refs: list[str] | None) -> list[Initiative]:
    """Initiatives named "plan-slug/ref"; unknown references are skipped."""
    result = []
    for ref in refs or []:
        plan_slug, _sep, initiative_ref = str(ref).partition("/")
        found = Initiative.objects.filter(plan__slug=plan_slug, ref=initiative_ref).first()
        if found is not None:
            result.append(found)
    return result


def _forums(entries: list[dict[str, Any]]) -> dict[str, Forum]:
    forums = {f.short_name: f for f in Forum.objects.all()}
    for entry in entries:
        if entry["short_name"] not in forums:
            forums[entry["short_name"]] = actions.create_forum(
                by=ACTOR,
                short_name=entry["short_name"],
                name=entry["name"],
                unit=find_unit(entry.get("unit") or ""),
                plans=Plan.objects.filter(slug__in=entry.get("plans") or []),
            )
        else:
            forum = forums[entry["short_name"]]
            wanted = set(entry.get("plans") or [])
            if wanted and not wanted <= set(forum.plans.values_list("slug", flat=True)):
                plans = Plan.objects.filter(slug__in=wanted | {p.slug for p in forum.plans.all()})
                actions.update_forum(forum, by=ACTOR, plans=plans)
    return forums


def _meeting(forums: dict[str, Forum], entry: dict[str, Any]) -> Meeting | None:
    forum = forums.get(entry["forum"])
    if forum is None:
        return None
    day = _date(entry["date"])
    meeting = Meeting.objects.filter(forum=forum, date=day).first()
    if meeting is None:
        meeting = actions.create_meeting(
            forum,
            by=ACTOR,
            date=day,
            title=entry.get("title") or "",
            end_date=_date(entry.get("end_date")),
            place=entry.get("place") or "",
        )
    return meeting


def _item(meeting: Meeting, entry: dict[str, Any]) -> None:
    if meeting.items.filter(number=entry["number"]).exists():
        return
    questions = [(q["text"], q.get("minutes")) for q in entry.get("questions") or []]
    actions.add_agenda_item(
        meeting,
        by=ACTOR,
        number=entry["number"],
        title=entry["title"],
        kind=entry["kind"],
        presenter=entry.get("presenter") or "",
        duration_minutes=entry.get("duration_minutes"),
        description=entry.get("description") or "",
        discussion_minutes=entry.get("discussion_minutes"),
        initiatives=resolve_initiatives(entry.get("initiatives")),
        questions=questions,
    )


def _milestone(forums: dict[str, Forum], entry: dict[str, Any]) -> None:
    plan = Plan.objects.filter(slug=entry["plan"]).first()
    day = _date(entry["date"])
    if plan is None or Milestone.objects.filter(plan=plan, title=entry["title"], date=day).exists():
        return
    forum = forums.get(entry.get("forum") or "")
    meeting = Meeting.objects.filter(forum=forum, date=day).first() if forum else None
    actions.create_milestone(
        plan,
        by=ACTOR,
        title=entry["title"],
        date=day,
        end_date=_date(entry.get("end_date")),
        approximate=bool(entry.get("approximate")),
        forum=forum,
        meeting=meeting,
        description=entry.get("description") or "",
        initiatives=resolve_initiatives(entry.get("initiatives")),
    )


def _decision(forums: dict[str, Forum], entry: dict[str, Any]) -> None:
    forum = forums.get(entry["forum"])
    day = _date(entry["date"])
    meeting = Meeting.objects.filter(forum=forum, date=day).first() if forum else None
    if meeting is None:
        return
    wanted = resolve_initiatives(entry.get("initiatives"))
    items = list(meeting.items.prefetch_related("initiatives"))
    item = next(
        (i for i in items if {w.pk for w in wanted} <= {x.pk for x in i.initiatives.all()}),
        items[0] if items else None,
    )
    if item is None or Decision.objects.filter(item=item, text=entry["text"].strip()).exists():
        return
    linked = {i.pk for i in item.initiatives.all()}
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    actions.record_decision(
        item,
        by=ACTOR,
        text=entry["text"],
        outcome=entry["outcome"],
        initiatives=[w for w in wanted if w.pk in linked],
        phase=entry.get("phase") or "",
        apply=False,
        at=at,
    )


@transaction.atomic
def load_governance() -> None:
    """Load forums, meetings, agenda items, milestones and decisions (idempotent)."""
    from fremdrift.demo.loader import DATA_DIR, read_yaml

    if not (DATA_DIR / DATA_FILE).exists():
        return
    document = read_yaml(DATA_FILE)
    forums = _forums(document.get("forums") or [])
    for entry in document.get("meetings") or []:
        meeting = _meeting(forums, entry)
        for item in (entry.get("agenda") or []) if meeting else []:
            _item(meeting, item)
    for entry in EXTRA_ITEMS:
        meeting = _meeting(forums, {"forum": entry["forum"], "date": entry["date"]})
        if meeting is not None:
            _item(meeting, entry)
    for entry in document.get("milestones") or []:
        _milestone(forums, entry)
    for entry in document.get("decisions") or []:
        _decision(forums, entry)
