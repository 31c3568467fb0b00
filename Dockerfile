# syntax=docker/dockerfile:1
# The application image: web (gunicorn), workers and beat all run from it (deploy/compose.yaml).
# Static files are collected here, at build time, in a stage that has Node.js; the image that runs
# has neither npm nor node_modules.

# --- Python and the pinned packages ------------------------------------------------------------
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH
# The PostgreSQL 15 client (pg_dump, pg_restore: make backup / make restore).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 make \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt

# --- Front-end packages from npm, then collectstatic -------------------------------------------
FROM base AS assets
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
# Production settings (hashed, compressed files for WhiteNoise); throw-away values for what
# collectstatic never uses but production settings require.
RUN DJANGO_SETTINGS_MODULE=config.settings.production STATIC_ROOT=/app/staticfiles DATA_DIR=/tmp/data \
    SECRET_KEY=build-only ALLOWED_HOSTS=build PII_ENCRYPTION_KEYS=build PII_HASH_KEY=build \
    python manage.py collectstatic --no-input

# --- What runs ----------------------------------------------------------------------------------
FROM base AS runtime
RUN groupadd --system --gid 999 gzs && useradd --system --uid 999 --gid gzs --home-dir /app gzs \
 && mkdir -p /var/lib/gzs/media /run/gzs-metrics && chown -R gzs:gzs /var/lib/gzs /run/gzs-metrics
WORKDIR /app
# The code and the static files belong to root: the service user reads them, never writes them.
COPY . .
COPY --from=assets /app/staticfiles /app/staticfiles
ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    DATA_DIR=/var/lib/gzs \
    MEDIA_ROOT=/var/lib/gzs/media \
    PROMETHEUS_MULTIPROC_DIR=/run/gzs-metrics
USER gzs
EXPOSE 8000
# The default command is a web process; compose gives workers and beat their own.
CMD ["gunicorn", "config.wsgi", "--config", "deploy/gunicorn.conf.py"]
