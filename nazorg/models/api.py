from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """The answer to a submission, kept under its Idempotency-Key so a retry creates nothing twice."""

    organisation = models.ForeignKey("privacy.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotentiesleutel (API)")
        verbose_name_plural = _("idempotentiesleutels (API)")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="idempotency_key_per_org")
        ]

    def __str__(self) -> str:
        return self.key
