"""What the Elasticsearch backend remembers in the database to stay consistent.

Publishing never waits for Elasticsearch: a change that could not reach it (cluster
down, or an index rebuild running) is queued as a ``PendingIndexUpdate`` and replayed
by ``manage.py catch_up_search_index`` and at the end of every ``update_index``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose latest state has not reached the Elasticsearch index yet."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=50)
    queued_at = models.DateTimeField(_("queued at"), auto_now=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending search index update")
        verbose_name_plural = _("pending search index updates")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_pending_index_update"
            )
        ]

    def __str__(self):
        return f"{self.content_type.app_label}.{self.content_type.model} {self.object_id}"


class IndexRebuild(models.Model):
    """An ``update_index`` of an Elasticsearch index: while one runs, every change is
    also queued, to be replayed into the new index once the alias points to it."""

    index_name = models.CharField(_("index"), max_length=200)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("search index rebuild")
        verbose_name_plural = _("search index rebuilds")

    def __str__(self):
        return f"{self.index_name} {self.started_at:%Y-%m-%d %H:%M}"
