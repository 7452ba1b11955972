"""Demo step: action items from the seeds' "Næste skridt" (HMU 4 November 2021, seed 002) and
"Plan for 2022" (HMU 10 December 2021, seed 000), on the HMU meetings of ``governance.yaml``.

Deadlines and owners the seeds give are used as written ("uge 44" is the Friday of week 44);
where a seed names no owner or date, the action item is marked *illustrativ*. Idempotent: an
action item is matched by meeting and text. Runs after ``load_governance``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fremdrift.core.actions import find_unit
from fremdrift.governance import cycle
from fremdrift.governance.demo import resolve_initiatives
from fremdrift.governance.models import ActionItem, Forum, Meeting

ACTOR = "demo"
PLAN = "robust-psykiatri-2022"

# (meeting date, item title starts with, text, owner unit, owner name, deadline, initiative,
#  illustrative)
ACTION_ITEMS: list[dict[str, Any]] = [
    {
        "date": "2021-11-04",
        "text": "Evaluering af standardplanen for genindlæggelser inden for 7 dage: virker den "
        "efter hensigten, og hvad er erfaringerne indtil nu (Næste skridt).",
        "unit": "Regionspsykiatrien Midt",
        "deadline": "2021-11-05",  # uge 44
        "initiative": "dokumentation-genindlaeggelser",
    },
    {
        "date": "2021-11-04",
        "text": "Second opinion-afprøvning af standardtekster ved medicinordination i de 2 "
        "afdelinger (Næste skridt).",
        "unit": "Afdeling for Psykoser",
        "deadline": "2021-11-12",  # uge 45
        "initiative": "standardtekster-medicinordination",
    },
    {
        "date": "2021-11-04",
        "text": "Interview med udpegede læger fra AfP og ADA om, hvad der skal afdækkes på "
        "klagesagsområdet, og hvad der skal afdækkes først (Næste skridt).",
        "unit": "Afdeling for Depression og Angst",
        "deadline": "2021-11-12",  # uge 45
        "initiative": "klagesager",
    },
    {
        "date": "2021-11-04",
        "text": "Workshop om en konkret klagesagstype som grundlag for afdækningen af de "
        "øvrige klagesagstyper (Næste skridt).",
        "unit": "Psykiatristaben",
        "deadline": "2021-11-30",  # ultimo november
        "initiative": "klagesager",
        "illustrative": True,  # the seed names no owner
    },
    {
        "date": "2021-12-10",
        "text": "De udarbejdede standardtekster for medicinordination opsættes til alle "
        "afdelinger (Plan for 2022).",
        "unit": "Psykiatristaben",
        "deadline": "2022-03-31",
        "initiative": "standardtekster-medicinordination",
        "illustrative": True,  # owner and deadline invented
    },
    {
        "date": "2021-12-10",
        "text": "Standardplanen for genindlæggelser laves fælles og implementeres på tværs af "
        "hospitalet (Plan for 2022).",
        "unit": "Psykiatristaben",
        "deadline": "2022-06-30",
        "initiative": "dokumentation-genindlaeggelser",
        "illustrative": True,
    },
    {
        "date": "2021-12-10",
        "text": "Anbefalinger for klager i Det Psykiatriske Patientklagenævn præsenteres for "
        "AL og HMU (Plan for 2022).",
        "unit": "Psykiatristaben",
        "deadline": "2022-02-28",  # primo 2022
        "initiative": "klagesager",
        "illustrative": True,
    },
    {
        "date": "2021-12-10",
        "text": "Fælles oversigt over individuelle muligheder for uddannelseslæger (forskning, "
        "kompetenceudvikling, deltid …) på tværs af hospitalet (Plan for 2022).",
        "unit": "Psykiatristaben",
        "deadline": "2022-04-30",
        "initiative": "uddannelseslaeger",
        "illustrative": True,
    },
]


@transaction.atomic
def load_action_items() -> int:
    """Add the demo's action items to the HMU meetings; returns how many were added."""
    forum = Forum.objects.filter(short_name="HMU").first()
    if forum is None:
        return 0
    added = 0
    for entry in ACTION_ITEMS:
        meeting = Meeting.objects.filter(
            forum=forum, date=dt.date.fromisoformat(entry["date"])
        ).first()
        if meeting is None or ActionItem.objects.filter(meeting=meeting, text=entry["text"]):
            continue
        unit = find_unit(entry["unit"])
        initiatives = resolve_initiatives([f"{PLAN}/{entry['initiative']}"])
        initiative = initiatives[0] if initiatives else None
        item = meeting.items.filter(initiatives=initiative).first() if initiative else None
        cycle.add_action_item(
            meeting,
            by=ACTOR,
            text=entry["text"],
            item=item,
            owner_unit=unit,
            owner_name="" if unit else entry["unit"],
            deadline=dt.date.fromisoformat(entry["deadline"]),
            initiative=initiative,
            illustrative=bool(entry.get("illustrative")),
        )
        added += 1
    return added
