"""The OpenAPI document is valid OpenAPI 3, describes every endpoint, and the API keeps
its promises: a property-based schemathesis run finds no server error and no
response that breaks the documented schema."""

import json

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from network.factories import CityPageFactory, NewsPageFactory, TopicFactory
from tests.leakage import build_hidden_content

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15
NETWORK_PATHS = [
    "/api/v3/content/",
    "/api/v3/content/find/",
    "/api/v3/content/{page_id}/",
    "/api/v3/locales/",
    "/api/v3/cities/",
    "/api/v3/cities/geojson/",
    "/api/v3/projects/",
    "/api/v3/news/",
    "/api/v3/calls/",
    "/api/v3/conferences/",
    "/api/v3/resources/",
    "/api/v3/topics/",
]


def test_the_document_is_valid_openapi_3_and_lists_every_endpoint(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    # Wagtail's own endpoints and the network's, in one document.
    for path in [*NETWORK_PATHS, "/api/v3/pages/", "/api/v3/pages/{page_id}/"]:
        assert path in document["paths"], path


def test_the_interactive_docs_answer(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.fixture
def keep_connection():
    """The WSGI handler closes database connections after each request; inside the
    test's transaction it must not (as Django's test client arranges too)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(portal, keep_connection):
    city = CityPageFactory(parent=portal.cityindex, slug="clermont-ferrand")
    NewsPageFactory(parent=city).topics.add(TopicFactory(slug="mobility"))
    build_hidden_content(portal)
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", WSGIHandler())
    # The anonymous read endpoints; writes and token-only reads have their own tests.
    return schema.include(method="GET", tag=["content", "network", "pages"]).exclude(
        path_regex="revisions"
    )


def test_no_server_error_and_no_response_breaking_the_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= set(NETWORK_PATHS)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
            )

        check()
