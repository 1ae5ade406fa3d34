"""Wagtail's ``publish_scheduled``, exactly once however many run at the same time.

Wagtail's command reads the due revisions and expired pages, then acts on each; two
runs that overlap (cron firing while a slow run goes on, two schedulers by mistake)
both act on every item: two publishes, two audit entries, two webhook events. Here each
item is first *claimed* by a conditional UPDATE in the transaction that acts on it (a
revision's ``approved_go_live_at`` cleared, a page marked expired): the database lets
one run's UPDATE match the row and the others' match nothing, on PostgreSQL (row lock,
then the condition is checked again) as on SQLite (one writer at a time). ``--dryrun``
is Wagtail's.
"""

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import DraftStateMixin, Page, Revision


def scheduled_models():
    """Pages and every other model with drafts (snippets), as Wagtail's command."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def unpublish_expired(now):
    """Unpublish what expired before ``now``; returns how many this run unpublished."""
    done = 0
    for model in scheduled_models():
        for obj in list(model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")):
            with transaction.atomic():
                claimed = model.objects.filter(pk=obj.pk, live=True, expired=False).update(
                    expired=True
                )
                if claimed:
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                    done += 1
    return done


def publish_due(now):
    """Publish the revisions due before ``now``; returns how many this run published."""
    done = 0
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for revision in list(due):
        with transaction.atomic():
            claimed = Revision.objects.filter(
                pk=revision.pk, approved_go_live_at__isnull=False
            ).update(approved_go_live_at=None)
            if claimed:
                revision.publish(log_action="wagtail.publish.scheduled")
                done += 1
    return done


class Command(WagtailCommand):
    """Publish due revisions and unpublish expired objects, each exactly once."""

    help = "Publish scheduled revisions and unpublish expired pages and snippets, once each."

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        now = timezone.now()
        unpublished = unpublish_expired(now)
        published = publish_due(now)
        if options["verbosity"] > 1:
            self.stdout.write(f"{published} published, {unpublished} unpublished")
