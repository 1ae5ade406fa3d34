"""Index what the demo loader saved once, at the end, instead of on every save.

Wagtail (through ``modelsearch``) updates the search index on each ``post_save``: a
page placed, revised and published is indexed three or four times, and its related
fields are fetched each time. During the load, :func:`deferred_search_index` swaps that
handler for one that only remembers what was saved, then indexes each object once, in
bulk per model, with its final content. The handlers are restored even if the load
fails (and then nothing is indexed: the transaction rolls back).
"""

import logging
from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save

from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler

logger = logging.getLogger(__name__)


@contextmanager
def deferred_search_index():
    """Within the block, saves are remembered; the objects are indexed when it ends."""
    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    saved = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(remember, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(remember, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    index_objects(saved)


def index_objects(pks_by_model):
    """Add or update the given objects in every auto-updated search backend."""
    for model, pks in pks_by_model.items():
        objects = list(model.objects.filter(pk__in=pks))
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                # Same policy as modelsearch: external services may fail softly,
                # the database backend must not (its transaction would be broken).
                logger.exception("Could not index %s in the %r search backend", model, name)
                if not backend.catch_indexing_errors:
                    raise
