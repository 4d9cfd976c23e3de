from nazorg.models.api import IdempotencyRecord
from nazorg.models.consent import CARE_PROVIDER_TYPES, Consent, EpisodeShare
from nazorg.models.document import DocumentStatus, NazorgDocument
from nazorg.models.episode import (
    DetentionEpisode,
    DetentionStatus,
    HandoverEvent,
    HandoverEventKind,
    HandoverStatus,
    NotScreenedReason,
    ReleaseDateChange,
    ReleaseDateReason,
)
from nazorg.schema import DocumentKind

__all__ = [
    "CARE_PROVIDER_TYPES",
    "Consent",
    "DetentionEpisode",
    "DetentionStatus",
    "DocumentKind",
    "DocumentStatus",
    "EpisodeShare",
    "HandoverEvent",
    "HandoverEventKind",
    "HandoverStatus",
    "IdempotencyRecord",
    "NazorgDocument",
    "NotScreenedReason",
    "ReleaseDateChange",
    "ReleaseDateReason",
]
