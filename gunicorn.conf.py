"""Gunicorn's settings for production, read from the working directory by
`gunicorn 'server:create_app()'` (or named with `-c gunicorn.conf.py`); command-line options
override them. See docs/deploy.md for the nginx in front.
"""

import os

from server.config import deployment_warnings, env_flag

# Only the local proxy reaches the application: it buffers requests, terminates TLS and says
# who the client is. Override with --bind (and read the warning it may print).
bind = ["127.0.0.1:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads, not sync workers: a client that sends its body slowly (a phone on a weak network,
# or someone doing it on purpose) holds one thread, not a whole worker; with sync workers two
# such connections stopped the server. The proxy's buffering is what removes them entirely.
worker_class = "gthread"
threads = int(os.environ.get("MEDIATAP_THREADS", "8"))
# gthread's workers answer the master's heartbeat from their main loop, so `timeout` only
# catches a stuck worker; a sync of 1,000 records takes well under it.
timeout = 60
graceful_timeout = 20
keepalive = 5
# Requests are small: the largest header is the session cookie.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190


def when_ready(server):
    for warning in deployment_warnings(server.cfg.bind, env_flag("BEHIND_TLS_PROXY", False)):
        server.log.warning(warning)
