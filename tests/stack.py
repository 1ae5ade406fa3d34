"""The production stack as an operator starts it (`make serve-prod`: gunicorn, the task
worker and the scheduler under honcho), on a free port of 127.0.0.1 with its own
SQLite database (or ``DATABASE_URL``) and files in a temporary folder; and throwaway
Redis and PostgreSQL servers for the fault tests. Used by the tests and `make bench`.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A port of 127.0.0.1 that nothing listens on (asked of the OS)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=30, headers=None):
    """(status, headers, body) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class ProductionStack:
    """`make serve-prod` in its own process group; ``stop()`` ends that group only."""

    def __init__(self, var_dir, port=None, **env):
        self.var_dir = Path(var_dir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.var_dir / "stack.log"
        self.env = {
            **os.environ,
            "PORTAL_VAR_DIR": str(self.var_dir),
            "DATABASE_URL": f"sqlite:///{self.var_dir / 'portal.sqlite3'}",
            "STATIC_ROOT": str(self.var_dir / "static"),
            "MEDIA_ROOT": str(self.var_dir / "media"),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "REDIS_URL": "",
            "WEB_CONCURRENCY": "2",
            "WORKER_INTERVAL": "0.2",
            "PUBLISH_SCHEDULED_INTERVAL": "1",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        # Production settings, whatever the caller runs under (pytest sets the test ones).
        # (`make test` exports WAGTAILADMIN_BASE_URL for :8000: the stack has its own port.)
        # (Playwright's fixture sets DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` refuses.)
        inherited = (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "PORTAL_BASE_URL",
            "WAGTAILADMIN_BASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
        for name in ("DJANGO_SETTINGS_MODULE", *inherited):
            if name not in env:
                self.env.pop(name, None)
        self.process = None

    def start(self, timeout=300):
        self.var_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        # -o: never reinstall the virtualenv from here, whatever its stamp says.
        self.process = subprocess.Popen(  # noqa: S603 - our Makefile
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve-prod"],  # noqa: S607
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve-prod stopped:\n{self.log()[-3000:]}")
            with contextlib.suppress(OSError):
                if fetch(f"{self.url}/health/", timeout=5)[0] == 200:
                    return self
            time.sleep(0.5)
        raise RuntimeError(f"the stack did not answer in {timeout} s:\n{self.log()[-3000:]}")

    def manage(self, *args, **env):
        """``manage.py`` with the stack's environment and settings (plus ``env``)."""
        return self.python("manage.py", *args, **env)

    def python(self, *args, **env):
        """Python with the stack's environment and settings (plus ``env``): ``manage.py``
        or ``-m <module>``; its output, or RuntimeError with the end of its errors."""
        env = {
            **self.env,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "ALLOWED_HOSTS": self.env.get("ALLOWED_HOSTS", "127.0.0.1"),
            "SECRET_KEY": self.env.get("SECRET_KEY")
            or (self.var_dir / "secret-key").read_text().strip(),
            **env,
        }
        result = subprocess.run(  # noqa: S603 - our manage.py
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def alive(self):
        """Whether any process of the stack's group runs (``make`` reaped first: a zombie
        group leader would count)."""
        if self.process.poll() is None:
            return True
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self, timeout=30):
        """SIGTERM to the stack's process group; True if every process ended in time."""
        if self.process is None:
            return True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.alive():
            time.sleep(0.2)
        clean = not self.alive()
        if not clean:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        return clean


class ThrowawayRedis:
    """``redis-server`` on a free port, without persistence, to stop or freeze at will."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.dir = tempfile.mkdtemp(prefix="portal-redis-")

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def postgres_bin():
    """The folder of Debian's PostgreSQL server programs, or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return candidates[-1].parent if candidates else None


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own (initdb into a temp folder, a free port), run as
    the ``postgres`` user when we are root; never the shared server."""

    def __init__(self):
        self.bin = postgres_bin()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args):
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        return self

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "log")
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "30", "-o", options, "start"
        )
        return self

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def cleanup(self):
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
