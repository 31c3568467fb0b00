# ruff: noqa: S603, S607 - the tools are run by name from PATH, on our own files: that is the test
"""The deployment recipes in deploy/ are checked by the tools that will read them: docker compose,
nginx and systemd. Each test is skipped, saying why, where its tool is not installed."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from petitions.services.photos import MAX_PHOTO_BYTES, MAX_PHOTOS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _compose_command() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_file_is_valid_and_runs_the_processes_the_readme_promises(tmp_path):
    compose = _compose_command()
    if compose is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed here")
    env_file = tmp_path / "test.env"
    env_file.write_text((ROOT / ".env.example").read_text())
    env = {**os.environ, "GZS_ENV_FILE": str(env_file)}

    result = subprocess.run(
        [*compose, "--env-file", str(env_file), "-f", str(DEPLOY / "compose.yaml"), "config"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    import yaml

    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert set(services) == {
        "db", "redis", "migrate", "web1", "web2", "worker-handoffs", "worker-notifications", "beat", "nginx"
    }  # fmt: skip
    for name in ("web1", "web2", "worker-handoffs", "worker-notifications", "beat", "migrate"):
        assert services[name]["build"]["dockerfile"] == "Dockerfile"
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://gzs:")
    # one queue each for hand-offs and notifications, and exactly one beat
    assert services["worker-handoffs"]["command"][services["worker-handoffs"]["command"].index("-Q") + 1] == "handoffs"
    notifications = services["worker-notifications"]["command"]
    assert notifications[notifications.index("-Q") + 1] == "notifications,periodic,celery,imports"
    # and every queue the tasks are routed to has a worker
    from django.conf import settings

    consumed = {"handoffs", *notifications[notifications.index("-Q") + 1].split(",")}
    assert consumed == set(settings.CELERY_TASK_QUEUES)
    assert [name for name, service in services.items() if "beat" in (service.get("command") or [])] == ["beat"]
    # the media volume is never given to nginx
    assert all("media" not in str(volume) for volume in services["nginx"].get("volumes", []))


def _nginx_test(tmp_path: Path, upstream: str) -> subprocess.CompletedProcess:
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=gzs.example.gov.cn",
         "-keyout", str(tls / "gzs.key"), "-out", str(tls / "gzs.crt")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        (DEPLOY / "nginx" / "gzs.conf")
        .read_text()
        .replace("/etc/nginx/tls/", f"{tls}/")
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    # Compose's container names do not resolve here: the same upstream with this host's address.
    (tmp_path / "upstream.conf").write_text(re.sub(r"server web\d:8000", "server 127.0.0.1:8000", upstream))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  include {tmp_path}/upstream.conf;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    return subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, check=False, timeout=30,
    )  # fmt: skip


@pytest.mark.parametrize("upstream", ["upstream-host.conf", "upstream-compose.conf"])
def test_nginx_accepts_the_site_file(tmp_path, upstream):
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed here (Debian: apt-get install nginx-light)")
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed here (needed for a test certificate)")
    result = _nginx_test(tmp_path, (DEPLOY / "nginx" / upstream).read_text())
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_nginx_lets_three_photos_through_and_never_serves_media():
    site = (DEPLOY / "nginx" / "gzs.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1)) * 1024 * 1024
    # three photos at the app's limit, and room for the rest of the form
    assert limit >= MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024
    assert "location ^~ /media/ {\n        return 404;" in site
    assert "alias" not in site
    assert "root " not in site
    assert "proxy_set_header X-Request-ID $request_id;" in site


def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed here")
    # The units name /opt/gzs (the recommended install folder); here it is this checkout, whose
    # .venv holds gunicorn and celery, so that verify can check that each command exists.
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip(".venv/bin/gunicorn is missing: `make install` first")
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        target = tmp_path / unit.name
        target.write_text(unit.read_text().replace("/opt/gzs", str(ROOT)))
        units.append(str(target))
    assert [Path(u).name for u in units] == [
        "gzs-backup.service", "gzs-backup.timer", "gzs-beat.service", "gzs-web.service",
        "gzs-worker-handoffs.service", "gzs-worker-notifications.service", "gzs.target",
    ]  # fmt: skip

    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True, check=False, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_the_systemd_units_and_compose_run_the_same_commands():
    units = {unit.stem: unit.read_text() for unit in (DEPLOY / "systemd").glob("*.service")}
    compose = (DEPLOY / "compose.yaml").read_text()
    assert "gunicorn config.wsgi --config deploy/gunicorn.conf.py" in units["gzs-web"]
    assert '["gunicorn", "config.wsgi", "--config", "deploy/gunicorn.conf.py"]' in compose
    assert "worker --loglevel=info -Q handoffs " in units["gzs-worker-handoffs"]
    assert "worker --loglevel=info -Q notifications,periodic,celery,imports " in units["gzs-worker-notifications"]
    assert "celery -A config beat" in units["gzs-beat"]


def test_the_image_collects_static_files_at_build_time_and_runs_without_npm():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.MULTILINE)[1:]
    assert stages[0].startswith("python:3.11-slim-bookworm AS base")
    assets, runtime = stages[1], stages[2]
    assert "npm ci" in assets
    assert "collectstatic --no-input" in assets
    assert "npm" not in runtime
    assert "node" not in runtime
    assert "COPY --from=assets /app/staticfiles /app/staticfiles" in runtime
