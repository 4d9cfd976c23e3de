from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Function(models.TextChoices):
    PROCESMANAGER = "procesmanager", _("Procesmanager")
    CASUSCOORDINATOR = "casuscoordinator", _("Casuscoördinator")
    CONTACTPERSOON_NAZORG = "contactpersoon_nazorg", _("Contactpersoon nazorg")
    MMD = "mmd", _("MMD'er")
    PARTNER = "partner", _("Partner")
    COORDINATOR = "coordinator", _("Coördinator")
    BACKOFFICE = "backoffice", _("Back-office medewerker")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer / ketenbeheerder")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")


# Functions that open cases (prioritise a client); partners join a team but do not start one.
CASE_OPENING_FUNCTIONS = frozenset(
    {Function.PROCESMANAGER, Function.CASUSCOORDINATOR, Function.COORDINATOR, Function.CONTACTPERSOON_NAZORG}
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("function", Function.FUNCTIONEEL_BEHEERDER)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    function = models.CharField(
        _("functie"), max_length=32, choices=Function.choices, default=Function.PARTNER
    )
    coordinator = models.ForeignKey(
        "self",
        verbose_name=_("coördinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_users",
        help_text=_("De coördinator bij wie een verlopen termijn van deze gebruiker wordt opgeschaald."),
    )
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self._sync_organisation_group()

    def _sync_organisation_group(self) -> None:
        """A user is in exactly one organisation group: their own, so whole-organisation team access works."""
        organisation_groups = self.groups.filter(organisation__isnull=False)
        stale = (
            organisation_groups
            if self.organisation_id is None
            else organisation_groups.exclude(organisation__id=self.organisation_id)
        )
        if stale.exists():
            self.groups.remove(*stale)
        if (
            self.organisation_id
            and not organisation_groups.filter(organisation__id=self.organisation_id).exists()
        ):
            self.groups.add(self.organisation.group_id)  # type: ignore[union-attr]

    @property
    def may_open_cases(self) -> bool:
        return self.is_active and self.function in CASE_OPENING_FUNCTIONS

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email
