"""Telling teams what happened: a notice on their admin dashboard and an email."""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage, get_connection

from network.editorial.roles import SECRETARIAT

from .models import Notice

logger = logging.getLogger(__name__)


def full_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path.startswith("/") else path


def notify(group, subject, body="", url=""):
    """A notice for every member of ``group``, and an email to each who has an address."""
    if group is None:
        return None
    notice = Notice.objects.create(group=group, subject=subject[:255], body=body, url=url)
    emails = sorted(
        set(
            group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
    )
    text = f"{body}\n\n{full_url(url)}\n" if url else f"{body}\n"
    messages = [
        EmailMessage(subject=subject, body=text, from_email=None, to=[email]) for email in emails
    ]
    if messages:
        try:
            get_connection().send_messages(messages)
        except OSError:
            # The notice is on the dashboard; a mail server that is down loses only the mail.
            logger.exception("Could not send the cycle's notification “%s”", subject)
    return notice


def notify_team(city, subject, body="", url=""):
    team = getattr(city, "team", None)
    return notify(team.group if team else None, subject, body, url)


def notify_secretariat(subject, body="", url=""):
    return notify(Group.objects.filter(name=SECRETARIAT).first(), subject, body, url)
