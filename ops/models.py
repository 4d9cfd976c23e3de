from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of a background process (the Celery worker), read by the health check."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"
