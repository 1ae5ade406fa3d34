"""Elasticsearch: what happens when it is unreachable, and the contract of a live cluster.

The outage tests point the backend at an address where nothing listens
(http://127.0.0.1:9) and always run. The contract tests run against the cluster at
ELASTICSEARCH_URL and are skipped without it (the language and leak tests of the
database backend also run against it, see their ``refresh`` / ``network`` fixtures).
"""

import time

from django.core.cache import cache
from django.core.management import CommandError, call_command

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from network.factories import StandardPageFactory
from search.models import IndexRebuild, PendingIndexUpdate
from search.service import PortalSearch
from tests.search_helpers import (
    body,
    elasticsearch_settings,
    locale,
    publish,
    search_backend,
    visible_text,
)

NOTHING_LISTENS = "http://127.0.0.1:9"
NOTICE = "Our search service is unavailable at the moment"


@pytest.fixture
def cluster_down(portal):
    with elasticsearch_settings(NOTHING_LISTENS, "down_"):
        yield portal


def test_publishing_succeeds_within_two_seconds_and_queues_the_update(cluster_down, caplog):
    page = StandardPageFactory(parent=cluster_down.home, title="Lava flows", live=False)
    cache.clear()  # forget the failure of the factory's save: publishing meets it afresh

    started = time.monotonic()
    page.save_revision().publish()
    elapsed = time.monotonic() - started

    assert Page.objects.get(pk=page.pk).live
    # The bound for an editor publishing while the cluster is down.
    assert elapsed < 2, f"publishing took {elapsed:.1f} s"
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()
    assert "Elasticsearch is unreachable" in caplog.text
    assert "queued" in caplog.text


def test_search_answers_from_the_database_with_a_notice(cluster_down, client):
    publish(StandardPageFactory(parent=cluster_down.home, title="Lava flows", body=body("lava")))

    page = client.get("/en/search/", {"q": "lava"})
    api = client.get("/api/v3/search/", {"q": "lava", "locale": "en"})
    suggestions = client.get("/api/v3/search/autocomplete/", {"q": "lav", "locale": "en"})

    assert page.status_code == 200
    assert NOTICE in visible_text(page)
    assert [hit.title for hit in page.context["search_results"].object_list] == ["Lava flows"]
    assert api.status_code == 200
    assert api.json()["notice"].startswith(NOTICE)
    assert [item["title"] for item in api.json()["items"]] == ["Lava flows"]
    assert [item["title"] for item in suggestions.json()["items"]] == ["Lava flows"]


def test_search_answers_even_before_the_cluster_was_ever_reached(cluster_down):
    cache.clear()

    outcome = PortalSearch("anything", locale("en")).run(record=False)

    assert outcome.notice.startswith(NOTICE)


def test_a_deleted_page_is_queued_for_removal(cluster_down):
    page = publish(StandardPageFactory(parent=cluster_down.home, title="Lava flows"))
    PendingIndexUpdate.objects.all().delete()

    page.delete()

    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()


def test_catching_up_while_the_cluster_is_still_down_keeps_the_queue(cluster_down):
    page = publish(StandardPageFactory(parent=cluster_down.home, title="Lava flows"))

    with pytest.raises(CommandError, match="failed again"):
        call_command("catch_up_search_index", verbosity=0)

    pending = PendingIndexUpdate.objects.get(object_id=str(page.pk))
    assert pending.attempts == 1
    assert "Connection" in pending.last_error


def test_catching_up_with_the_database_backend_has_nothing_to_do(db, capsys):
    call_command("catch_up_search_index")

    assert "needs no catching up" in capsys.readouterr().out


# Contract tests against a live cluster (ELASTICSEARCH_URL).


@pytest.fixture
def cluster(portal):
    with search_backend("elasticsearch") as refresh:
        yield refresh


def test_the_index_defines_an_analyzer_per_language(cluster):
    backend = get_search_backend()
    index = backend.get_index_for_model(Page)

    settings = backend.es.indices.get_settings(index=index.name)
    analyzers = next(iter(settings.values()))["settings"]["index"]["analysis"]["analyzer"]
    mapping = next(iter(backend.es.indices.get_mapping(index=index.name).values()))

    assert analyzers["portal_fr"]["type"] == "french"
    assert analyzers["portal_ja"]["type"] == "cjk"
    assert analyzers["portal_th"]["type"] == "thai"
    assert mapping["mappings"]["properties"]["_portal_all_fr"]["analyzer"] == "portal_fr"
    assert backend.es.indices.exists_alias(name=index.name)


def test_search_never_empties_while_the_index_is_rebuilt(cluster):
    before = publish(StandardPageFactory(parent=Page.objects.get(depth=2), title="Basalt"))
    cluster()
    backend = get_search_backend()
    alias = backend.get_index_for_model(Page)
    rebuilder = backend.rebuilder_class(alias)
    new_index = rebuilder.start()
    new_index.add_model(Page)

    # While the new index is empty and filling, visitors search the old one.
    assert before.pk in [m.pk for m in PortalSearch("basalt", locale("en")).run().results]
    during = publish(StandardPageFactory(parent=Page.objects.get(depth=2), title="Basalt two"))
    assert IndexRebuild.objects.filter(finished_at__isnull=True).exists()

    for model in (Page, *{type(p.specific) for p in Page.objects.all()}):
        new_index.add_items(model, list(model.get_indexed_objects()))
    rebuilder.finish()
    cluster()

    found = [m.pk for m in PortalSearch("basalt", locale("en")).run().results]
    assert before.pk in found
    assert during.pk in found  # published during the rebuild, replayed afterwards
    assert not PendingIndexUpdate.objects.exists()
    assert list(backend.es.indices.get_alias(name=alias.name)) == [new_index.name]
