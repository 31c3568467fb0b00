import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_django_deploy_checks():
    # given: production settings with what an operator must provide
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a server never has it)
    env = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-length-and-variety-0123456789",
        "ALLOWED_HOSTS": "gzs.example.gov.cn",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "PII_ENCRYPTION_KEYS": "Xk3cM2bq0kq9n8xYd0vQy3sU1r6cWf2m5pLhT7aZbE0=",
        "PII_HASH_KEY": "a-production-like-hmac-key-for-phone-lookups",
    }

    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # then: HSTS, secure cookies, SSL redirect, DEBUG off … nothing to warn about
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
