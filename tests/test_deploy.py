"""The deployment in docs/deploy.md, step by step: production settings, loopback only, the systemd unit, and
the app behind nginx (TLS, basic authentication, WebSocket proxying, health check, metrics hidden)."""

from __future__ import annotations

import base64
import getpass
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, only_local_network, require_chromium, streamlit_process, wait_for_app
from tests.conftest import ROOT

NGINX = "/usr/sbin/nginx"
DOC = ROOT / "docs" / "deploy.md"
USER, PASSWORD = "officer", "correct-horse-battery"


def require_nginx() -> None:
    """Skip without Debian's nginx, except in CI, where .ci/run installs it."""
    if Path(NGINX).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{NGINX} is missing in CI: .ci/run must install Debian's nginx")
    pytest.skip(f"{NGINX} is not installed (apt-get install -y nginx)")


@pytest.fixture(scope="module")
def app_server() -> Iterator[tuple[str, int]]:
    """The app started as the systemd unit starts it (production profile); yields its URL and PID."""
    with streamlit_process() as (url, process):
        yield url, process.pid


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port``, from /proc/net/tcp and tcp6 (hex, as the kernel writes them)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_production_profile_is_what_streamlit_reads() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    settings = dict(line.split(" = ", 1) for line in shown.splitlines() if " = " in line and not line.startswith("#"))
    assert settings["address"] == '"127.0.0.1"'
    assert settings["fileWatcherType"] == '"none"'
    assert int(settings["maxUploadSize"]) <= 10
    assert 2 <= int(settings["maxMessageSize"]) <= 10  # the region's LSOA map is 0.68 MB
    assert settings["enableXsrfProtection"] == "true" and settings["enableCORS"] == "true"
    assert settings["enableAgentApi"] == "false" and settings["runOnSave"] == "false"
    assert settings["showErrorDetails"] == '"none"' and settings["gatherUsageStats"] == "false"


def test_the_server_listens_on_loopback_only(app_server: tuple[str, int]) -> None:
    url, _ = app_server
    port = int(url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::
    others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1", "127.0.1.1"}
    for address in others:
        with socket.socket() as probe, pytest.raises(OSError):
            probe.settimeout(2)
            probe.connect((address, port))


def installed_unit(folder: Path) -> Path:
    """deploy/svd-dash.service with /opt/svd-dash pointed at this checkout and its Python, as a council would install it."""
    text = (ROOT / "deploy" / "svd-dash.service").read_text(encoding="utf-8")
    text = text.replace("/opt/svd-dash/.venv/bin/python", sys.executable).replace("/opt/svd-dash", str(ROOT))
    text = text.replace("User=svd-dash", f"User={getpass.getuser()}").replace("Group=svd-dash", "Group=root")
    path = folder / "svd-dash.service"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_systemd_unit_is_valid(tmp_path: Path) -> None:
    unit = installed_unit(tmp_path)
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr
    lines = [line for line in unit.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    exec_start = next(line for line in lines if line.startswith("ExecStart="))
    assert "--server.address 127.0.0.1" in exec_start and "svd_dash.cli serve" in exec_start
    assert "[Install]" in lines and "WantedBy=multi-user.target" in lines


def render_site(**values: str | list[str]) -> str:
    """Run deploy/render_site.py exactly as docs/deploy.md does."""
    args = [sys.executable, str(ROOT / "deploy" / "render_site.py")]
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            args += [f"--{name.replace('_', '-')}", item]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=30).stdout


def test_the_site_renderer_refuses_a_value_that_could_inject_directives() -> None:
    with pytest.raises(subprocess.CalledProcessError) as refused:
        render_site(server_name="x; return 200", upstream=["127.0.0.1:8501"], certificate="/c", certificate_key="/k")
    assert "may contain only" in refused.value.stderr


def test_the_doc_gives_the_steps_this_test_follows() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for step in (
        "apt-get install -y nginx",
        "openssl passwd -apr1",
        "openssl req -x509",
        "deploy/render_site.py",
        "nginx -t",
        "deploy/svd-dash.service",
        "systemd-analyze verify",
        "/_stcore/health",
        "/_stcore/stream",
        "st.login",
        "ip_hash",
        "cookieSecret",
    ):
        assert step in doc, step


@contextmanager
def nginx_in_front_of(upstream_url: str, folder: Path) -> Iterator[str]:
    """Steps 4-6 of docs/deploy.md in a scratch folder: a password file, a self-signed certificate, the
    site rendered from the template, checked with ``nginx -t``, then nginx in the foreground on a free
    loopback port. Yields the proxy's https URL."""
    hashed = subprocess.run(["openssl", "passwd", "-apr1", PASSWORD], capture_output=True, text=True, check=True).stdout.strip()
    (folder / "svd-dash.htpasswd").write_text(f"{USER}:{hashed}\n", encoding="utf-8")
    certificate = ["-keyout", str(folder / "svd.key"), "-out", str(folder / "svd.pem")]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", *certificate],
        check=True,
        capture_output=True,
    )
    port = free_port()
    site = render_site(
        listen=f"127.0.0.1:{port}",
        server_name="localhost",
        upstream=[upstream_url.removeprefix("http://")],
        htpasswd=str(folder / "svd-dash.htpasswd"),
        certificate=str(folder / "svd.pem"),
        certificate_key=str(folder / "svd.key"),
    )
    (folder / "svd-dash.conf").write_text(site, encoding="utf-8")
    # Debian's /etc/nginx/nginx.conf, cut down to a scratch prefix so the test needs no root-owned paths.
    (folder / "nginx.conf").write_text(
        f"user {getpass.getuser()};\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log {folder}/access.log;\n"
        + "".join(f" {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f" include {folder}/svd-dash.conf;\n}}\n",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while status(f"{url}/_stcore/health") != 200:
            assert time.monotonic() < deadline, (folder / "error.log").read_text()
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def status(url: str, credentials: tuple[str, str] | None = None) -> int:
    """The HTTP status of a GET through the proxy (its certificate is self-signed; 0 if nothing answers)."""
    request = urllib.request.Request(url)
    if credentials:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(credentials).encode()).decode())
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.mark.browser
def test_the_dashboard_works_through_nginx_with_a_password(app_server: tuple[str, int], tmp_path: Path) -> None:
    require_nginx()
    require_chromium()
    from playwright.sync_api import sync_playwright

    with nginx_in_front_of(app_server[0], tmp_path) as proxy:
        assert status(f"{proxy}/") == 401
        assert status(f"{proxy}/", (USER, "wrong")) == 401
        assert status(f"{proxy}/", (USER, PASSWORD)) == 200
        assert status(f"{proxy}/_stcore/health") == 200  # from this machine, without a password
        assert status(f"{proxy}/_stcore/metrics", (USER, PASSWORD)) == 404
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(
                http_credentials={"username": USER, "password": PASSWORD}, ignore_https_errors=True, viewport={"width": 1400, "height": 900}
            )
            blocked: list[str] = []
            only_local_network(context, blocked)
            page = context.new_page()
            page.goto(f"{proxy}/trends?area=walsall&grouping=Robbery")
            wait_for_app(page)  # the script ran: the WebSocket came through the proxy
            assert page.locator("h1").first.inner_text().startswith("Trends: Robbery, Walsall")
            assert page.locator('[data-testid="stException"]').count() == 0 and blocked == []
            browser.close()
