from rest_framework.routers import SimpleRouter

from caseplan.api.views import CaseViewSet
from deadlines.api import DeadlineViewSet
from notifications.api import NotificationViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
