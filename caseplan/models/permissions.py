"""Direct foreign-key object permissions on Case (django-guardian), for fast queryset filtering."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("toegangsrecht van een persoon op een casus")
        verbose_name_plural = _("toegangsrechten van personen op casussen")


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("toegangsrecht van een organisatie op een casus")
        verbose_name_plural = _("toegangsrechten van organisaties op casussen")
