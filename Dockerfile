# Coop Portal image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and HarfBuzz; the PDF fonts ship in static/fonts. gettext compiles the catalogs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The runtime lock only: no test or benchmark tools in the image.
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
# A throwaway credential key for the build; the running site reads its own from the environment.
RUN CREDENTIAL_SIGNING_KEYS="$(python manage.py new_credential_key --one-line)" \
    DJANGO_PRODUCTION=true ALLOWED_HOSTS=build SECRET_KEY=build-only-key-never-used-at-runtime-0123456789abcdefghijklmnop \
    sh -c "python manage.py collectstatic --noinput && python manage.py compilemessages --ignore=.venv" \
    && useradd --system --home /app coop && mkdir -p /app/media && chown coop /app/media
USER coop

EXPOSE 8000
CMD ["gunicorn", "coopportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
