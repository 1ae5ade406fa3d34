"""The cycle's one group: "Reviewers", admin access and nothing else. Appointing a
reviewer to a call puts them in it; what they may read comes from their appointments
(``network.cycle.access``), never from the group."""

from django.contrib.auth.models import Group

from network.editorial.roles import access_admin_permission

REVIEWERS = "Reviewers"


def ensure_reviewers_group():
    group, _created = Group.objects.get_or_create(name=REVIEWERS)
    group.permissions.set([access_admin_permission()])
    return group
