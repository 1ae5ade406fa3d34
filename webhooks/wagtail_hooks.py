"""The Webhooks menu of the admin: subscriptions (editable) and the delivery log (read-only)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Delivery, Subscription


class SubscriptionViewSet(ModelViewSet):
    """Receivers of webhooks: URL, secret, events and languages."""

    model = Subscription
    name = "webhook_subscriptions"
    icon = "link"
    menu_label = _("Subscriptions")
    list_display = ["name", "url", "get_events_display", "active"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    copy_view_enabled = False


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Who may view the model may read it; nobody adds, changes or deletes it by hand."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Delivery, ReadOnlyPermissionPolicy(Delivery), exact_class=True)


class DeliveryIndexView(IndexView):
    """The log's listing, with each row's event and subscription in the same query."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "subscription")


class DeliveryViewSet(ModelViewSet):
    """The delivery log: per event and receiver, attempts, last status and error, next try."""

    model = Delivery
    name = "webhook_deliveries"
    icon = "history"
    menu_label = _("Delivery log")
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_attempt_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "subscription", "event__type"]
    search_fields = ["event__title", "event__url", "last_error"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    copy_view_enabled = False

    index_view_class = DeliveryIndexView
    # Never shown (nobody may add or change a delivery), but a ModelViewSet needs a form.
    form_fields = ["status"]


class WebhooksViewSetGroup(ViewSetGroup):
    """The admin menu item that holds the subscriptions and the delivery log."""

    items = (SubscriptionViewSet, DeliveryViewSet)
    menu_icon = "link-external"
    menu_label = _("Webhooks")
    menu_name = "webhooks"


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksViewSetGroup()
