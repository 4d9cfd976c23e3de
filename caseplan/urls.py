from django.urls import path

from caseplan.views import cases, client, contract, dashboard, plan, team

app_name = "caseplan"

urlpatterns = [
    path("", cases.my_cases, name="my_cases"),
    path("nieuw/", cases.case_new, name="case_new"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/bewerken/", cases.case_edit, name="case_edit"),
    path("<int:pk>/client/", client.client_detail, name="client_detail"),
    path("<int:pk>/client/bewerken/", client.client_edit, name="client_edit"),
    path("<int:pk>/client/foto/", client.client_photo, name="client_photo"),
    path("<int:pk>/client/kinderen/", client.child_add, name="child_add"),
    path("<int:pk>/client/kinderen/<int:child_pk>/verwijderen/", client.child_remove, name="child_remove"),
    path("<int:pk>/plan/", plan.plan_home, name="plan_home"),
    path("<int:pk>/plan/vergelijk/", plan.version_compare, name="plan_compare"),
    path("<int:pk>/plan/v<int:version_pk>/", plan.plan_version, name="plan_version"),
    path("<int:pk>/plan/v<int:version_pk>/sectie/<slug:key>/", plan.section_edit, name="plan_section"),
    path("<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/", plan.domain_edit, name="plan_domain"),
    path(
        "<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/doelen/",
        plan.goal_add,
        name="plan_goal_add",
    ),
    path(
        "<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/doelen/<int:goal_pk>/",
        plan.goal_update,
        name="plan_goal_update",
    ),
    path(
        "<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/doelen/<int:goal_pk>/verwijderen/",
        plan.goal_delete,
        name="plan_goal_delete",
    ),
    path(
        "<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/interventies/",
        plan.intervention_add,
        name="plan_intervention_add",
    ),
    path(
        "<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/interventies/<int:intervention_pk>/",
        plan.intervention_update,
        name="plan_intervention_update",
    ),
    path(
        "<int:pk>/plan/v<int:version_pk>/leefgebied/<int:domain_pk>/interventies/<int:intervention_pk>/verwijderen/",
        plan.intervention_delete,
        name="plan_intervention_delete",
    ),
    path("<int:pk>/plan/v<int:version_pk>/sancties/", plan.sanction_add, name="plan_sanction_add"),
    path(
        "<int:pk>/plan/v<int:version_pk>/sancties/<int:sanction_pk>/verwijderen/",
        plan.sanction_delete,
        name="plan_sanction_delete",
    ),
    path("<int:pk>/plan/v<int:version_pk>/vaststellen/", plan.version_publish, name="plan_publish"),
    path("<int:pk>/plan/v<int:version_pk>/nieuwe-versie/", plan.version_next, name="plan_next"),
    path("<int:pk>/plan/v<int:version_pk>/pdf/", plan.pdf_request, name="plan_pdf"),
    path("<int:pk>/plan/v<int:version_pk>/pdf/<int:pdf_pk>/", plan.pdf_status, name="plan_pdf_status"),
    path(
        "<int:pk>/plan/v<int:version_pk>/pdf/<int:pdf_pk>/download/",
        plan.pdf_download,
        name="plan_pdf_download",
    ),
    path("<int:pk>/contract/", contract.contract_home, name="contract_home"),
    path("<int:pk>/contract/<int:contract_pk>/", contract.contract_detail, name="contract_detail"),
    path("<int:pk>/contract/<int:contract_pk>/wijzigen/", contract.contract_update, name="contract_update"),
    path(
        "<int:pk>/contract/<int:contract_pk>/getekend-partners/",
        contract.contract_sign_partners,
        name="contract_sign_partners",
    ),
    path(
        "<int:pk>/contract/<int:contract_pk>/getekend-client/",
        contract.contract_sign_client,
        name="contract_sign_client",
    ),
    path("<int:pk>/contract/<int:contract_pk>/geweigerd/", contract.contract_refuse, name="contract_refuse"),
    path(
        "<int:pk>/contract/<int:contract_pk>/nieuwe-versie/",
        contract.contract_new_version,
        name="contract_new_version",
    ),
    path(
        "<int:pk>/contract/<int:contract_pk>/beeindigen/",
        contract.contract_terminate,
        name="contract_terminate",
    ),
    path(
        "<int:pk>/contract/<int:contract_pk>/politiemutatie/",
        contract.contract_police_record,
        name="contract_police_record",
    ),
    path("<int:pk>/contract/<int:contract_pk>/pdf/", contract.contract_pdf, name="contract_pdf"),
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/zoeken/", team.team_search, name="team_search"),
    path("<int:pk>/team/<int:member_pk>/verwijderen/", team.team_remove, name="team_remove"),
]
