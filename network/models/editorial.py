"""The editors' side of the network: one team per city and the moderation task.

The roles themselves (groups and their permissions) are built by ``network.roles``;
these models only remember which group and collection belong to which city, and
give moderators the three answers the network uses: approve, request changes, reject.
"""

from django import forms
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Collection


class ReasonForm(TaskStateCommentForm):
    """The comment a reviewer must give when sending a submission back or turning it down."""

    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Tell the author what to change, or why the submission is rejected."),
    )


class CityTeam(models.Model):
    """The editor team of one city: its group and its collection of images and documents.

    Tied to the city's source-locale page (translations are the translators' work).
    Deleting the city deletes the team and its group; the collection is kept while it
    still holds images or documents (see ``network.signals``).
    """

    city = models.OneToOneField(
        "network.CityPage",
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="team",
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="city_team",
    )
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("city team")
        verbose_name_plural = _("city teams")
        permissions = [
            (
                "manage_conference_edition",
                _("Can set a conference's edition, host city, dates and candidates"),
            ),
        ]

    def __str__(self):
        return self.group.name


class ModerationTask(AbstractGroupApprovalTask):
    """A review by the members of some groups, who approve, request changes or reject.

    "Request changes" is Wagtail's own rejection: the submission waits for the author's
    changes and resumes at this step when resubmitted. "Reject" turns the submission
    down: the task is rejected with the reviewer's comment and the workflow is closed,
    so the draft stays unpublished until someone submits it again.
    """

    REQUEST_CHANGES = "request-changes"
    REJECT = "reject"
    APPROVE = "approve"

    class Meta:
        verbose_name = _("moderation task")
        verbose_name_plural = _("moderation tasks")

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            (self.REQUEST_CHANGES, _("Request changes"), True),
            (self.REJECT, _("Reject"), True),
            (self.APPROVE, _("Approve"), False),
            (self.APPROVE, _("Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        if action in (self.REQUEST_CHANGES, self.REJECT):
            return ReasonForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == self.REQUEST_CHANGES:
            task_state.reject(user=user, **kwargs)
        elif action_name == self.REJECT:
            # Logged as a rejection with its comment, then as the workflow's closing.
            task_state.reject(user=user, update=False, **kwargs)
            task_state.workflow_state.cancel(user=user)
        else:
            super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, request changes or reject with a comment")
