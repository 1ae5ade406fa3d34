"""The OpenAPI document is valid OpenAPI 3, describes every endpoint, and the API keeps
its promises: property-based schemathesis runs, anonymous reads and token writes and
reads, find no server error, no response that breaks the documented schema, and no
``/api/`` error that is not a problem document."""

import json

from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision, Site

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from wagtail_factories import DocumentFactory

from network.factories import (
    CityPageFactory,
    ImageFactory,
    NewsPageFactory,
    OrganisationFactory,
    PersonFactory,
    TopicFactory,
)
from network.snippets import Organisation, Person, Topic
from tests.api_helpers import bearer, city_team_editor
from tests.leakage import build_hidden_content

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15
TOKEN_EXAMPLES_PER_OPERATION = 25
PROBLEM = "application/problem+json"
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
def content(portal):
    """A city with its news, a topic, and the hidden pages of the leak matrix."""
    city = CityPageFactory(parent=portal.cityindex, slug="clermont-ferrand")
    NewsPageFactory(parent=city).topics.add(TopicFactory(slug="mobility"))
    build_hidden_content(portal)
    return city


@pytest.fixture
def api_schema(content, keep_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", WSGIHandler())
    # The anonymous read endpoints; writes and token-only reads have their own tests.
    return schema.include(method="GET", tag=["content", "network", "pages"]).exclude(
        path_regex="revisions"
    )


def errors_are_problem_documents(case, response):
    """Every 4xx and 5xx under /api/ is an RFC 7807 problem document."""
    content_type = response.headers.get("content-type", [""])[0]
    if response.status_code >= 400 and case.path.startswith("/api/"):
        assert content_type.split(";")[0] == PROBLEM, (
            f"{case.method} {case.formatted_path}: {response.status_code} as {content_type}"
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
            response = case.call_and_validate(
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
            )
            errors_are_problem_documents(case, response)

        check()


@pytest.fixture
def tokens(content, admin_user, django_user_model):
    """The Authorization headers of a superuser's token and of a city team's token
    (add, change and publish in Clermont-Ferrand's subtree only)."""
    editor = city_team_editor(content, django_user_model)
    return [{"Authorization": bearer(user, "fuzz")} for user in (admin_user, editor)]


@pytest.fixture
def token_schema(content, keep_connection):
    """Every operation that takes a token: Wagtail's writes and its token reads."""
    ImageFactory()
    # An extension the portal allows, as every upload has, so that edits can succeed
    # (a legacy extension is refused with a 409, tests/test_api_errors.py).
    DocumentFactory(file__filename="programme.pdf")
    OrganisationFactory()
    PersonFactory()
    Redirect.objects.create(old_path="/old-clermont", redirect_page=content)
    content.create_alias(update_slug="clermont-alias")
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", WSGIHandler())
    return schema.include(lambda ctx: bool(ctx.operation.definition.raw.get("security")))


def existing_ids():
    """Values of the database that a path parameter or a body field may name, by name:
    random integers almost never name an existing page, so without them every write
    would stop at a 404."""
    pages = list(Page.objects.values_list("pk", flat=True))
    sites = list(Site.objects.values_list("pk", flat=True))
    snippets = [Topic, Organisation, Person]
    return {
        "page_id": pages,
        "parent_id": pages,
        "destination_id": pages,
        "root_page_id": pages,
        "redirect_page_id": pages,
        "revision_id": list(Revision.objects.values_list("pk", flat=True)),
        "site_id": sites,
        "site": sites,
        "redirect_id": list(Redirect.objects.values_list("pk", flat=True)),
        "image_id": list(get_image_model().objects.values_list("pk", flat=True)),
        "document_id": list(get_document_model().objects.values_list("pk", flat=True)),
        "collection_id": list(Collection.objects.values_list("pk", flat=True)),
        "locale": list(Locale.objects.values_list("language_code", flat=True)),
        "type": [model._meta.label for model in snippets],
        "pk": sorted(
            {str(pk) for model in snippets for pk in model.objects.values_list("pk", flat=True)}
        ),
    }


def steer(case, data, known):
    """Point some of the case's ids (path, body, the body's ``meta``) at existing
    objects; the others keep the generated value."""
    keep = object()

    def pick(name, value):
        if name not in known or not known[name]:
            return value
        chosen = data.draw(st.sampled_from([keep, *known[name]]), label=name)
        return value if chosen is keep else chosen

    for name, value in list(case.path_parameters.items()):
        case.path_parameters[name] = pick(name, value)
    body = case.body if isinstance(case.body, dict) else {}
    for target in (body, body.get("meta")):
        if isinstance(target, dict):
            for name, value in list(target.items()):
                target[name] = pick(name, value)


def test_token_writes_and_reads_break_neither_the_server_nor_the_schema(token_schema, tokens):
    """Each example runs in a savepoint rolled back afterwards (and an empty cache), so
    every write meets the same content: a deleted or moved page does not turn the
    following examples into 404s."""
    operations = [result.ok() for result in token_schema.get_all_operations()]
    assert {op.method.upper() for op in operations} >= {"POST", "PATCH", "PUT", "DELETE"}
    known = existing_ids()
    succeeded = set()
    for operation in operations:

        @given(case=operation.as_strategy(), headers=st.sampled_from(tokens), data=st.data())
        @settings(
            max_examples=TOKEN_EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case, headers, data):
            steer(case, data, known)
            with transaction.atomic():
                try:
                    response = case.call_and_validate(
                        headers=headers,
                        checks=[
                            not_a_server_error,
                            response_schema_conformance,
                            content_type_conformance,
                        ],
                    )
                    errors_are_problem_documents(case, response)
                    if response.status_code < 300:
                        succeeded.add(case.method.upper())
                finally:
                    transaction.set_rollback(True)
                    cache.clear()

        check()

    # The run reached the writes themselves, not only their 404s and 403s.
    assert succeeded >= {"POST", "PATCH", "PUT", "DELETE"}, succeeded
