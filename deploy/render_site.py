"""Render deploy/nginx-site.conf.template into an nginx site file (docs/deploy.md, step 4).

Example::

    python3 deploy/render_site.py --server-name svd.example.gov.uk --listen 443 \\
        --upstream 127.0.0.1:8501 --htpasswd /etc/nginx/svd-dash.htpasswd \\
        --certificate /etc/ssl/certs/svd.pem --certificate-key /etc/ssl/private/svd.key \\
        > /etc/nginx/sites-available/svd-dash

Give ``--upstream`` once per Streamlit process. Standard library only, so it runs with the system Python.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx-site.conf.template")
SAFE_VALUE = re.compile(r"[A-Za-z0-9_.:/\[\]-]+")
"""What a value may contain: nothing that could end an nginx directive or start a new one."""


def render_site(listen: str, server_name: str, upstreams: list[str], htpasswd: str, certificate: str, certificate_key: str) -> str:
    """The site configuration with every ``{{NAME}}`` filled in; raises ``ValueError`` on an unsafe value."""
    values = {
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "HTPASSWD": htpasswd,
        "CERTIFICATE": certificate,
        "CERTIFICATE_KEY": certificate_key,
    }
    for name, value in [*values.items(), *(("UPSTREAM", u) for u in upstreams)]:
        if not SAFE_VALUE.fullmatch(value):
            raise ValueError(f"{name} {value!r} may contain only letters, digits and _ . : / [ ] -")
    if not upstreams:
        raise ValueError("give at least one --upstream (host:port of a Streamlit process)")
    values["UPSTREAM_SERVERS"] = "\n".join(f"    server {u};" for u in upstreams)
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        raise ValueError("the template has a placeholder this script does not fill")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="443", help="nginx listen address or port (default 443)")
    parser.add_argument("--server-name", required=True, help="the site's host name")
    parser.add_argument("--upstream", action="append", default=[], help="host:port of a Streamlit process (repeat for several)")
    parser.add_argument("--htpasswd", default="/etc/nginx/svd-dash.htpasswd")
    parser.add_argument("--certificate", required=True)
    parser.add_argument("--certificate-key", required=True)
    args = parser.parse_args()
    try:
        print(render_site(args.listen, args.server_name, args.upstream, args.htpasswd, args.certificate, args.certificate_key), end="")
    except ValueError as error:
        parser.error(str(error))


if __name__ == "__main__":
    main()
