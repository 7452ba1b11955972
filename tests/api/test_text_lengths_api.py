"""Text longer than a field's ``max_length`` is refused by the API with 400 naming the field,
in Danish, and the OpenAPI schema declares every such limit as ``maxLength``."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

from fremdrift.api import governance, participation
from fremdrift.api import serializers as api_serializers
from fremdrift.portfolio.models import TITLE_MAX_LENGTH, Area, Plan

pytestmark = pytest.mark.django_db

TITLE = Plan._meta.get_field("title").max_length  # 300


def test_a_plan_title_one_character_too_long_is_refused_with_400_naming_the_field(
    api_as, users, plan
):
    api = api_as(users["admin"])
    response = api.patch(
        f"/api/v1/plans/{plan.pk}/",
        {"title": "x" * (TITLE + 1)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert f"ikke indeholder flere end {TITLE} tegn" in response.json()["title"][0]
    plan.refresh_from_db()
    assert plan.title == "Vinterplan"


def test_a_plan_title_of_exactly_the_limit_is_accepted(api_as, users, plan):
    api = api_as(users["admin"])
    response = api.patch(f"/api/v1/plans/{plan.pk}/", {"title": "x" * TITLE}, format="json")
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.title == "x" * TITLE


def test_a_new_area_with_a_title_too_long_is_refused_and_not_created(api_as, users, plan):
    limit = Area._meta.get_field("title").max_length
    before = Area.objects.count()
    response = api_as(users["admin"]).post(
        "/api/v1/areas/",
        {"plan": plan.pk, "title": "x" * (limit + 1)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert "title" in response.json()
    assert Area.objects.count() == before


def test_the_schema_declares_the_title_limits(api_as, users):
    schema = api_as(users["reader"]).get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("Plan", "PlanRequest", "PatchedPlanRequest", "AreaRequest"):
        assert components[name]["properties"]["title"]["maxLength"] == TITLE, name


def _model_serializers() -> list[type[serializers.ModelSerializer]]:
    found = []
    for module in (api_serializers, participation, governance):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            meta = getattr(cls, "Meta", None)
            if issubclass(cls, serializers.ModelSerializer) and getattr(meta, "model", None):
                found.append(cls)
    return found


def _limited_fields(cls: type[serializers.ModelSerializer]) -> list[tuple[str, Any, int]]:
    """(name, serializer field, the model field's max_length) of the writable text fields."""
    out = []
    model = cls.Meta.model
    for name, field in cls().fields.items():
        if field.read_only or not isinstance(field, serializers.CharField):
            continue
        try:
            limit = model._meta.get_field(field.source).max_length
        except FieldDoesNotExist:
            continue
        if limit:
            out.append((name, field, limit))
    return out


def test_every_writable_text_field_of_the_api_keeps_its_model_fields_limit():
    checked = 0
    for cls in _model_serializers():
        for name, field, limit in _limited_fields(cls):
            declared = getattr(field, "max_length", None)
            assert declared is not None and declared <= limit, (cls.__name__, name, limit)
            checked += 1
    assert checked >= 20


def test_the_schema_declares_the_limit_of_every_limited_text_field(api_as, users):
    schema = api_as(users["reader"]).get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for cls in _model_serializers():
        component = cls.__name__.removesuffix("Serializer") + "Request"
        if component not in components:
            continue  # not written through the API
        properties = components[component]["properties"]
        for name, field, _limit in _limited_fields(cls):
            if isinstance(field, serializers.ChoiceField):
                continue  # an enum: its values say how long it may be
            assert _max_length(properties[name]) == field.max_length, (component, name)


def _max_length(prop: dict[str, Any]) -> int | None:
    """A property's ``maxLength``; a blank-or-pattern field (a slug) is a ``oneOf`` of both."""
    if "oneOf" in prop:
        return max((_max_length(option) or 0) for option in prop["oneOf"])
    return prop.get("maxLength")


def test_the_schema_says_how_long_an_initiative_title_may_be(api_as, users):
    # no maxLength (an older, longer title may be sent back unchanged): the limit is told
    schema = api_as(users["reader"]).get("/api/v1/schema/", {"format": "json"}).json()
    title = schema["components"]["schemas"]["InitiativeRequest"]["properties"]["title"]
    assert f"højst {TITLE_MAX_LENGTH} tegn" in title["description"]
    assert "maxLength" not in title
