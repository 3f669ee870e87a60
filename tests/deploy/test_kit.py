"""The deployment kit works as written. The command lines the systemd units name start
the web server and the worker with the example environment file, `/healthz` answers
200 through them, and SIGTERM (the units' stop signal) ends both within seconds. nginx,
where installed, accepts the site and answers its own refusals in Chinese."""

import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
INSTALLED_BIN = "/opt/govdesk/.venv/bin/"  # where docs/deployment.md installs GovDesk
PORTS = range(8180, 8190)  # this suite's loopback ports

# Real servers on the example environment (GOVDESK_* of the run left out, so always its
# SQLite): the same test on either run, so it runs once, in the SQLite run.
pytestmark = pytest.mark.slow


def free_port(*, besides: tuple[int, ...] = ()) -> int:
    for port in PORTS:
        if port in besides:
            continue
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8180-8189")


def unit(name: str) -> dict[str, str]:
    """The [Service] settings of a unit file (the kit uses no line continuations)."""
    settings, section = {}, None
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings[key] = value
    return settings


def example_environment() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "govdesk.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def command(service: dict[str, str]) -> list[str]:
    argv = shlex.split(service["ExecStart"])
    assert argv[0].startswith(INSTALLED_BIN)
    return [str(BIN / argv[0].removeprefix(INSTALLED_BIN)), *argv[1:]]


def get(port: int, path: str, host: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        # As nginx passes the request on: the site's name, and that it came over TLS.
        connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def test_the_units_command_lines_serve_health_and_stop_on_sigterm(tmp_path, scratch_database):
    web, worker = unit("govdesk-web.service"), unit("govdesk-worker.service")
    assert web["EnvironmentFile"] == worker["EnvironmentFile"] == "/etc/govdesk/govdesk.env"
    assert web.get("KillSignal", "SIGTERM") == worker.get("KillSignal", "SIGTERM") == "SIGTERM"
    example = example_environment()
    assert example["GOVDESK_VAR_DIR"] == web["WorkingDirectory"] == worker["WorkingDirectory"]
    var_dir, port = tmp_path / "var", free_port()
    scratch_database(var_dir)  # migrated once per run
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
    env.update(example)
    env.update(
        GOVDESK_VAR_DIR=str(var_dir),
        GOVDESK_BACKUP_DIR=str(tmp_path / "backups"),
        GOVDESK_BIND=f"127.0.0.1:{port}",
    )
    host = example["GOVDESK_ALLOWED_HOSTS"].split(",")[0]

    processes = []
    try:
        for service in (web, worker):
            with (tmp_path / f"{len(processes)}.log").open("wb") as log:
                processes.append(
                    subprocess.Popen(command(service), cwd=var_dir, env=env, stdout=log, stderr=log)
                )
        deadline, answer = time.monotonic() + 90, None
        while time.monotonic() < deadline:
            assert all(p.poll() is None for p in processes), (tmp_path / "0.log").read_text()
            try:
                answer = get(port, "/healthz", host)
            except OSError:
                answer = None
            if answer and answer[0] == 200:
                break
            time.sleep(0.5)
        assert answer is not None and answer[0] == 200, answer
        assert answer[1]["checks"] == {"database": "ok", "worker": "ok", "queue": "ok"}

        stopping = time.monotonic()
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [process.wait(timeout=45) for process in processes]
        took = time.monotonic() - stopping
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert codes == [0, 0], [(tmp_path / f"{n}.log").read_text()[-2000:] for n in (0, 1)]
    # Idle, both exit in a second or two (more on a loaded machine); a hung request or
    # task would hold them to the graceful limits of 60 and 50 s.
    assert took < 30


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        pytest.skip("nginx is not installed (CI installs it)")
    return found


def _site(tmp_path: Path, *, http_port: int, https_port: int) -> Path:
    """The kit's site with loopback ports and a throwaway certificate; each replaced
    line must occur exactly once, so a reshaped site fails here instead of passing."""
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=govdesk.example.gov.cn"),
            *("-keyout", str(tmp_path / "tls.key"), "-out", str(tmp_path / "tls.crt")),
        ],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "govdesk.conf").read_text()
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/govdesk/tls/govdesk.crt": str(tmp_path / "tls.crt"),
        "/etc/govdesk/tls/govdesk.key": str(tmp_path / "tls.key"),
    }.items():
        assert site.count(old) == 1, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    temp = "".join(
        f"{kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'}; daemon off;\n"
        f"events {{}}\nhttp {{ access_log off; {temp} include {tmp_path / 'site.conf'}; }}\n"
    )
    return conf


def test_nginx_accepts_the_site_and_refuses_oversized_bodies_in_chinese(tmp_path):
    nginx = _nginx()
    http_port = free_port()
    https_port = free_port(besides=(http_port,))
    conf = _site(tmp_path, http_port=http_port, https_port=https_port)
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr

    server = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf)])
    try:
        tls = ssl.create_default_context(cafile=str(tmp_path / "tls.crt"))
        tls.check_hostname = False

        def send(connection, method, path, headers) -> http.client.HTTPResponse:
            for _ in range(50):  # nginx needs a moment to listen
                try:
                    connection.request(method, path, headers=headers)
                    return connection.getresponse()
                except ConnectionRefusedError:
                    connection.close()
                    time.sleep(0.1)
            raise AssertionError("nginx did not listen")

        host = {"Host": "govdesk.example.gov.cn"}
        plain = send(http.client.HTTPConnection("127.0.0.1", http_port), "GET", "/x?a=1", host)
        assert plain.status == 301
        assert plain.getheader("Location") == "https://govdesk.example.gov.cn/x?a=1"

        big = {**host, "Content-Length": str(600 * 1024 * 1024)}
        message = "提交的内容过大（超过 501 MB），请删减内容或分多次提交；附件请逐个上传。"
        answers = {}
        for path in ("/api/items", "/items/new"):
            tls_connection = http.client.HTTPSConnection("127.0.0.1", https_port, context=tls)
            response = send(tls_connection, "POST", path, big)
            answers[path] = (response.status, response.getheader("Content-Type"), response.read())
        assert answers["/api/items"][:2] == (413, "application/json; charset=utf-8")
        assert json.loads(answers["/api/items"][2]) == {"detail": message}
        assert answers["/items/new"][:2] == (413, "text/html; charset=utf-8")
        assert f"<p>{message}</p>" in answers["/items/new"][2].decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
