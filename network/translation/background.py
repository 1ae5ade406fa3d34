"""Submitting a subtree for translation in the background, with progress.

The page itself is translated in the request (so there is something to open at once);
the pages under it are a ``SubmissionJob``, prepared page by page by the django-tasks
task ``prepare_subtree``: at once with the immediate backend (development, tests), by
``manage.py db_worker`` with ``TASKS_BACKEND=database``. Each page is committed on its
own, so the job's page (``views.SubmissionJobView``) and the submitter's dashboard
show "N of M pages prepared" while it runs. When it is done or has failed, the
submitter is told on their dashboard and by email.

wagtail-localize's own background jobs (``WAGTAILLOCALIZE_JOBS``) go the same way
(``jobs.DjangoTasksJobBackend``).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.admin.mail import send_mail
from wagtail.log_actions import LogContext
from wagtail.models import Locale, Page

from django_tasks import task

from .models import SubmissionJob
from .submission import PortalTranslationCreator

logger = logging.getLogger(__name__)


def start_subtree_job(page, locales, user, prefill=False):
    """Queue the preparation of the pages under ``page``; returns the job (or None if
    the page has none). With the database backend the task is stored in the
    submission's transaction, so the worker sees it once the submission is committed."""
    total = page.get_descendants().count()
    if not total:
        return None
    job = SubmissionJob.objects.create(
        submitted_by=user if getattr(user, "pk", None) else None,
        page=page,
        title=page.get_admin_display_title(),
        prefill=prefill,
        total=total,
    )
    job.locales.set(locales)
    prepare_subtree.enqueue(job.pk)
    return job


@task()
def prepare_subtree(job_id):
    """Translate every page under the job's page, one committed page at a time."""
    job = SubmissionJob.objects.select_related("page", "submitted_by").get(pk=job_id)
    SubmissionJob.objects.filter(pk=job.pk).update(state=SubmissionJob.State.RUNNING)
    user = job.submitted_by
    locales = list(Locale.objects.filter(pk__in=job.locales.values("pk")))
    creator = PortalTranslationCreator(user, locales, prefill=job.prefill)
    try:
        if job.page is None:
            raise Page.DoesNotExist("the page was deleted before its subtree was prepared")
        with LogContext(user=user):
            for page in job.page.get_descendants().order_by("path").specific():
                with transaction.atomic():
                    creator.create_translations(page)
                    SubmissionJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    except Exception as error:
        logger.exception("Preparing the translations of job %s failed", job.pk)
        finish(job, SubmissionJob.State.FAILED, str(error) or error.__class__.__name__)
        raise
    finish(job, SubmissionJob.State.DONE)


def finish(job, state, error=""):
    SubmissionJob.objects.filter(pk=job.pk).update(
        state=state, error=error, finished_at=timezone.now()
    )
    job.refresh_from_db()
    notify(job)


def notify(job):
    """Email the submitter the outcome (their dashboard shows it too)."""
    user = job.submitted_by
    if user is None or not user.email:
        return
    language = getattr(getattr(user, "wagtail_userprofile", None), "get_preferred_language", None)
    with translation.override(language() if language else settings.LANGUAGE_CODE):
        context = {
            "job": job,
            "user": user,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("translation_submission_job", args=[job.pk]),
        }
        subject = render_to_string("translation/emails/job_subject.txt", context).strip()
        body = render_to_string("translation/emails/job.txt", context)
    send_mail(subject, body, [user.email])
