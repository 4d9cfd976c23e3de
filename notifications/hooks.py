"""What notifications plugs into privacy's retention (privacy/hooks.py), registered in
``NotificationsConfig.ready``: notifications are destroyed per calendar month of their creation, and the
privacy officers hear about a destruction list whose items failed (``destruction_failed``), by list number
only."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Notification, NotificationKind
from notifications.services import Message, notify
from privacy.hooks import PeriodSpec, RetentionKind, destruction_failed, register_retention_kind
from privacy.models import CountsFrom, Function, User

# The page of a destruction list, once the pages exist (privacy's views); without it the message has no link.
LIST_URL_NAME = "privacy:destruction_list"


def _list_url(pk: int) -> str:
    try:
        return reverse(LIST_URL_NAME, args=[pk])
    except NoReverseMatch:
        return ""


def notify_destruction_failed(sender: Any, destruction_list: Any, **kwargs: Any) -> None:
    """Tell every active privacy officer that items of the list failed: the list number, nothing else."""
    officers = User.objects.filter(function=Function.PRIVACY_OFFICER, is_active=True)
    number = destruction_list.number
    notify(
        recipients=officers,
        message=Message(
            kind=NotificationKind.DESTRUCTION_FAILED,
            title=_("Vernietiging: lijst %(number)s met fouten") % {"number": number},
            body=_(
                "Een deel van vernietigingslijst %(number)s kon niet worden vernietigd. "
                "Bekijk de lijst en probeer het opnieuw."
            )
            % {"number": number},
            url=_list_url(destruction_list.pk),
        ),
        dedupe_key=f"vernietiging-mislukt:{destruction_list.pk}:{destruction_list.revision}",
    )


def register_retention() -> None:
    register_retention_kind(
        RetentionKind(
            key="notifications",
            label=gettext_lazy("Meldingen"),
            root="",
            counts_from=(CountsFrom.CREATED,),
            period=PeriodSpec(model=Notification, field="created_at"),
        )
    )
    destruction_failed.connect(
        notify_destruction_failed, weak=False, dispatch_uid="notifications:destruction-failed"
    )
