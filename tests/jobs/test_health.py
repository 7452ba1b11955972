"""``/healthz`` stays ``ok`` for everyone; administrators get the queue's state with ?detail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fremdrift.jobs import actions
from fremdrift.jobs.models import Job, WorkerProcess
from tests.conftest import api_token_for

pytestmark = pytest.mark.django_db


def test_the_public_and_non_administrators_get_plain_ok(client, users):
    assert client.get("/healthz?detail").content == b"ok"
    client.force_login(users["coordinator"])
    assert client.get("/healthz?detail").content == b"ok"


def test_an_administrator_sees_queue_length_failures_and_the_oldest_waiting_age(
    client, users, plan, database_tasks
):
    from django.urls import reverse

    client.force_login(users["coordinator"])
    client.post(reverse("reports:issue", args=[plan.slug]), {"format": "xlsx"})
    client.post(reverse("reports:issue", args=[plan.slug]), {"format": "pdf"})
    first, second = Job.objects.order_by("pk")
    Job.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))
    actions.claim(second.pk, worker="w:1:x")
    actions.fail(second.pk, error="x")
    actions.register_worker("w:2:y")
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    WorkerProcess.objects.create(name="gone:3:z", host="gone", pid=3, last_seen=an_hour_ago)
    client.force_login(users["admin"])
    data = client.get("/healthz?detail").json()
    tasks = data["tasks"]
    assert data["status"] == "ok"
    assert (tasks["queued"], tasks["running"], tasks["failed_last_24h"]) == (1, 0, 1)
    assert 590 <= tasks["oldest_queued_age_seconds"] <= 700
    assert tasks["workers_alive"] == 1


def test_monitoring_reads_the_detail_with_an_administrators_api_token(client, users):
    token = api_token_for(users["admin"])
    response = client.get("/healthz?detail", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.json()["tasks"]["queued"] == 0
    other = api_token_for(users["coordinator"])
    response = client.get("/healthz?detail", HTTP_AUTHORIZATION=f"Token {other}")
    assert response.content == b"ok"
