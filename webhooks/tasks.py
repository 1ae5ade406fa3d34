"""The background task that delivers an event's webhooks (django-tasks).

With the immediate backend (the default) it runs right after the publish commits; with
``TASKS_BACKEND=database`` a ``manage.py db_worker`` process runs it, and retries are
enqueued with ``run_after``. ``manage.py deliver_webhooks`` from cron is the safety net.
"""

from django_tasks import task

from .delivery import deliver_due


@task()
def deliver_event(event_id):
    """Attempt the due deliveries of one event; returns (delivered, failed)."""
    return deliver_due(event_id=event_id)
