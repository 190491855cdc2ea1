"""Runs deploy/nginx as shipped on 127.0.0.1, for the tests and `make bench`.

Only what differs on a developer's machine is replaced: the listening address, the
application's address, the static, media and cache folders, and the path of the shared proxy
parameters. Everything else (micro-cache, stale-serving, bypass rules) is the shipped text.
"""

import os
import shutil
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
SITE = DEPLOY / "nginx" / "chancery.conf"
PROXY_PARAMS = DEPLOY / "nginx" / "chancery_proxy_params"


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def render(
    workdir: Path,
    *,
    listen_port: int,
    upstream: str,
    static_root: Path,
    media_root: Path,
    extra_server: str = "",
    mirror_root: Path | None = None,
) -> Path:
    """Write nginx.conf (and the site file it includes) under `workdir`; return its path."""
    workdir = Path(workdir).resolve()
    for sub in ("cache", "tmp", "logs"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    params = workdir / "chancery_proxy_params"
    params.write_text(PROXY_PARAMS.read_text())
    text = SITE.read_text()
    replacements = {
        "/var/cache/nginx/chancery": str(workdir / "cache"),
        "server 127.0.0.1:8001": f"server {upstream}",
        "listen 80;": f"listen 127.0.0.1:{listen_port};",
        "/srv/chancery/static/": f"{static_root}/",
        "/srv/chancery/media/": f"{media_root}/",
        "root /srv/chancery/mirror;": f"root {mirror_root or workdir / 'mirror'};",
        "/etc/nginx/chancery_proxy_params": str(params),
    }
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"deploy/nginx/chancery.conf no longer contains {old!r}")
        text = text.replace(old, new)
    if extra_server:
        # A location for the benchmark's static copies of pages, inside the shipped server.
        text = text.replace(
            "    location /static/ {", f"{extra_server}\n    location /static/ {{", 1
        )
    site = workdir / "chancery.conf"
    site.write_text(text)
    mime = Path("/etc/nginx/mime.types")
    main = workdir / "nginx.conf"
    main.write_text(
        f"""daemon on;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes auto;
pid {workdir / "nginx.pid"};
error_log {workdir / "logs" / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    {"include " + str(mime) + ";" if mime.exists() else ""}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {workdir / "tmp"};
    proxy_temp_path {workdir / "tmp"};
    fastcgi_temp_path {workdir / "tmp"};
    uwsgi_temp_path {workdir / "tmp"};
    scgi_temp_path {workdir / "tmp"};
    include {site};
}}
"""
    )
    return main


def run(conf: Path, *args: str, check=True):
    return subprocess.run(  # noqa: S603 - fixed binary, our own arguments
        [nginx_binary(), "-p", str(conf.parent), "-c", str(conf), *args],
        capture_output=True,
        text=True,
        check=check,
    )


def start(conf: Path):
    run(conf)


def stop(conf: Path):
    """Stop the nginx started with `conf` (and only that one, through its own pid file)."""
    if (conf.parent / "nginx.pid").exists():
        run(conf, "-s", "quit", check=False)
