"""Issuing a report and applying an import go through the queue and come back to the user."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fremdrift.interchange import webimport
from fremdrift.jobs.models import Job
from fremdrift.portfolio.models import Plan
from fremdrift.reports.models import IssuedReport

pytestmark = pytest.mark.django_db(transaction=True)

DA = {"HTTP_ACCEPT_LANGUAGE": "da"}


def test_an_issued_report_shows_the_plan_as_it_was_when_the_user_asked(
    client, users, plan, process_queue
):
    client.force_login(users["coordinator"])
    asked = timezone.now()
    response = client.post(
        reverse("reports:issue", args=[plan.slug]), {"format": "xlsx", "title": "HMU"}, **DA
    )
    job = Job.objects.get(kind="report")
    assert response["Location"] == job.get_absolute_url()
    assert not IssuedReport.objects.exists()
    page = client.get(job.get_absolute_url(), **DA).content.decode()
    assert "I kø" in page
    process_queue()
    report = IssuedReport.objects.get()
    assert report.title == "HMU" and report.issued_by == users["coordinator"]
    assert asked <= report.as_of <= job.created_at
    assert report.as_of < Job.objects.get(pk=job.pk).started_at
    page = client.get(job.get_absolute_url(), **DA).content.decode()
    assert "Færdig" in page and reverse("reports:issued-download", args=[report.pk]) in page


def test_a_reader_of_the_plan_follows_its_report_job_but_another_plans_reader_does_not(
    client, users, plan, database_tasks, make_user
):
    from fremdrift.core.choices import Role

    client.force_login(users["coordinator"])
    client.post(reverse("reports:issue", args=[plan.slug]), {"format": "xlsx"})
    job = Job.objects.get(kind="report")
    client.force_login(users["reader"])
    assert client.get(job.get_absolute_url()).status_code == 200
    other_plan = Plan.objects.create(slug="anden", title="Anden plan")
    client.force_login(make_user("andenlaeser", Role.READER, plan=other_plan))
    assert client.get(job.get_absolute_url()).status_code == 404


def test_an_applied_import_is_a_job_whose_page_links_the_plan(client, users, process_queue):
    upload = webimport.upload(
        content=b'{"format": "fremdrift-plan/1", "plan": {"slug": "ny-plan", "title": "Ny"}}',
        filename="ny.json",
        plan_slug="",
        by=users["admin"],
    )
    client.force_login(users["admin"])
    response = client.post(reverse("interchange:apply", args=[upload.pk]))
    job = Job.objects.get(kind="import")
    assert response["Location"] == job.get_absolute_url()
    # Asking twice while it waits leads to the same job.
    again = client.post(reverse("interchange:apply", args=[upload.pk]))
    assert again["Location"] == job.get_absolute_url()
    process_queue()
    assert Plan.objects.filter(slug="ny-plan").exists()
    page = client.get(job.get_absolute_url(), **DA).content.decode()
    assert "Åbn planen" in page and reverse("portfolio:plan-detail", args=["ny-plan"]) in page
