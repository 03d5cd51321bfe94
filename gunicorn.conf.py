"""gunicorn settings for Pressroom: `gunicorn -c gunicorn.conf.py pressroom.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:" + os.environ.get("PORT", "8000"))
# Sync workers: Django views here are short and database-bound.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
