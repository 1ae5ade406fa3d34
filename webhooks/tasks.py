"""The background task that delivers an event's webhooks (django-tasks).

With the immediate backend (the default) it runs right after the publish commits; with
``TASKS_BACKEND=database`` a ``manage.py db_worker`` process runs it, and retries are
enqueued with ``run_after``. ``manage.py deliver_webhooks`` from cron is the safety net.
"""

from django_tasks import task

from .delivery import deliver_due
from .models import Delivery


@task()
def deliver_event(event_id):
    """Attempt the due deliveries of one event; returns (delivered, failed)."""
    return deliver_due(event_id=event_id, on_failure=schedule_retry)


def schedule_retry(delivery):
    """Ask the task backend to retry at the right moment, where it can defer tasks.

    The immediate backend cannot; there, ``deliver_webhooks`` (cron) picks retries up.
    """
    if delivery.status != Delivery.Status.PENDING or delivery.next_attempt_at is None:
        return
    backend = deliver_event.get_backend()
    if backend.supports_defer:
        deliver_event.using(run_after=delivery.next_attempt_at).enqueue(str(delivery.event_id))
