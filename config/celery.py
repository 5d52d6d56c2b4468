import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("dossierportaal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="dossierportaal.ping")
def ping() -> str:
    """Answers through the broker: used by the health check and the integration tests."""
    return "pong"
