"""Kept for the migrations that name ``caseplan.validators.validate_bsn`` (caseplan and nazorg 0001); the
BSN check lives in ``common.validators``. Import it from there."""

from common.validators import validate_bsn

__all__ = ["validate_bsn"]
