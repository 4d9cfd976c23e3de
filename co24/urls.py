from django.urls import path

from co24.views import alerts, export, intake, journal, manage

app_name = "co24"

urlpatterns = [
    # The back office's phone screen.
    path("", intake.intake, name="intake"),
    path("zoeken/", intake.intake_search, name="intake_search"),
    path("<int:pk>/melding/", intake.signal_new, name="signal_new"),
    # Per case, for the team (and the journal for the back office too).
    path("<int:pk>/", journal.journal, name="journal"),
    path("<int:pk>/signaal/<int:signal_pk>/", journal.signal_detail, name="signal_detail"),
    path("<int:pk>/aanmelden/", manage.enrol, name="enrol"),
    path("<int:pk>/inbellers/", manage.callers, name="callers"),
    path("<int:pk>/inbellers/<int:caller_pk>/", manage.caller_edit, name="caller_edit"),
    path("<int:pk>/checklist/", manage.checklist, name="checklist"),
    path("<int:pk>/checklist/nieuwe-versie/", manage.checklist_new_version, name="checklist_new_version"),
    path("<int:pk>/checklist/item/", manage.checklist_item_add, name="checklist_item_add"),
    path(
        "<int:pk>/checklist/item/<int:item_pk>/verwijderen/",
        manage.checklist_item_remove,
        name="checklist_item_remove",
    ),
    path("<int:pk>/checklist/in-gebruik/", manage.checklist_activate, name="checklist_activate"),
    path("<int:pk>/regels/", manage.rules, name="rules"),
    path("<int:pk>/regels/<int:rule_pk>/uit/", manage.rule_disable, name="rule_disable"),
    path("<int:pk>/kantelmomenten/", alerts.alerts, name="alerts"),
    path("<int:pk>/kantelmomenten/<int:alert_pk>/gezien/", alerts.acknowledge, name="alert_acknowledge"),
    path("<int:pk>/kantelmomenten/<int:alert_pk>/afhandelen/", alerts.handle, name="alert_handle"),
    path("<int:pk>/export/", export.export, name="export"),
]
