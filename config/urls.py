from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from deadlines.api import DeadlineViewSet
from deadlines.views import my_work
from notifications.api import NotificationViewSet
from ops.views import health
from privacy.views.login import home

handler404 = "common.api_problem.not_found"
handler500 = "common.api_problem.server_error"

admin.site.site_header = _("PGA Casusregie: functioneel beheer")
admin.site.site_title = _("PGA Casusregie")

# Every app's API is registered here, so no app includes another app's API.
support_router = SimpleRouter()
support_router.register("deadlines", DeadlineViewSet, basename="deadline")
support_router.register("notifications", NotificationViewSet, basename="notification")

api_v1: list[URLPattern | URLResolver] = [
    path("", include("caseplan.api.urls")),
    path("", include(support_router.urls)),
    path("nazorg/", include("nazorg.api.urls")),
    path("co24/", include("co24.api.urls")),
    path("overleg/", include("overleg.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    path("", home, name="home"),
    path("", include("privacy.urls")),
    path("casussen/", include("caseplan.urls")),
    path("termijnen/", include("deadlines.urls")),
    path("nazorg/", include("nazorg.urls")),
    path("co24/", include("co24.urls")),
    path("overleggen/", include("overleg.urls")),
    path("werk/", my_work, name="my_work"),
    path("meldingen/", include("notifications.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
]
