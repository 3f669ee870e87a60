"""The production web server: gunicorn with threaded workers, run by ``govdesk serve``.

Each worker process serves GOVDESK_WEB_THREADS requests at once, each thread with
its own database connection kept for GOVDESK_DB_CONN_MAX_AGE seconds, so a host
never holds more than workers x threads connections. gunicorn's master restarts a
worker that dies or hangs past the timeout, and on SIGTERM stops accepting, lets
running requests finish (up to the graceful timeout) and exits.
"""

from importlib import import_module

from django.conf import settings
from django.db import connections
from gunicorn.app.base import BaseApplication


def options(*, bind: str | None = None) -> dict:
    web = settings.GOVDESK_WEB
    return {
        "bind": [bind or web["bind"]],
        "worker_class": "gthread",
        "workers": web["workers"],
        "threads": web["threads"],
        "timeout": web["timeout"],
        "graceful_timeout": web["timeout"],
        # A worker is replaced after this many requests (staggered by the jitter), so
        # a slow leak in a long-running office server never grows without bound.
        "max_requests": 5000,
        "max_requests_jitter": 500,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "govdesk",
        # One control socket per user by default: two servers on a host would share it.
        "control_socket_disable": True,
        "post_worker_init": load_urls,
    }


def load_urls(worker) -> None:
    """Every request needs the URLconf (every view module): a new worker loads it before
    it accepts, not in its first request. The libraries only some pages need (jieba,
    datasketch, openpyxl …) stay for the first request that uses them."""
    import_module(settings.ROOT_URLCONF)


class Server(BaseApplication):
    def __init__(self, config: dict):
        self.config = config
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.config.items():
            self.cfg.set(name, value)

    def load(self):
        from govdesk.wsgi import application

        return application


def serve(*, bind: str | None = None) -> None:
    # The master loads the URLconf before it forks its workers, so they are born with
    # it instead of each importing every view module again (a second of CPU at every
    # start, restart and replacement); their post_worker_init then finds it loaded.
    load_urls(None)
    # Workers are forked from this process: they must not share its connections.
    connections.close_all()
    Server(options(bind=bind)).run()
