"""Every URL × every role: the status each role must get — pages, downloads and the API.

The URLs are discovered with ``django.urls.get_resolver()``; a URL without an entry in
``EXPECTED`` fails the suite, so no new page or endpoint goes unprotected unnoticed. The
objects the URLs name are real: ``tests/security/world.py`` builds one of every kind, in
plan A (the plan the roles are about) and plan B. Each request runs in a transaction that
is rolled back, so a POST that one role may make does not change what the next role meets.

**Adding a URL?** Say in ``EXPECTED`` what each role gets (the helper ``expect`` takes the
roles that succeed and the roles that see the object but may not do the action: they get
403, everyone else 404), and in ``ARGUMENTS`` which object of the world it names. The
policy behind the expectations is written down in docs/security.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.conftest import api_token_for
from tests.security.world import ROLES, World, build_world

pytestmark = pytest.mark.django_db

ANY_USER = frozenset(ROLES) - {"anonymous"}
ANY_ROLE = ANY_USER - {"nobody"}
# Every role but a municipality partner's (who sees indicator figures only: no forum, no task).
INTERNAL = ANY_ROLE - {"partner"}
# Who reads plan A: its reader and coordinator, the editors of units taking part in it, the
# secretary of the forum serving it, and the administrator.
SEES_A = frozenset({"reader", "editor_other", "editor_own", "coordinator", "secretary", "admin"})
COORDINATES_A = frozenset({"coordinator", "admin"})
EDITS_SHARED = frozenset({"editor_own", "coordinator", "admin"})
CHANGES_FORUM = frozenset({"coordinator", "secretary", "admin"})
COORDINATORS = frozenset({"coordinator", "coordinator_other", "admin"})
ANALYSTS = frozenset({"analyst", "admin"})
MAY_READ_AUDIT = frozenset({"coordinator", "coordinator_other", "secretary", "admin"})


def expect(
    ok: frozenset[str] | set[str],
    see: frozenset[str] | set[str] = frozenset(),
    *,
    code: int = 200,
    anon: int = 302,
    hidden: int = 404,
) -> dict[str, int]:
    """``ok`` get ``code``; ``see`` (who may see but not do it) 403; others ``hidden``."""
    result = {}
    for role in ROLES:
        if role == "anonymous":
            result[role] = anon
        elif role in ok:
            result[role] = code
        elif role in see:
            result[role] = 403
        else:
            result[role] = hidden
    return result


def every(code: int, *, anon: int | None = None) -> dict[str, int]:
    return {role: (anon if role == "anonymous" and anon is not None else code) for role in ROLES}


def api(
    ok: frozenset[str] | set[str], see: frozenset[str] | set[str] = frozenset(), **kw: Any
) -> dict[str, int]:
    return expect(ok, see, anon=401, **kw)


@dataclass(frozen=True)
class Check:
    """One request per role and the status each role must get."""

    expected: dict[str, int]
    method: str = "get"
    body: Callable[[World], dict[str, Any]] | None = None


def get(expected: dict[str, int]) -> Check:
    return Check(expected)


def post(expected: dict[str, int], body: Callable[[World], dict[str, Any]] | None = None) -> Check:
    return Check(expected, "post", body)


def _long_list(w: World) -> dict[str, Any]:
    return {"long_list": w["long_list"].pk}


EXPECTED: dict[str, list[Check]] = {
    # ---- root and core
    "home": [get(every(302))],
    "healthz": [get(every(200))],
    "theme-css": [get(every(200))],
    "favicon": [get(every(200))],
    "accessibility": [get(every(200))],
    "login": [get(every(200))],
    "logout": [get(every(405, anon=302))],
    "set_language": [post(every(302), lambda w: {"language": "da"})],
    "api-token": [get(every(200, anon=302))],
    "calendar-subscription": [get(every(200, anon=302)), post(every(200, anon=302))],
    "audit-list": [get(expect(MAY_READ_AUDIT, see=ANY_USER))],
    "oidc_authentication_init": [get(every(404))],
    "oidc_authentication_callback": [get(every(404))],
    # ---- portfolio (an empty POST to a form: allowed roles see the form's errors)
    "portfolio:plan-list": [get(every(200, anon=302))],
    "portfolio:plan-detail": [get(expect(SEES_A))],
    "portfolio:search": [get(every(200, anon=302))],
    "portfolio:initiative-detail": [get(expect(SEES_A))],
    "portfolio:initiative-create": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    "portfolio:initiative-edit": [
        get(expect(EDITS_SHARED, see=SEES_A)),
        post(expect(EDITS_SHARED, see=SEES_A)),
    ],
    "portfolio:initiative-archive": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    # (the initiative is not archived: the coordinator is led back to it)
    "portfolio:initiative-restore": [
        get(expect(COORDINATES_A, see=SEES_A, code=302)),
        post(expect(COORDINATES_A, see=SEES_A, code=302)),
    ],
    "portfolio:status-create": [
        get(expect(EDITS_SHARED, see=SEES_A)),
        post(expect(EDITS_SHARED, see=SEES_A)),
    ],
    "portfolio:section-wording": [
        get(expect(EDITS_SHARED, see=SEES_A)),
        post(expect(EDITS_SHARED, see=SEES_A)),
    ],
    # ---- reports
    "reports:css": [get(every(200, anon=302))],
    "reports:page": [get(expect(SEES_A))],
    "reports:changes": [get(expect(SEES_A))],
    "reports:download": [get(expect(SEES_A))],
    "reports:issue": [
        post(expect(COORDINATES_A, see=SEES_A, code=302), lambda w: {"format": "html"})
    ],
    "reports:issued-download": [get(expect(SEES_A))],
    "reports:deck-options": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    # ---- imports: only the uploader (a coordinator of plan A) and administrators
    "interchange:upload": [get(expect(COORDINATORS, see=ANY_ROLE))],
    "interchange:preview": [get(expect(COORDINATES_A))],
    "interchange:apply": [post(expect(COORDINATES_A, code=302))],
    "interchange:discard": [post(expect(COORDINATES_A, code=302))],
    # ---- governance: the forum HMU serves plan A
    "governance:forum-list": [get(expect(INTERNAL, see={"partner"}))],
    "governance:forum-create": [
        get(expect(COORDINATORS, see=ANY_ROLE)),
        post(expect(COORDINATORS, see=ANY_ROLE)),
    ],
    "governance:forum-detail": [get(expect(SEES_A))],
    "governance:forum-edit": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:member-add": [
        post(expect(CHANGES_FORUM, see=SEES_A, code=302), lambda w: {"name": "Ny"})
    ],
    # a confirmation page naming the person and the forum, then the removal
    "governance:member-remove": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A, code=302)),
    ],
    "governance:forum-calendar": [get(expect(SEES_A))],
    # The secret in the address is the key: the same feed for every caller, no session.
    "governance:subscribed-calendar": [get(every(200))],
    "governance:meeting-create": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:meeting-list": [get(expect(INTERNAL, see={"partner"}))],
    "governance:meeting-detail": [get(expect(SEES_A))],
    "governance:meeting-edit": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:meeting-calendar": [get(expect(SEES_A))],
    "governance:meeting-pack": [get(expect(SEES_A))],
    # A GET shows the pack page; a POST queues the file and leads to its task.
    "governance:meeting-pack-pdf": [
        get(expect(SEES_A, code=302)),
        post(expect(SEES_A, code=302)),
    ],
    "governance:meeting-pack-pptx": [
        get(expect(SEES_A, code=302)),
        post(expect(SEES_A, code=302)),
    ],
    "governance:item-create": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:item-edit": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:item-minutes": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A, code=302), lambda w: {"minutes": "Nyt referat"}),
    ],
    "governance:decision-create": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:process-plan": [get(expect(SEES_A))],
    "governance:process-plan-pdf": [get(expect(SEES_A))],
    "governance:process-plan-svg": [get(expect(SEES_A))],
    "governance:milestone-create": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    "governance:milestone-delete": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    # ---- the meeting cycle (issue 16): HMU's meeting, its item, action item and file
    "governance:meeting-prepare": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:meeting-attendance": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(
            expect(CHANGES_FORUM, see=SEES_A, code=302),
            lambda w: {"guests": "Gæst Gæstesen"},
        ),
    ],
    "governance:item-groups": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:action-create": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    # The owner unit's editor marks the action item done, too.
    "governance:action-done": [post(expect(CHANGES_FORUM | {"editor_own"}, see=SEES_A, code=302))],
    "governance:minutes-docx": [get(expect(SEES_A))],
    "governance:minutes-pdf": [get(expect(SEES_A))],
    "governance:minutes-approve": [post(expect({"secretary", "admin"}, see=SEES_A, code=302))],
    # a form page (for an agenda item: ?item=); a POST without a file shows it again
    "governance:attachment-upload": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:attachment-download": [get(expect(SEES_A))],
    "governance:attachment-remove": [post(expect(CHANGES_FORUM, see=SEES_A, code=302))],
    # a confirmation page, then the removal or the cancellation (and its taking back)
    # (the world's item has a decision: the removal is refused on the page, so 200)
    "governance:item-remove": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:meeting-cancel": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A, code=302), lambda w: {"reason": "Aflyst"}),
    ],
    "governance:decision-correct": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "governance:milestone-correct": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    # ---- participation: everything belongs to plan A
    "participation:workshop-list": [get(expect(SEES_A))],
    "participation:workshop-create": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    "participation:workshop-detail": [get(expect(SEES_A))],
    "participation:workshop-edit": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    "participation:candidate-from-output": [
        post(expect(COORDINATES_A, see=SEES_A, code=302), _long_list)
    ],
    "participation:consultation-list": [get(expect(INTERNAL, see={"partner"}))],
    "participation:consultation-create": [
        get(expect(COORDINATORS, see=ANY_ROLE)),
        post(expect(COORDINATORS, see=ANY_ROLE)),
    ],
    "participation:consultation-detail": [get(expect(SEES_A))],
    "participation:consultation-edit": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    # The consultation invites HMU (the secretary's forum) and Koncern HR.
    "participation:consultation-answer": [
        get(expect(CHANGES_FORUM, see=SEES_A)),
        post(expect(CHANGES_FORUM, see=SEES_A)),
    ],
    "participation:inputs-to-long-list": [
        post(expect(COORDINATES_A, see=SEES_A, code=302), _long_list)
    ],
    "participation:candidate-from-input": [
        post(expect(COORDINATES_A, see=SEES_A, code=302), _long_list)
    ],
    "participation:longlist-list": [get(expect(SEES_A))],
    "participation:longlist-detail": [get(expect(SEES_A))],
    "participation:candidate-add": [post(expect(COORDINATES_A, see=SEES_A))],
    "participation:candidate-score": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    "participation:candidate-status": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    "participation:candidate-promote": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    # ---- follow-up: an open round on plan A; the hospital answered for ``shared``
    "followup:mine": [get(every(200, anon=302))],
    "followup:round-list": [get(expect(COORDINATES_A, see=SEES_A))],
    "followup:round-create": [
        get(expect(COORDINATES_A, see=SEES_A)),
        post(expect(COORDINATES_A, see=SEES_A)),
    ],
    "followup:round-detail": [get(expect(COORDINATES_A, see=SEES_A))],
    "followup:round-remind": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    "followup:round-close": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    "followup:answer": [get(expect(EDITS_SHARED, see=SEES_A))],
    "followup:answer-approve": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    "followup:answer-return": [
        post(expect(COORDINATES_A, see=SEES_A, code=302), lambda w: {"comment": "Uddyb."})
    ],
    "followup:local-status": [get(expect(EDITS_SHARED, see=SEES_A))],
    "followup:readiness": [get(expect(EDITS_SHARED, see=SEES_A))],
    "followup:heatmap": [get(every(200, anon=302))],
    "followup:readiness-low": [get(expect(COORDINATORS, see=ANY_USER))],
    # ---- indicators
    "indicators:dashboard": [get(expect(ANY_ROLE))],
    "indicators:municipalities": [get(expect(ANY_ROLE))],
    "indicators:download-csv": [get(expect(ANY_ROLE))],
    "indicators:download-xlsx": [get(expect(ANY_ROLE))],
    "indicators:run-list": [get(expect(ANALYSTS))],
    "indicators:run-create": [get(expect(ANALYSTS))],
    "indicators:run-detail": [get(expect(ANALYSTS))],
    "indicators:run-progress": [get(expect(ANALYSTS))],
    "indicators:run-publish": [post(expect(ANALYSTS, code=302))],
    "indicators:initiative-indicators": [get(expect(EDITS_SHARED, see=SEES_A))],
    "indicators:link-delete": [post(expect(EDITS_SHARED, see=SEES_A, code=302))],
    "indicators:manual-create": [
        get(expect(EDITS_SHARED, see=SEES_A)),
        post(expect(EDITS_SHARED, see=SEES_A)),
    ],
    "indicators:manual-detail": [get(expect(SEES_A))],
    "indicators:manual-edit": [
        get(expect(EDITS_SHARED, see=SEES_A)),
        post(expect(EDITS_SHARED, see=SEES_A)),
    ],
    "indicators:manual-value-delete": [post(expect(EDITS_SHARED, see=SEES_A, code=302))],
    # ---- the public indicator dashboard: closed (404 for everyone) unless
    # FREMDRIFT_PUBLIC_INDICATORS is on (tests/indicators_web/test_public.py opens it)
    "public_indicators:index": [get(every(404))],
    "public_indicators:municipality": [get(every(404))],
    "public_indicators:download-csv": [get(every(404))],
    "public_indicators:embed": [get(every(404))],
    # ---- background jobs: a queued report task of plan A started by its coordinator, and a
    # finished meeting pack of the secretary's
    "jobs:list": [get(expect(INTERNAL, see={"partner"}))],
    "jobs:detail": [get(expect(SEES_A))],
    "jobs:progress": [get(expect(SEES_A))],
    "jobs:cancel": [post(expect(COORDINATES_A, see=SEES_A, code=302))],
    "jobs:download": [get(expect({"secretary", "admin"}))],
    # ---- API (401 without credentials; a plan the caller may not see is "invalid": 400)
    "api:schema": [get(every(200, anon=401))],
    "api:docs": [get(every(200, anon=401))],
    "api:plan-list": [
        get(every(200, anon=401)),
        post(
            api({"admin"}, see=ANY_USER, code=201),
            lambda w: {"slug": "matrix-plan", "title": "Matrix"},
        ),
    ],
    "api:plan-detail": [
        get(api(SEES_A)),
        Check(api(COORDINATES_A, see=SEES_A), "patch", lambda w: {"title": "Vinterplan"}),
    ],
    "api:area-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201, hidden=400),
            lambda w: {"plan": w["plan"].pk, "title": "Matrixområde"},
        ),
    ],
    "api:area-detail": [
        get(api(SEES_A)),
        Check(api(COORDINATES_A, see=SEES_A), "patch", lambda w: {"title": "Personale"}),
    ],
    "api:initiative-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201, hidden=400),
            lambda w: {"plan": w["plan"].pk, "title": "Matrixindsats"},
        ),
    ],
    "api:initiative-detail": [
        get(api(SEES_A)),
        Check(
            api(EDITS_SHARED, see=SEES_A),
            "patch",
            lambda w: {"theme": "Tema", "version": _fresh(w["shared"]).version},
        ),
    ],
    "api:initiative-status": [
        get(every(405, anon=401)),
        post(
            api(EDITS_SHARED, see=SEES_A, code=201),
            lambda w: {"text": "Status fra matricen.", "version": _fresh(w["shared"]).version},
        ),
    ],
    "api:status-update-list": [
        get(every(200, anon=401)),
        post(
            api(EDITS_SHARED, see=SEES_A, code=201, hidden=400),
            lambda w: {
                "initiative": w["shared"].pk,
                "text": "Via samlingen.",
                "version": _fresh(w["shared"]).version,
            },
        ),
    ],
    "api:status-update-detail": [
        get(api(SEES_A)),
        Check(every(405, anon=401), "patch", lambda w: {"text": "Ændret"}),
    ],
    "api:workshop-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201, hidden=400),
            lambda w: {"plan": w["plan"].pk, "title": "Matrixworkshop", "date": "2021-11-02"},
        ),
    ],
    "api:workshop-detail": [
        get(api(SEES_A)),
        Check(api(COORDINATES_A, see=SEES_A), "patch", lambda w: {"place": "Aarhus"}),
    ],
    # Starting one takes a coordinator; a plan the caller cannot see is "invalid" (400).
    "api:consultation-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=ANY_USER - {"coordinator_other"}, code=201, hidden=400),
            lambda w: {"plan": w["plan"].pk, "title": "Matrixhøring"},
        ),
    ],
    "api:consultation-detail": [
        get(api(SEES_A)),
        Check(api(COORDINATES_A, see=SEES_A), "patch", lambda w: {"description": "Spørgsmål"}),
    ],
    # Inputs under HMU's invitation: HMU's secretary and the plan's coordinators.
    "api:consultation-inputs": [
        get(every(405, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201),
            lambda w: {"invitation": w["invitation"].pk, "kind": "anbefaling", "text": "Mere"},
        ),
    ],
    "api:long-list-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201, hidden=400),
            lambda w: {"plan": w["plan"].pk, "title": "Matrixliste"},
        ),
    ],
    "api:long-list-detail": [get(api(SEES_A))],
    "api:candidate-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201, hidden=400),
            lambda w: {"long_list": w["long_list"].pk, "title": "Matrixkandidat"},
        ),
    ],
    "api:candidate-detail": [
        get(api(SEES_A)),
        Check(api(COORDINATES_A, see=SEES_A), "patch", lambda w: {"x_score": 3}),
    ],
    "api:unit-list": [
        get(every(200, anon=401)),
        post(
            api({"admin"}, see=ANY_USER, code=201),
            lambda w: {"name": "Matrixenhed", "kind": "stab"},
        ),
    ],
    # Indicator figures: published runs for every role (suppressed; a partner only its
    # area and the region), every run for the officers
    "api:indicators": [get(every(200, anon=401))],
    "api:indicator-run-list": [get(every(200, anon=401))],
    "api:indicator-run-detail": [get(api(ANY_ROLE))],
    "api:indicator-value-list": [get(every(200, anon=401))],
    "api:indicator-value-detail": [get(api(ANY_ROLE))],
    "api:unit-detail": [
        get(api(ANY_ROLE)),
        Check(api({"admin"}, see=ANY_ROLE), "patch", lambda w: {"short_name": "RHR"}),
    ],
    # ---- API of the meeting cycle
    "api:forum-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=ANY_USER - {"coordinator_other"}, code=201)
            | {"coordinator_other": 400},
            lambda w: {"short_name": "MX", "name": "Matrixforum", "plans": [w["plan"].pk]},
        ),
    ],
    "api:forum-detail": [
        get(api(SEES_A)),
        Check(api(CHANGES_FORUM, see=SEES_A), "patch", lambda w: {"description": "Ny"}),
    ],
    "api:meeting-list": [
        get(every(200, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201, hidden=400),
            lambda w: {"forum": w["forum"].pk, "date": "2022-01-10"},
        ),
    ],
    "api:meeting-detail": [
        get(api(SEES_A)),
        Check(api(CHANGES_FORUM, see=SEES_A), "patch", lambda w: {"place": "Viborg"}),
    ],
    "api:meeting-items": [
        get(every(405, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201),
            lambda w: {"title": "Nyt punkt", "kind": "orientering"},
        ),
    ],
    "api:meeting-attendance": [
        get(every(405, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A),
            lambda w: {"attendance": [{"name": "Hanne Medlem", "status": "present"}]},
        ),
    ],
    "api:meeting-group-answers": [
        get(every(405, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201),
            lambda w: {"item": w["item"].pk, "group": "Bord 1", "text": "Svar"},
        ),
    ],
    # Only the plans' coordinators open rounds: the secretary may change the meeting, not
    # the plan.
    "api:meeting-prepare": [
        get(every(405, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201),
            lambda w: {
                "plans": [w["plan"].pk],
                "deadline": (w["upcoming_meeting"].date - dt.timedelta(days=3)).isoformat(),
            },
        ),
    ],
    "api:decision-list": [
        get(every(200, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201, hidden=400),
            lambda w: {"item": w["item"].pk, "text": "Ny beslutning", "outcome": "approved"},
        ),
    ],
    "api:decision-detail": [
        get(api(SEES_A)),
        Check(every(405, anon=401), "patch", lambda w: {"text": "Ændret"}),
    ],
    "api:decision-correct": [
        get(every(405, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201),
            lambda w: {"text": "Rettet beslutning", "outcome": "deferred"},
        ),
    ],
    "api:action-item-list": [
        get(every(200, anon=401)),
        post(
            api(CHANGES_FORUM, see=SEES_A, code=201, hidden=400),
            lambda w: {"meeting": w["meeting"].pk, "text": "Gør noget", "owner_name": "Hanne"},
        ),
    ],
    "api:action-item-detail": [
        get(api(SEES_A)),
        Check(api(CHANGES_FORUM | {"editor_own"}, see=SEES_A), "patch", lambda w: {"done": True}),
    ],
    "api:round-list": [
        get(every(200, anon=401)),
        post(
            api(COORDINATES_A, see=SEES_A, code=201, hidden=400),
            lambda w: {
                "plan": w["plan"].pk,
                "title": "Matrixrunde",
                "deadline": (w["upcoming_meeting"].date - dt.timedelta(days=3)).isoformat(),
            },
        ),
    ],
    "api:round-detail": [get(api(SEES_A))],
    "api:round-close": [
        get(every(405, anon=401)),
        post(api(COORDINATES_A, see=SEES_A)),
    ],
    # Koncern HR answers for its own initiative; others who read the plan may not.
    "api:round-answers": [
        get(every(405, anon=401)),
        post(
            api({"editor_other", "coordinator", "admin"}, see=SEES_A, code=201),
            lambda w: {"request": w["hr_request"].pk, "kind": "unchanged"},
        ),
    ],
}


def _fresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


# Which object of the world each URL names, by URL name.
ARGUMENTS: dict[str, Callable[[World], dict[str, Any]]] = {}


def _args(names: str, fn: Callable[[World], dict[str, Any]]) -> None:
    for name in names.split():
        ARGUMENTS[name] = fn


_args(
    "portfolio:plan-detail portfolio:initiative-create reports:page reports:changes "
    "reports:issue reports:deck-options governance:process-plan governance:process-plan-pdf "
    "governance:process-plan-svg governance:milestone-create participation:workshop-list "
    "participation:workshop-create participation:longlist-list followup:round-list "
    "followup:round-create",
    lambda w: {"slug": w["plan"].slug},
)
_args("reports:download", lambda w: {"slug": w["plan"].slug, "fmt": "html"})
_args(
    "portfolio:initiative-detail portfolio:initiative-edit portfolio:status-create "
    "portfolio:initiative-archive portfolio:initiative-restore "
    "indicators:initiative-indicators indicators:manual-create api:initiative-detail "
    "api:initiative-status",
    lambda w: {"pk": w["shared"].pk},
)
_args(
    "portfolio:section-wording",
    lambda w: {"pk": w["shared"].pk, "area_pk": w["area"].pk},
)
_args("reports:issued-download", lambda w: {"pk": w["report"].pk})
_args(
    "interchange:preview interchange:apply interchange:discard",
    lambda w: {"pk": w["import_job"].pk},
)
_args(
    "governance:forum-detail governance:forum-edit governance:member-add "
    "governance:forum-calendar governance:meeting-create",
    lambda w: {"pk": w["forum"].pk},
)
_args("governance:member-remove", lambda w: {"pk": w["member"].pk})
_args(
    "governance:meeting-detail governance:meeting-edit governance:meeting-calendar "
    "governance:meeting-pack governance:meeting-pack-pdf governance:meeting-pack-pptx "
    "governance:item-create governance:meeting-cancel",
    lambda w: {"pk": w["meeting"].pk},
)
_args(
    "governance:item-edit governance:item-minutes governance:decision-create "
    "governance:item-remove",
    lambda w: {"pk": w["item"].pk},
)
_args("governance:milestone-delete", lambda w: {"pk": w["milestone"].pk})
_args(
    "governance:meeting-prepare governance:meeting-attendance governance:action-create "
    "governance:minutes-docx governance:minutes-pdf governance:minutes-approve "
    "governance:attachment-upload api:meeting-detail api:meeting-items api:meeting-attendance "
    "api:meeting-group-answers",
    lambda w: {"pk": w["meeting"].pk},
)
_args("api:meeting-prepare", lambda w: {"pk": w["upcoming_meeting"].pk})
_args("governance:item-groups", lambda w: {"pk": w["item"].pk})
_args("governance:action-done api:action-item-detail", lambda w: {"pk": w["action_item"].pk})
_args(
    "governance:attachment-download governance:attachment-remove",
    lambda w: {"pk": w["attachment"].pk},
)
_args(
    "governance:decision-correct api:decision-detail api:decision-correct",
    lambda w: {"pk": w["decision"].pk},
)
_args("governance:milestone-correct", lambda w: {"pk": w["milestone"].pk})
_args("api:forum-detail", lambda w: {"pk": w["forum"].pk})
_args("api:round-detail api:round-close api:round-answers", lambda w: {"pk": w["round"].pk})
_args(
    "participation:workshop-detail participation:workshop-edit",
    lambda w: {"pk": w["workshop"].pk},
)
_args("participation:candidate-from-output", lambda w: {"pk": w["output"].pk})
_args(
    "participation:consultation-detail participation:consultation-edit "
    "participation:inputs-to-long-list",
    lambda w: {"pk": w["consultation"].pk},
)
_args("participation:consultation-answer", lambda w: {"pk": w["invitation"].pk})
_args("governance:subscribed-calendar", lambda w: {"secret": w.secrets["calendar"]})
_args("participation:candidate-from-input", lambda w: {"pk": w["consultation_input"].pk})
_args(
    "participation:longlist-detail participation:candidate-add",
    lambda w: {"pk": w["long_list"].pk},
)
_args(
    "participation:candidate-score participation:candidate-status participation:candidate-promote",
    lambda w: {"pk": w["candidate"].pk},
)
_args(
    "followup:round-detail followup:round-remind followup:round-close",
    lambda w: {"pk": w["round"].pk},
)
_args("followup:answer", lambda w: {"pk": w["request"].pk})
_args("followup:answer-approve followup:answer-return", lambda w: {"pk": w["answer"].pk})
_args(
    "followup:local-status followup:readiness",
    lambda w: {"pk": w["shared"].pk, "unit_pk": w["hospital"].pk},
)
_args(
    "indicators:run-detail indicators:run-progress indicators:run-publish",
    lambda w: {"pk": w["run"].pk},
)
_args(
    "indicators:link-delete",
    lambda w: {"pk": w["shared"].pk, "link_pk": w["indicator_link"].pk},
)
_args("indicators:manual-detail indicators:manual-edit", lambda w: {"pk": w["manual"].pk})
_args(
    "indicators:manual-value-delete",
    lambda w: {"pk": w["manual"].pk, "value_pk": w["manual_value"].pk},
)
_args("jobs:detail jobs:progress jobs:cancel", lambda w: {"pk": w["job"].pk})
_args(
    "public_indicators:municipality public_indicators:download-csv public_indicators:embed",
    lambda w: {"code": "730"},
)
_args("jobs:download", lambda w: {"pk": w["pack_job"].pk})
_args("api:plan-detail", lambda w: {"pk": w["plan"].pk})
_args("api:area-detail", lambda w: {"pk": w["area"].pk})
_args("api:status-update-detail", lambda w: {"pk": w["status"].pk})
_args("api:unit-detail", lambda w: {"pk": w["hospital"].pk})
_args("api:workshop-detail", lambda w: {"pk": w["workshop"].pk})
_args("api:consultation-detail api:consultation-inputs", lambda w: {"pk": w["consultation"].pk})
_args("api:long-list-detail", lambda w: {"pk": w["long_list"].pk})
_args("api:candidate-detail", lambda w: {"pk": w["candidate"].pk})
_args("api:indicator-run-detail", lambda w: {"pk": w["run"].pk})
_args("api:indicator-value-detail", lambda w: {"pk": w["indicator_value"].pk})


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0] if ":" in self.name else ""


def _params(pattern: Any) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return [p for p in pattern.pattern.regex.groupindex if p != "format"]


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[Route]:
    for pattern in patterns:
        found = params + tuple(_params(pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, found)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            elif route == "":
                name = "<root>"
            else:
                continue  # unnamed helper patterns (the admin's legacy redirects)
            yield Route(name, route, found)


def all_routes() -> dict[str, Route]:
    """Every named URL, once (the API's ``.json`` suffix variants share their name)."""
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        routes.setdefault(route.name, route)
    return routes


ROUTES = all_routes()
ADMIN_ALL = {name for name in ROUTES if name.startswith("admin:")}
# The admin's object pages (change, delete, history) sit behind the same check as the lists.
ADMIN = sorted(
    name for name in ADMIN_ALL if not {"object_id", "content_type_id"} & set(ROUTES[name].params)
)
CHECKED = sorted(name for name in ROUTES if name not in ADMIN_ALL)
NAMESPACES = sorted({ROUTES[name].namespace or "<root>" for name in CHECKED})


# --------------------------------------------------------------------------- requests


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def _client(world: World, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_login(world.users[role])
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(world.users[role])}")
    return client


def _url(name: str, world: World) -> str:
    if name == "<root>":
        return "/"
    kwargs = ARGUMENTS[name](world) if name in ARGUMENTS else {}
    return reverse(name, kwargs=kwargs)


def _request(client: APIClient, check: Check, url: str, world: World) -> Any:
    body = check.body(world) if check.body else {}
    if check.method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return getattr(client, check.method)(url, body, format="json")
    return getattr(client, check.method)(url, body)


def _failures(name: str, world: World) -> list[str]:
    failures = []
    url = _url(name, world)
    for check in EXPECTED[name]:
        for role in ROLES:
            with transaction.atomic():
                response = _request(_client(world, role), check, url, world)
                transaction.set_rollback(True)
            if response.status_code != check.expected[role]:
                failures.append(
                    f"{check.method.upper()} {url} as {role}: "
                    f"{response.status_code}, expected {check.expected[role]}"
                )
            target = response.get("Location", "")
            redirected = role == "anonymous" and response.status_code == 302
            if redirected and name != "set_language" and not target.startswith("/accounts/login/"):
                failures.append(f"{url} sends anonymous visitors to {target}")
    return failures


# --------------------------------------------------------------------------- tests


def test_every_url_has_expectations_for_every_role():
    missing = [name for name in CHECKED if name not in EXPECTED]
    assert not missing, (
        f"No permission expectations for {missing}: add them to EXPECTED in "
        "tests/security/test_permission_matrix.py"
    )
    for name, checks in EXPECTED.items():
        for check in checks:
            assert set(check.expected) == set(ROLES), name


def test_every_expectation_names_an_existing_url():
    assert sorted(set(EXPECTED) - set(ROUTES)) == []
    assert sorted(set(ARGUMENTS) - set(ROUTES)) == []


def test_every_url_with_arguments_says_which_object_it_names():
    unnamed = [name for name in CHECKED if ROUTES[name].params and name not in ARGUMENTS]
    assert not unnamed


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_each_role_gets_the_expected_status(namespace, world):
    names = [n for n in CHECKED if (ROUTES[n].namespace or "<root>") == namespace]
    failures = [failure for name in names for failure in _failures(name, world)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", ADMIN)
def test_the_admin_is_only_for_administrators(name, world):
    values = {"app_label": "core", "id": world.users["admin"].pk}
    url = reverse(name, kwargs={p: values[p] for p in ROUTES[name].params})
    for role in ROLES:
        response = _client(world, role).get(url)
        if name == "admin:login":
            assert response.status_code in (200, 302), (url, role)
            continue
        if role == "admin":
            # 403: pages of read-only models (adding audit events, status updates …).
            assert response.status_code in (200, 302, 403, 405), (url, role, response.status_code)
            if response.status_code == 302:
                assert not response["Location"].startswith("/admin/login/"), (url, role)
        else:
            assert response.status_code == 302, (url, role, response.status_code)
            targets = ("/admin/login/", "/accounts/login/")
            if name == "admin:logout":
                targets += ("/admin/",)  # the admin's logout sends non-staff to its index
            assert response["Location"].startswith(targets), (url, role)


PUBLIC_DASHBOARD = sorted(name for name in CHECKED if name.startswith("public_indicators:"))


def test_the_public_dashboard_switched_on_answers_every_role(world, settings):
    """With ``FREMDRIFT_PUBLIC_INDICATORS`` on, the public pages answer 200 to everyone,
    anonymous visitors included (off, the matrix above expects 404 for everyone)."""
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    failures = []
    for name in PUBLIC_DASHBOARD:
        url = _url(name, world)
        for role in ROLES:
            status = _client(world, role).get(url).status_code
            if status != 200:
                failures.append(f"GET {url} as {role}: {status}, expected 200")
    assert PUBLIC_DASHBOARD and not failures, "\n".join(failures)
