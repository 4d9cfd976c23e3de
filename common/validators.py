"""The BSN (burgerservicenummer) check: nine digits that pass the elfproef."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def bsn_is_valid(value: str) -> bool:
    """The BSN 11-proof: 9 digits, weights 9..2 and -1, sum divisible by 11, never all zeros."""
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(digit) * weight for digit, weight in zip(value, weights, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not value:
        return
    if len(value) != 9 or not value.isdigit():
        raise ValidationError(_("Een BSN bestaat uit precies 9 cijfers."), code="bsn_format")
    if not bsn_is_valid(value):
        raise ValidationError(
            _("Dit BSN klopt niet: het voldoet niet aan de elfproef. Controleer de cijfers."),
            code="bsn_elfproef",
        )
