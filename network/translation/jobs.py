"""wagtail-localize's background jobs (``WAGTAILLOCALIZE_JOBS``) the portal's way.

wagtail-localize imports this backend while its models load, so this module imports
nothing of the portal's models at import time; ``background.py`` does the work.
"""

from wagtail.models import Page


class DjangoTasksJobBackend:
    """A ``WAGTAILLOCALIZE_JOBS`` backend: wagtail-localize's subtree job becomes a
    ``SubmissionJob`` (with its progress); any other job runs at once."""

    def __init__(self, options):
        self.options = options

    def enqueue(self, func, args, kwargs):
        # Imported here: wagtail_localize.models imports this module while it loads
        # (app loading), and these need its models.
        from wagtail_localize.operations import translate_page_subtree

        from .background import start_subtree_job

        if func is translate_page_subtree and not kwargs:
            page_id, locales, components, user = args
            if components is None or not components.components:
                page = Page.objects.get(pk=page_id)
                start_subtree_job(page, locales, user if getattr(user, "pk", None) else None)
                return
        func(*args, **kwargs)
