"""What a preview token points at: a snapshot of a page as the editor sees it.

A snapshot holds the page's content exactly as in the editor (unsaved changes included,
when it comes from the preview panel), so the front end shows what the editor is about
to publish. Snapshots older than the tokens' lifetime are pruned as new ones are made.
"""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PreviewSnapshot(models.Model):
    """A page's content at preview time, read back through ``/api/v3/preview/``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    content = models.JSONField(_("content"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("preview snapshot")
        verbose_name_plural = _("preview snapshots")

    def __str__(self):
        return f"{self.page_id} @ {self.created_at:%Y-%m-%d %H:%M}"

    def as_page(self):
        """The page as it was previewed: its stored page with the snapshot's content."""
        return self.page.specific.with_content_json(self.content)
