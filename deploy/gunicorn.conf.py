"""gunicorn settings for Chancery's application servers (deploy/chancery-web.service).

Workers: CPU cores + 1 processes with 4 threads each (gthread), so 3 × 4 on the 2-core
reference machine. Most answers are page-cache hits that wait on Redis rather than the CPU,
and threaded workers keep connections alive (sync workers close each one after a single
response), which measured about four times the requests per second of 5 sync workers on
the reference machine, for cache hits and fresh renders alike (docs/performance.md).
Set WEB_CONCURRENCY (processes) or GUNICORN_THREADS to override; GUNICORN_BIND to listen
elsewhere.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Import the application once before forking: faster start, shared memory. No database
# connection is opened at import time, so none is shared between workers.
preload_app = True
# Longer than nginx's proxy_read_timeout would be pointless.
timeout = 30
graceful_timeout = 30
# nginx keeps connections to the upstream open.
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Heartbeat files in memory, not on a possibly slow disk.
# gunicorn makes its own unique files there (mkstemp), so a shared folder is safe.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# nginx writes the access log; gunicorn logs errors only.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Trust X-Forwarded-* only from nginx on this machine.
forwarded_allow_ips = "127.0.0.1"
