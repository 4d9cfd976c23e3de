from co24.models.caller import Caller, CallerKind
from co24.models.checklist import (
    Checklist,
    ChecklistItem,
    ChecklistStatus,
    ChecklistTemplate,
    ItemKind,
    ItemSource,
    TemplateItem,
)
from co24.models.digest import DigestMark, DossierExport, ExportPurpose
from co24.models.rules import Alert, AlertStatus, RuleKind, TippingRule
from co24.models.service import BackOfficeService, Enrolment
from co24.models.signal import Answer, Signal, SignalAnswer, Urgency

__all__ = [
    "Alert",
    "AlertStatus",
    "Answer",
    "BackOfficeService",
    "Caller",
    "CallerKind",
    "Checklist",
    "ChecklistItem",
    "ChecklistStatus",
    "ChecklistTemplate",
    "DigestMark",
    "DossierExport",
    "Enrolment",
    "ExportPurpose",
    "ItemKind",
    "ItemSource",
    "RuleKind",
    "Signal",
    "SignalAnswer",
    "TemplateItem",
    "TippingRule",
    "Urgency",
]
