"""Settings come from the environment, with embedded defaults, in one module."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "pool": db.get("OPTIONS", {}).get("pool"), "conn_max_age": db.get("CONN_MAX_AGE"),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "broker": settings.CELERY_BROKER_URL,
    "email": settings.EMAIL_BACKEND, "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS, "lang": settings.LANGUAGE_CODE,
    "tz": settings.TIME_ZONE, "use_tz": settings.USE_TZ, "celery_tz": settings.CELERY_TIMEZONE,
    "secret": settings.SECRET_KEY,
}))
"""

READ_VARS = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")


def load(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in READ_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "base_portal.settings"
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_defaults_need_nothing_installed() -> None:
    s = load()
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["eager"] is True
    assert s["broker"] == "memory://"
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert s["cache"].endswith("LocMemCache")
    assert s["debug"] is False
    assert (s["lang"], s["tz"], s["use_tz"], s["celery_tz"]) == ("zh-hans", "Asia/Shanghai", True, "Asia/Shanghai")


def test_production_values_come_from_the_environment() -> None:
    s = load(
        DATABASE_URL="postgres://portal:pw@db.example:5432/portal",
        REDIS_URL="redis://cache.example:6379/0",
        EMAIL_URL="smtp://mailer:pw@mail.example:25",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.edu.cn,portal2.example.edu.cn",
        DEBUG="false",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["pool"]["max_size"] >= 1
    assert s["conn_max_age"] == 0  # pooled connections must not also be persistent
    assert s["eager"] is False
    assert s["broker"] == "redis://cache.example:6379/0"
    assert s["cache"].endswith("RedisCache")
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["hosts"] == ["portal.example.edu.cn", "portal2.example.edu.cn"]
    assert s["secret"] == "x" * 60
