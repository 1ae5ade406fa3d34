"""wagtail-localize's background jobs through django-tasks, like the rest of the portal.

Submitting a page "with its subtree" hands the subtree to wagtail-localize's job
backend (``WAGTAILLOCALIZE_JOBS``); its default runs it inside the request, which for
50 pages into 12 locales takes minutes (see docs/README-translators.md). This backend
enqueues it as a django-tasks task instead: run at once with the immediate backend
(development, tests), by ``manage.py db_worker`` with the database backend.

Only the subtree job is queued, with plain ids (page, locales, user) as its arguments;
a job that carries translation components (the portal registers none) runs at once, as
components cannot be passed to a worker.
"""

from django.contrib.auth import get_user_model

from wagtail.models import Locale

from django_tasks import task


@task()
def translate_subtree(page_id, locale_ids, user_id=None):
    """Submit every page under a page (already submitted) into the given locales."""
    # wagtail-localize imports this module while its models load (app loading), and its
    # operations module needs those models: imported when the job runs.
    from wagtail_localize.operations import translate_page_subtree

    locales = list(Locale.objects.filter(pk__in=locale_ids))
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    translate_page_subtree(page_id, locales, None, user)


class DjangoTasksJobBackend:
    """A ``WAGTAILLOCALIZE_JOBS`` backend that queues the subtree job with django-tasks."""

    def __init__(self, options):
        self.options = options

    def enqueue(self, func, args, kwargs):
        # As in translate_subtree: not importable while wagtail-localize's models load.
        from wagtail_localize.operations import translate_page_subtree

        if func is translate_page_subtree and not kwargs:
            page_id, locales, components, user = args
            if components is None or not components.components:
                translate_subtree.enqueue(
                    page_id, [locale.pk for locale in locales], getattr(user, "pk", None)
                )
                return
        func(*args, **kwargs)
