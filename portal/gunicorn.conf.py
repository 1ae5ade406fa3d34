"""gunicorn's configuration for the portal: `gunicorn -c portal/gunicorn.conf.py`.

Every knob is an environment variable (README, production section). The Procfile and
`make serve-prod` use it; honcho gives the web process its $PORT.
"""

import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Sync workers: the portal's requests are short database-bound work; add threads for
# slow clients behind no proxy.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle workers now and then, so a slow leak never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# X-Forwarded-* are trusted from these addresses only (the TLS proxy in front).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's heartbeat files, not data
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY  # heartbeats off the disk
# Several gunicorns may share a machine (tests, benchmarks): no control socket in $HOME.
control_socket_disable = True
# Import the portal once in the master: workers start warm and share its memory.
preload_app = True


def post_fork(server, worker):
    # Nothing may share the master's database connections across processes.
    from django.db import connections

    connections.close_all()
