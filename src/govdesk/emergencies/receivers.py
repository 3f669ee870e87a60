"""Local receivers for drills, tests and ``govdesk bench alerts``: an SMTP sink and a
webhook receiver on loopback, each keeping what arrived, when, and under which
idempotency key (a repeat of a key counts once, as a receiver honouring it would)."""

import json
import logging
import socket
import threading
import time
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.lock = threading.Lock()
        self.arrivals: list[tuple[str, float, dict]] = []  # (key, time.time(), message)

    def add(self, key: str, message: dict) -> None:
        with self.lock:
            self.arrivals.append((key, time.time(), message))

    def first_arrival(self) -> dict[str, float]:
        """Each key's first arrival time: what a receiver honouring the key keeps."""
        with self.lock:
            seen: dict[str, float] = {}
            for key, at, _ in self.arrivals:
                seen.setdefault(key, at)
            return seen

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if len(self.first_arrival()) >= count:
                return True
            time.sleep(0.05)
        return len(self.first_arrival()) >= count


class SmtpSink:
    """aiosmtpd on 127.0.0.1 (a free port); ``inbox`` is keyed by X-GovDesk-Key."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.inbox = Inbox()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                message = message_from_bytes(envelope.original_content)
                sink.inbox.add(
                    message.get("X-GovDesk-Key", ""),
                    {"to": envelope.rcpt_tos, "subject": message.get("Subject", "")},
                )
                return "250 OK"

        self.port = free_port()  # aiosmtpd cannot listen on port 0
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 taking JSON posts; ``fail`` makes it answer 503."""

    def __init__(self, *, fail: bool = False):
        self.inbox = Inbox()
        self.fail = fail
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.fail:
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.inbox.add(self.headers.get("Idempotency-Key", ""), json.loads(body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
