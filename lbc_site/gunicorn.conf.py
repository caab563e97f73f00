"""gunicorn's configuration for scripts/serve; every value can be changed through the environment."""

import multiprocessing
import os

# Where to listen: HOST and PORT, as for scripts/run.
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"

# Synchronous workers: our views are CPU-bound with short database queries. gunicorn's usual 2 × CPUs + 1,
# or WEB_CONCURRENCY when the host (or a container limit) says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# A request running longer than this is stuck; the worker is replaced (and the error logged).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind a proxy that keeps connections open to us (nginx keepalive).
keepalive = 5
# Replace each worker now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200

# The access log goes to stdout, in the usual combined format plus the duration and the request id that
# Django's own line (ops.middleware, on stderr) carries too; GUNICORN_ACCESS_LOG=0 leaves only Django's.
accesslog = None if os.environ.get("GUNICORN_ACCESS_LOG") == "0" else "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" id=%({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The X-Forwarded-* headers of a proxy on this machine are trusted (see BEHIND_HTTPS_PROXY for Django's side).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

wsgi_app = "lbc_site.wsgi:application"
