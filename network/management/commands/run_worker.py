"""The task worker that outlives its database: django-tasks-db's ``db_worker``, restarted
in-process after a database error.

    python manage.py run_worker                  # what the Procfile runs
    python manage.py run_worker --interval 0.5

``db_worker`` stops on the first ``OperationalError`` (PostgreSQL restarting, a
network cut), leaving the queue to wait for someone to notice. This command closes the
broken connections, puts the task it was running back in the queue (tasks here are
idempotent: webhook deliveries carry their event id, indexing and reference updates
rewrite the same rows), waits with a growing pause (up to ``--max-backoff``) and
resumes. SIGTERM/SIGINT stop it between tasks, as ``db_worker``.
"""

import contextlib
import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.utils.crypto import get_random_string

from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

CONNECTION_ERRORS = (OperationalError, InterfaceError)


class ReturningWorker(Worker):
    """A worker that remembers the task it runs, to give it back after a crash."""

    current = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interrupted = set()

    def run_task(self, db_task_result):
        self.current = db_task_result.pk
        super().run_task(db_task_result)  # a database error leaves ``current`` set
        self.current = None

    def interrupt(self):
        if self.current is not None:
            self.interrupted.add(self.current)
            self.current = None

    def give_back(self):
        """The interrupted tasks back to READY for the next claim."""
        if self.interrupted:
            DBTaskResult.objects.filter(
                pk__in=self.interrupted, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY)
            logger.warning(
                "Tasks put back in the queue after a database error: %s", self.interrupted
            )
            self.interrupted.clear()


def close_all_connections():
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


class Command(BaseCommand):
    help = "Run the database task worker, reconnecting after database errors."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="idle poll, seconds")
        parser.add_argument("--queue-name", default="default", help="queues, comma-separated")
        parser.add_argument(
            "--max-backoff", type=float, default=10.0, help="longest pause between reconnects"
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="stop after this many tasks"
        )

    def handle(self, *args, interval, queue_name, max_backoff, max_tasks, **options):
        worker = ReturningWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=max_tasks,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        pause, last_error = 0.5, 0.0
        while worker.running:
            try:
                close_old_connections()
                worker.give_back()
                worker.run()
                return  # --max-tasks reached
            except CONNECTION_ERRORS as error:
                worker.interrupt()
                if time.monotonic() - last_error > 60:
                    pause = 0.5  # a new outage, not the same one going on
                last_error = time.monotonic()
                logger.warning("Database error (%s); reconnecting in %.1f s", error, pause)
                close_all_connections()
                time.sleep(pause)
                pause = min(pause * 2, max_backoff)
