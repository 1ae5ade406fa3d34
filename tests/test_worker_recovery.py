"""Workers survive their database (issue 9, point 3): ``manage.py run_worker`` (the
Procfile's worker) keeps running through a restart of a PostgreSQL cluster the test
starts itself on a free port, and drains what was queued before and after. The time
from the restart to the queue drained is printed (`pytest -s`), not asserted.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.stack import ROOT, ThrowawayPostgres, postgres_bin

pytestmark = pytest.mark.skipif(
    postgres_bin() is None or (os.geteuid() == 0 and not shutil.which("runuser")),
    reason="no PostgreSQL server programs (apt-get install postgresql) to start a cluster",
)

ENQUEUE = """
import os
from tests.runtime_tasks import touch
for name in os.environ["TASK_FILES"].split(","):
    touch.enqueue(name)
"""


@pytest.fixture
def cluster():
    server = ThrowawayPostgres().init().start()
    yield server
    server.cleanup()


def environment(cluster):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": cluster.url,
        "TASKS_BACKEND": "database",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args, **extra):
    subprocess.run(  # noqa: S603 - our manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, **extra},
        check=True,
        capture_output=True,
        timeout=120,
    )


def enqueue(env, files):
    manage(env, "shell", "-c", ENQUEUE, TASK_FILES=",".join(map(str, files)))


def wait_for(files, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(Path(name).exists() for name in files):
            return True
        time.sleep(0.1)
    return False


def test_the_worker_reconnects_after_a_postgresql_restart(cluster, tmp_path):
    env = environment(cluster)
    manage(env, "migrate", "django_tasks_database", "--no-input")
    before = [tmp_path / f"before-{n}" for n in range(10)]
    after = [tmp_path / f"after-{n}" for n in range(10)]
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603 - our manage.py
        [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--max-backoff", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        enqueue(env, before)
        assert wait_for(before, 60), "the worker ran the first tasks"

        cluster.stop()  # "the database system is shutting down" for the worker
        time.sleep(2)
        assert worker.poll() is None, "the worker outlived the outage"
        restarted = time.monotonic()
        cluster.start()
        enqueue(env, after)
        enqueued = time.monotonic()
        assert wait_for(after, 60), (tmp_path / "worker.log").read_text()
        done = time.monotonic()
        print(
            f"PostgreSQL restarted; 10 tasks enqueued {enqueued - restarted:.1f} s later "
            f"were done {done - enqueued:.1f} s after that ({done - restarted:.1f} s in all)"
        )
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
    text = (tmp_path / "worker.log").read_text()
    assert "reconnecting" in text  # it did see the outage
    assert code == 0, text
