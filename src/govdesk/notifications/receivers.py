"""Local receivers for drills, tests and ``govdesk bench alerts``: an SMTP sink and a
webhook receiver on loopback, each keeping what arrived, when, and under which
idempotency key (a repeat of a key counts once, as a receiver honouring it would)."""

import base64
import hashlib
import hmac
import json
import logging
import re
import socket
import threading
import time
import urllib.parse
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = re.compile(r"govdesk-\d+-[0-9a-f]{32}")
# What a robot answers past its rate: DingTalk's and WeCom's throttling errors.
THROTTLE_ANSWER = {
    "dingtalk": {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"},
    "wecom": {"errcode": 45009, "errmsg": "api freq out of limit"},
}


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
    """aiosmtpd on 127.0.0.1 (``port``, or a free one); ``inbox`` is keyed by X-GovDesk-Key."""

    def __init__(self, *, port: int = 0):
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

        self.port = port or free_port()  # aiosmtpd cannot listen on port 0
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 taking JSON posts; ``fail`` makes it answer 503;
    ``delay`` holds each answer that many seconds (a sender killed meanwhile is caught
    mid-call, the call already kept); ``port`` 0 is a free one.

    With ``robot`` ("dingtalk" or "wecom") it behaves as that group robot: with a
    ``secret`` it checks DingTalk's 加签 (timestamp within an hour of ``clock()``, sign
    recomputed and compared) and refuses with 310000 otherwise; past ``per_minute``
    messages in 60 s of ``clock()`` it answers the robot's throttling error. A robot's
    message is filed under every delivery key it names (a summary names several)."""

    def __init__(
        self,
        *,
        fail=False,
        robot=None,
        secret="",
        per_minute=None,
        clock=time.time,
        delay=0.0,
        port=0,
    ):
        self.inbox = Inbox()
        self.fail = fail
        self.lock = threading.Lock()
        self.taken: list[float] = []  # clock() of each message a robot took
        self.throttled = 0
        self.raw: list[tuple] = []  # each call's headers (case-insensitive) and raw body
        self.refused = 0
        receiver = self

        def answer(query: dict, body: dict, key: str) -> dict:
            now = clock()
            if secret and not receiver.signed(query, now):
                receiver.refused += 1
                return {"errcode": 310000, "errmsg": "sign not match"}
            recent = [t for t in receiver.taken if t > now - 60]
            if per_minute is not None and len(recent) >= per_minute:
                receiver.throttled += 1
                return THROTTLE_ANSWER[robot]
            receiver.taken.append(now)
            for found in sorted(set(KEY.findall(json.dumps(body, ensure_ascii=False)))) or [key]:
                receiver.inbox.add(found, body)
            return {"errcode": 0, "errmsg": "ok"}

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.raw.append((self.headers, raw))
                body = json.loads(raw)
                if receiver.fail:
                    self.send_response(503)
                    self.end_headers()
                    return
                key = self.headers.get("Idempotency-Key", "")
                if robot:
                    query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                    with receiver.lock:  # one message at a time, as the rate is counted
                        reply = answer(query, body, key)
                else:
                    receiver.inbox.add(key, body)
                    reply = {"errcode": 0}
                time.sleep(delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps(reply).encode())
                except OSError:  # the sender died waiting (a killed worker)
                    self.close_connection = True

            def log_message(self, *args):
                pass

        self.secret = secret
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def signed(self, query: dict, now: float) -> bool:
        """DingTalk's check: the timestamp (ms) within an hour, and the sign equal to
        Base64(HMAC-SHA256(secret, timestamp + "\n" + secret))."""
        try:
            timestamp, sign = query["timestamp"][0], query["sign"][0]
        except KeyError:
            return False
        if not timestamp.isdigit() or abs(int(timestamp) - now * 1000) > 3600 * 1000:
            return False
        expected = hmac.new(
            self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256
        ).digest()
        return hmac.compare_digest(base64.b64encode(expected).decode(), sign)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
