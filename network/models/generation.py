"""The content generation's durable copy (see ``network.api.caching``)."""

from django.db import models


class ContentGeneration(models.Model):
    """One row: when published content last changed, in nanoseconds since the epoch.

    The cache holds the generation that keys every stored API response and page; this
    row is where it comes from when the cache has lost it or could not be told (Redis
    down during a publish), so no answer cached before a change outlives the change.
    """

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return str(self.value)
