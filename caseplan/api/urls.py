"""The case API (cases, plans, contracts), included under /api/v1/ by config/urls.py with every other
app's API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from caseplan.api import contracts, plans
from caseplan.api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

# The maatwerkplan, nested under its case: every view first decides access on the case (see plans.py).
PLAN = "cases/<int:pk>/plans/<int:plan_id>/"
VERSION = f"{PLAN}versions/<int:version_id>/"
DOMAIN = f"{VERSION}domains/<int:domain_id>/"

plan_urlpatterns = [
    path(
        "cases/<int:pk>/plans/",
        plans.PlanViewSet.as_view({"get": "list", "post": "create"}),
        name="case-plan-list",
    ),
    path(
        f"{PLAN}next-version/",
        plans.PlanViewSet.as_view({"post": "next_version"}),
        name="case-plan-next-version",
    ),
    path(
        f"{PLAN}versions/", plans.PlanVersionViewSet.as_view({"get": "list"}), name="case-plan-version-list"
    ),
    path(VERSION, plans.PlanVersionViewSet.as_view({"get": "retrieve"}), name="case-plan-version-detail"),
    path(
        f"{VERSION}publish/",
        plans.PlanVersionViewSet.as_view({"post": "publish"}),
        name="case-plan-version-publish",
    ),
    path(
        f"{VERSION}sections/<slug:key>/",
        plans.PlanSectionViewSet.as_view({"patch": "partial_update"}),
        name="case-plan-section-detail",
    ),
    path(
        DOMAIN, plans.PlanDomainViewSet.as_view({"patch": "partial_update"}), name="case-plan-domain-detail"
    ),
    path(f"{DOMAIN}goals/", plans.GoalViewSet.as_view({"post": "create"}), name="case-plan-goal-list"),
    path(
        f"{DOMAIN}goals/<int:goal_id>/",
        plans.GoalViewSet.as_view({"patch": "partial_update", "delete": "destroy"}),
        name="case-plan-goal-detail",
    ),
    path(
        f"{DOMAIN}interventions/",
        plans.InterventionViewSet.as_view({"post": "create"}),
        name="case-plan-intervention-list",
    ),
    path(
        f"{DOMAIN}interventions/<int:intervention_id>/",
        plans.InterventionViewSet.as_view({"delete": "destroy"}),
        name="case-plan-intervention-detail",
    ),
    path(
        f"{VERSION}sanctions/",
        plans.SanctionViewSet.as_view({"post": "create"}),
        name="case-plan-sanction-list",
    ),
    path(
        f"{VERSION}sanctions/<int:sanction_id>/",
        plans.SanctionViewSet.as_view({"delete": "destroy"}),
        name="case-plan-sanction-detail",
    ),
]

# The gedragscontract, nested under its case (see contracts.py).
CONTRACT = "cases/<int:pk>/contracts/<int:contract_id>/"
contract_urlpatterns = [
    path(
        "cases/<int:pk>/contracts/",
        contracts.ContractViewSet.as_view({"get": "list", "post": "create"}),
        name="case-contract-list",
    ),
    path(
        CONTRACT,
        contracts.ContractViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="case-contract-detail",
    ),
    *[
        path(
            f"{CONTRACT}{segment}/",
            contracts.ContractViewSet.as_view({"post": action}),
            name=f"case-contract-{segment}",
        )
        for segment, action in (
            ("sign-partners", "sign_partners"),
            ("sign-client", "sign_client"),
            ("refuse", "refuse"),
            ("new-version", "new_version"),
            ("terminate", "terminate"),
        )
    ],
    path(
        f"{CONTRACT}police-records/",
        contracts.ContractViewSet.as_view({"get": "police_records", "post": "add_police_record"}),
        name="case-contract-police-records",
    ),
    path(f"{CONTRACT}pdf/", contracts.ContractViewSet.as_view({"get": "pdf"}), name="case-contract-pdf"),
]

urlpatterns = plan_urlpatterns + contract_urlpatterns + router.urls
