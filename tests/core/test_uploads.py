"""Uploads are counted while they stream in and refused with 413 past the limit."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from fremdrift.indicators.models import IndicatorRun
from fremdrift.interchange.models import ImportJob

LIMIT = 100_000
RECORDER = "tests.core.test_uploads.RecordingHandler"


class RecordingHandler(FileUploadHandler):
    """Stands where Django's handlers that write the file stand; records what reaches them."""

    received: list[int] = []

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        RecordingHandler.received.append(0)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        RecordingHandler.received[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def small_limit(settings: Any) -> Any:
    settings.FREMDRIFT_MAX_UPLOAD_BYTES = LIMIT
    # The recorder goes just before Django's handlers that keep the file (in memory or on disk).
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    first_writer = next(i for i, h in enumerate(handlers) if h.startswith("django.core.files"))
    settings.FILE_UPLOAD_HANDLERS = [*handlers[:first_writer], RECORDER, *handlers[first_writer:]]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10_000  # bigger files go to a temporary file
    RecordingHandler.received = []
    return settings


def yaml_file(name: str, size: int) -> SimpleUploadedFile:
    head = b"plan: {slug: stor, title: Stor}\n# "
    return SimpleUploadedFile(name, head + b"x" * (size - len(head)))


@pytest.mark.django_db
def test_an_import_just_over_the_limit_is_stopped_while_streaming_with_a_danish_413_page(
    client, users, small_limit
):
    client.force_login(users["coordinator"])
    body = encode_multipart(BOUNDARY, {"file": yaml_file("stor.yaml", LIMIT + 1)})
    assert len(body) < LIMIT + 1024 * 1024  # passes the Content-Length check: counted in flight
    response = client.generic(
        "POST", reverse("interchange:upload"), body, content_type=MULTIPART_CONTENT
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Filen er for stor: grænsen er 0,1 MB. Intet blev gemt." in html
    assert '<main id="main"' in html and "Log ud" in html  # the app's layout
    assert not ImportJob.objects.exists()
    # The handlers that write the file never got a byte past the limit.
    assert RecordingHandler.received and max(RecordingHandler.received) <= LIMIT


@pytest.mark.django_db
def test_an_import_at_the_limit_is_accepted(client, users, small_limit):
    client.force_login(users["coordinator"])
    response = client.post(reverse("interchange:upload"), {"file": yaml_file("stor.yaml", LIMIT)})
    assert response.status_code == 302
    assert ImportJob.objects.get().size == LIMIT


@pytest.mark.django_db
def test_a_request_announcing_too_much_is_refused_before_its_body_is_read(
    client, users, small_limit
):
    client.force_login(users["coordinator"])
    body = encode_multipart(BOUNDARY, {"file": yaml_file("lille.yaml", 100)})
    # The test client's payload refuses to be read past its real length: answering at all
    # proves that nothing tried to read the announced 2 GB.
    response = client.generic(
        "POST",
        reverse("interchange:upload"),
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_the_api_answers_413_in_json(client, users, small_limit):
    client.force_login(users["admin"])
    response = client.generic(
        "POST",
        "/api/v1/plans/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(50 * 1024**2),
    )
    assert response.status_code == 413
    assert json.loads(response.content)["detail"].startswith("Filen er for stor")


@pytest.mark.django_db
def test_indicator_runs_take_larger_files_up_to_their_own_limit(client, users, small_limit):
    small_limit.FREMDRIFT_INDICATOR_MAX_UPLOAD_BYTES = 3 * LIMIT
    small_limit.FREMDRIFT_INDICATOR_RUN_SYNC = True
    client.force_login(users["admin"])
    url = reverse("indicators:run-create")
    contacts = SimpleUploadedFile("kontakter.csv", b"contact_id\n" + b"1\n" * LIMIT)
    fb = SimpleUploadedFile("fb.csv", b"period_id\n1\n")
    data = {"contacts_file": contacts, "fb_file": fb, "as_of": "2022-03-01T00:00"}
    assert client.post(url, data).status_code != 413
    too_big = SimpleUploadedFile("kontakter.csv", b"x" * (3 * LIMIT + 1))
    response = client.post(url, {**data, "contacts_file": too_big, "fb_file": fb})
    assert response.status_code == 413
    assert "grænsen er 0,3 MB" in response.content.decode()
    assert IndicatorRun.objects.count() <= 1


@pytest.mark.django_db(transaction=True)
def test_the_running_server_answers_413_at_once_without_waiting_for_the_body(
    client, live_server, users, small_limit
):
    client.force_login(users["coordinator"])
    session = client.cookies["sessionid"].value
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.putrequest("POST", reverse("interchange:upload"))
    connection.putheader("Content-Type", MULTIPART_CONTENT)
    connection.putheader("Content-Length", str(2 * 1024**3))
    connection.putheader("Cookie", f"sessionid={session}")
    connection.putheader("Accept-Language", "da")
    connection.endheaders(b"--" + BOUNDARY.encode() + b"\r\n")
    response = connection.getresponse()  # a server reading the body would time out here
    assert response.status == 413
    assert "Filen er for stor" in response.read().decode()
    connection.close()
