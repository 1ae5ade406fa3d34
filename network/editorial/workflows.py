"""What happens when a submission is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail's default publishes the approved revision as the approving user and so
requires that reviewer to hold "publish" on the page. Here the approval itself is the
authority: moderators have no page permission of their own (see ``network.roles``),
and the workflow only lets its reviewers approve. Imported while Wagtail's models load,
so nothing is imported at module level.
"""


def publish_approved_revision(workflow_state, user=None):
    """Publish the latest revision of the approved object, as the approving reviewer.

    A go-live date in the future makes it a scheduled publication, as usual.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
