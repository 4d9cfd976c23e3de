from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from deadlines.views import my_work
from ops.health import health
from privacy.views import home

admin.site.site_header = _("PGA Casusregie: functioneel beheer")
admin.site.site_title = _("PGA Casusregie")

api_v1 = [
    path("", include("caseplan.api.urls")),
    path("nazorg/", include("nazorg.api.urls")),
    path("co24/", include("co24.api.urls")),
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
    path("werk/", my_work, name="my_work"),
    path("meldingen/", include("notifications.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
]
