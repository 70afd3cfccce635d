import pytest
from django.urls import reverse

from coopportal.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_broker_mode():
    """Health checks the broker only when tasks are not run in process."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    yield celery_app.conf
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous


def test_readiness_answers_200_when_database_cache_and_broker_answer(client):
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"


def test_health_checks_are_public(client):
    assert client.get(reverse("healthz_live")).status_code == 200
    assert client.get(reverse("healthz_ready")).status_code == 200


def test_a_broker_outage_fails_readiness_but_not_liveness(client, real_broker_mode):
    real_broker_mode.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz_ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("down")
    assert response.json()["checks"]["database"] == "ok"
    live = client.get(reverse("healthz_live"))
    assert live.status_code == 200 and live.json()["checks"] == {"database": "ok"}
