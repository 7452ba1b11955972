"""Read-side queries of governance, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from fremdrift.core import access
from fremdrift.governance.models import AgendaItem, Decision, Forum, Meeting
from fremdrift.portfolio.models import Initiative


def forums_with_counts() -> QuerySet:
    return Forum.objects.select_related("unit").annotate(
        n_meetings=Count("meetings", distinct=True),
        n_decisions=Count(
            "meetings__items__decisions",
            filter=Q(meetings__items__decisions__superseded_by__isnull=True),
            distinct=True,
        ),
    )


def meetings(
    q: str = "", forum: Forum | None = None, year: int | None = None, sort: str = "date"
) -> QuerySet:
    qs = Meeting.objects.select_related("forum").annotate(n_items=Count("items", distinct=True))
    if forum is not None:
        qs = qs.filter(forum=forum)
    if year:
        qs = qs.filter(date__year=year)
    for word in (q or "").split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(place__icontains=word)
            | Q(items__title__icontains=word)
            | Q(forum__short_name__icontains=word)
        )
    order = {
        "date": ("date", "id"),
        "-date": ("-date", "-id"),
        "forum": ("forum__short_name", "date"),
    }.get(sort, ("date", "id"))
    return qs.distinct().order_by(*order)


def decisions(
    user: Any,
    *,
    forum: Forum | None = None,
    initiative: Initiative | None = None,
    q: str = "",
    outcome: str = "",
    sort: str = "-date",
) -> list[Decision]:
    """The current decisions (not corrected since) with their meeting and the initiatives
    the user may see (prefetched). Each has ``replaced``: the records it corrected, newest
    first, so a log can show them marked as replaced under the decision that stands."""
    qs = access.restrict(
        Decision.objects.filter(superseded_by__isnull=True).select_related("item__meeting__forum"),
        user,
    )
    if forum is not None:
        qs = qs.filter(item__meeting__forum=forum)
    if initiative is not None:
        qs = qs.filter(initiatives=initiative)
    if outcome:
        qs = qs.filter(outcome=outcome)
    for word in (q or "").split():
        qs = qs.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
    visible = access.visible_initiatives(user)
    qs = qs.prefetch_related(
        Prefetch(
            "initiatives",
            queryset=Initiative.objects.filter(pk__in=visible.values("pk")),
            to_attr="visible_initiatives",
        )
    )
    order = ("item__meeting__date", "id") if sort == "date" else ("-item__meeting__date", "-id")
    current = list(qs.order_by(*order))
    _attach_replaced(current)
    return current


def _attach_replaced(current: list[Decision]) -> None:
    """Set ``replaced`` on each decision: the chain of records it corrected (one query,
    none if nothing was corrected)."""
    for decision in current:
        decision.replaced = []
    if not any(d.supersedes_id for d in current):
        return
    corrected = {
        d.pk: d
        for d in Decision.objects.filter(
            item_id__in={d.item_id for d in current}, superseded_by__isnull=False
        )
    }
    for decision in current:
        chain, pk = [], decision.supersedes_id
        while pk in corrected:
            chain.append(corrected[pk])
            pk = corrected[pk].supersedes_id
        decision.replaced = chain


def agenda(meeting: Meeting, user: Any) -> list[AgendaItem]:
    """The agenda with questions, decisions and visible initiatives prefetched."""
    visible = access.visible_initiatives(user)
    initiatives = Initiative.objects.filter(pk__in=visible.values("pk")).select_related("plan")
    return list(
        meeting.items.prefetch_related(
            "questions",
            "group_answers__question",
            Prefetch("initiatives", queryset=initiatives, to_attr="visible_initiatives"),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("supersedes", "superseded_by")
                .prefetch_related(
                    Prefetch("initiatives", queryset=initiatives, to_attr="visible_initiatives")
                )
                .order_by("id"),
            ),
        )
    )
