"""Django's ValidationError from a service as a DRF error, so the API answers 400 with the fields named."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError


def as_drf_validation_error(exc: DjangoValidationError) -> ValidationError:
    """Field errors keyed by field; an error without a field under ``detail``."""
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
