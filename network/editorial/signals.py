"""Keep the editors' roles in step with the content, and tell authors what became of
their submissions. Connected in ``NetworkConfig.ready``.

* a city page saved (created, published, renamed) -> its team exists and is named after it;
* a city team deleted (with its city) -> its group goes, and its collection if empty;
* a conference page saved -> its host city's team, and only it, may edit it;
* a locale added -> the per-locale roles of ``network.roles.register_locale_role``;
* a page published, unpublished or moved, a view restriction set or lifted -> the pages
  that index the names of the cities at or under it are indexed again, so that search
  finds a page by a linked city's name only while the public may see that city;
* a reviewer rejects a submission -> the author gets an email with the reason (when a
  reviewer requests changes, Wagtail's own "rejected" email goes out, reworded by
  ``network/templates/wagtailadmin/notifications/workflow_state_rejected*``).
"""

from django.db.models.signals import post_delete, post_save

from wagtail.admin.mail import WorkflowStateRejectionEmailNotifier
from wagtail.models import (
    Locale,
    Page,
    PageViewRestriction,
    TaskState,
    WorkflowState,
    get_page_models,
)
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move, workflow_cancelled

from ..models import CityPage, CityTeam, ConferencePage
from ..models.mixins import RelatedCitiesMixin
from . import roles


def city_saved(sender, instance, raw=False, **kwargs):
    if raw or not roles.is_source_page(instance):
        return
    roles.ensure_city_team(instance, full=kwargs.get("created", False))


def city_team_deleted(sender, instance, **kwargs):
    roles.remove_city_team(instance)


def conference_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        roles.sync_conference_host(instance)


def locale_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        roles.ensure_locale_roles(instance)


def reindex_mentions(page):
    """Index again the pages naming a city at or under ``page`` (related cities, host
    city): what they index of a city depends on whether the public may see it."""
    cities = CityPage.objects.filter(path__startswith=page.path).values("pk")
    mentioning = [ConferencePage.objects.filter(host_city__in=cities)]
    for model in get_page_models():
        if issubclass(model, RelatedCitiesMixin) and not model._meta.abstract:
            mentioning.append(model.objects.filter(related_cities__in=cities).distinct())
    for queryset in mentioning:
        for mention in queryset:
            index.insert_or_update_object(mention)


def page_visibility_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(instance, PageViewRestriction):
        # Read again: the page may be going away with its restriction.
        instance = Page.objects.filter(pk=instance.page_id).first()
    if instance is not None:
        reindex_mentions(instance)


class SubmissionRejectedEmailNotifier(WorkflowStateRejectionEmailNotifier):
    """Tells the author that a reviewer rejected the submission (and closed it), and why.

    Sent on the workflow's cancellation when its current task was rejected: that is
    how ``ModerationTask``'s "Reject" ends a submission. A cancellation by the author
    is not a rejection and sends nothing.
    """

    template_directory = "network/notifications/"

    def can_handle(self, instance, **kwargs):
        return (
            super().can_handle(instance, **kwargs)
            and instance.current_task_state is not None
            and instance.current_task_state.status == TaskState.STATUS_REJECTED
        )

    def get_template_base_prefix(self, instance, **kwargs):
        return "submission_"


submission_rejected_notifier = SubmissionRejectedEmailNotifier()


def connect():
    post_save.connect(city_saved, sender=CityPage, dispatch_uid="network_city_team")
    post_delete.connect(city_team_deleted, sender=CityTeam, dispatch_uid="network_city_gone")
    post_save.connect(conference_saved, sender=ConferencePage, dispatch_uid="network_host")
    post_save.connect(locale_saved, sender=Locale, dispatch_uid="network_locale_roles")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_visibility_changed, dispatch_uid=f"network_mentions_{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(
            page_visibility_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"network_mentions_restriction_{id(signal)}",
        )
    workflow_cancelled.connect(
        submission_rejected_notifier,
        sender=WorkflowState,
        dispatch_uid="network_submission_rejected_email",
    )
