# The portal's image. One image runs the web (gunicorn), the Celery worker and beat;
# docker-compose.yml chooses which. Build: docker compose build
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz) and fonts with Latin and Cyrillic glyphs for
# the PDF deliverables: the same runtime packages as scripts/install-system-deps.sh.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo \
        fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The pinned dependencies first, so this layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Static files are collected into the image; WhiteNoise serves them from gunicorn.
# The settings refuse to start without SECRET_KEY when DEBUG is off: this throwaway key
# exists only for this one command and is not part of the image's environment.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --no-input

# Run as an unprivileged user that owns only var/ (uploads, e-mail files, beat schedule).
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home portal \
    && mkdir -p /app/var/media /app/var/mail \
    && chown -R portal:portal /app/var
USER portal

EXPOSE 8000
CMD ["gunicorn", "tracekei.wsgi", "--bind", "0.0.0.0:8000"]
