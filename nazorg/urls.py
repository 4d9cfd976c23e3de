from django.urls import path

from nazorg.views import documents, episodes, handover, lists, monitoring

app_name = "nazorg"

urlpatterns = [
    path("", lists.index, name="index"),
    path("werklijst/", lists.worklist, name="worklist"),
    path("inbox/", lists.inbox, name="inbox"),
    path("wachtrij/", lists.queue, name="queue"),
    path("monitor/", monitoring.monitor, name="monitor"),
    path("monitor.csv", monitoring.monitor_csv, name="monitor_csv"),
    path("nieuw/", episodes.episode_new, name="episode_new"),
    path("<int:pk>/", episodes.episode_detail, name="episode_detail"),
    path("<int:pk>/wijzigen/", episodes.episode_edit, name="episode_edit"),
    path("<int:pk>/toestemming/", episodes.consent_new, name="consent_new"),
    path(
        "<int:pk>/toestemming/<int:consent_pk>/intrekken/", episodes.consent_withdraw, name="consent_withdraw"
    ),
    path("<int:pk>/delen/", episodes.episode_share, name="episode_share"),
    path("<int:pk>/document/<str:kind>/", documents.document_detail, name="document_detail"),
    path("<int:pk>/document/<str:kind>/bewerken/", documents.document_edit, name="document_edit"),
    path("<int:pk>/document/<str:kind>/pdf/", documents.document_print, name="document_pdf"),
    path("<int:pk>/overdracht/accepteren/", handover.accept, name="handover_accept"),
    path("<int:pk>/overdracht/afwijzen/", handover.reject, name="handover_reject"),
    path("<int:pk>/overdracht/doorsturen/", handover.forward, name="handover_forward"),
    path("<int:pk>/overdracht/toewijzen/", handover.assign, name="handover_assign"),
    path("<int:pk>/overnemen/", handover.import_episode, name="episode_import"),
    path("<int:pk>/eerste-contact/", handover.first_contact, name="first_contact"),
]
