"""Direct foreign-key object permissions on Case (django-guardian), for fast queryset filtering."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE)
