"""Notices in the admin: what the cycle tells a team (or the Secretariat)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """A message to every member of a group, shown on their dashboard (and emailed)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="cycle_notices")
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject
