"""Taking a member off a forum asks first (a page reached by GET naming the person and the
forum), removes on POST, keeps the audit trail, and takes a second POST calmly."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions
from fremdrift.governance.models import ForumMember
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def member(forum: Any) -> Any:
    return actions.add_forum_member(forum, by=ACTOR, name="Birthe Bøgh", role_title="Formand")


def test_the_forum_page_links_to_a_confirmation_instead_of_removing(
    forum: Any, member: Any, users: Any
) -> None:
    html = client_for(users["coordinator"]).get(f"/governance/forums/{forum.pk}/").content
    html = html.decode()
    url = f"/governance/members/{member.pk}/remove/"
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html


def test_the_confirmation_names_the_person_and_the_forum_and_removes_nothing(
    forum: Any, member: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).get(f"/governance/members/{member.pk}/remove/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Birthe Bøgh" in html and "HMU" in html
    assert "<h1>Fjern Birthe Bøgh fra HMU?</h1>" in html
    assert f'href="/governance/forums/{forum.pk}/"' in html  # cancel goes back to the forum
    assert ForumMember.objects.filter(pk=member.pk).exists()


def test_the_post_removes_the_member_and_audits_it(forum: Any, member: Any, users: Any) -> None:
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/members/{member.pk}/remove/", {"forum": forum.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/governance/forums/{forum.pk}/"
    assert "Medlemmet blev fjernet." in response.content.decode()
    assert not ForumMember.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.filter(object_type="governance.forummember", action="deleted").get()
    assert event.before == {"forum": "HMU", "name": "Birthe Bøgh"}


def test_a_second_post_is_taken_calmly(forum: Any, member: Any, users: Any) -> None:
    client = client_for(users["coordinator"])
    url = f"/governance/members/{member.pk}/remove/"
    client.post(url, {"forum": forum.pk})
    response = client.post(url, {"forum": forum.pk}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/governance/forums/{forum.pk}/"
    assert "Medlemmet var allerede fjernet fra HMU." in response.content.decode()
    removals = AuditEvent.objects.filter(object_type="governance.forummember", action="deleted")
    assert removals.count() == 1


def test_a_stale_post_for_a_forum_the_user_may_not_change_is_still_refused(
    forum: Any, member: Any, users: Any
) -> None:
    actions.remove_forum_member(member, by=ACTOR)
    response = client_for(users["reader"]).post(
        f"/governance/members/{member.pk}/remove/", {"forum": forum.pk}
    )
    assert response.status_code in (403, 404)


def test_removing_a_member_twice_at_once_records_one_removal(forum: Any, member: Any) -> None:
    """Two requests that both fetched the member before either removed it (two tabs, a
    double click): the second finds nothing to remove and says so."""
    stale = ForumMember.objects.get(pk=member.pk)
    assert actions.remove_forum_member(member, by=ACTOR) is True
    assert actions.remove_forum_member(stale, by=ACTOR) is False
    removals = AuditEvent.objects.filter(object_type="governance.forummember", action="deleted")
    assert removals.count() == 1
