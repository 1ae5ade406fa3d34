"""What keeps the Elasticsearch index right when the cluster is away.

The cluster's health is shared by every process through the cache: after a failure it
counts as down for ``DOWN_SECONDS``, and changes made meanwhile (or during an atomic
rebuild) are queued in ``PendingIndexUpdate``; ``catch_up`` replays them.
"""

import contextlib
import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from modelsearch.index import class_is_indexed, get_indexed_instance

from ..models import IndexRebuild, PendingIndexUpdate
from .common import is_alias

logger = logging.getLogger(__name__)

DOWN_SECONDS = 30
REBUILD_MAX_HOURS = 6
_DOWN_KEY = "search:elasticsearch-down"


def is_down():
    return bool(cache.get(_DOWN_KEY))


def mark_down(error):
    if not is_down():
        logger.warning(
            "Elasticsearch is unreachable (%s); searching the database and queueing "
            "index updates for %d seconds.",
            error,
            DOWN_SECONDS,
        )
    cache.set(_DOWN_KEY, True, DOWN_SECONDS)


def queue(obj, error=""):
    """Remember that ``obj`` must be (re)indexed or removed when the cluster is back."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    pending, created = PendingIndexUpdate.objects.get_or_create(
        content_type=content_type, object_id=str(obj.pk), defaults={"last_error": error}
    )
    if not created and error:
        pending.last_error = error
        pending.save(update_fields=["last_error", "queued_at"])


def rebuild_running():
    since = timezone.now() - datetime.timedelta(hours=REBUILD_MAX_HOURS)
    return IndexRebuild.objects.filter(finished_at__isnull=True, started_at__gte=since).exists()


def catch_up(backend, index_name=None, limit=None):
    """Replay the queued changes into ``backend``: (done, failed)."""
    done = failed = 0
    pending = PendingIndexUpdate.objects.select_related("content_type").order_by("queued_at")
    for entry in pending[:limit] if limit else pending:
        model = entry.content_type.model_class()
        if model is None or not class_is_indexed(model):
            entry.delete()
            continue
        if index_name and backend.get_index_for_model(model).name != index_name:
            continue
        index = backend.get_index_for_model(model)
        try:
            obj = model._default_manager.filter(pk=entry.object_id).first()
            instance = get_indexed_instance(obj) if obj is not None else None
            if instance is None or is_alias(instance):
                ghost = obj or model(pk=entry.object_id)
                ghost_mapping = index.mapping_class(model)
                with contextlib.suppress(backend.NotFoundError):
                    index.es.delete(index=index.name, id=ghost_mapping.get_document_id(ghost))
            else:
                index.add_items(type(instance), [instance])
        except Exception as error:  # keep it queued, try the others
            entry.attempts += 1
            entry.last_error = str(error)[:1000]
            entry.save(update_fields=["attempts", "last_error"])
            failed += 1
            continue
        entry.delete()
        done += 1
    if done:
        cache.delete(_DOWN_KEY)
    return done, failed
