"""A client's whole dossier, every kind of record the case dossier holds, made with the factories: two
closed cases with plans, contracts (signed scans and PDFs), agenda items and minutes with actions and their
deadlines, notifications, the CO24 journal, a linked detention with its documents and consent scan, team
permissions, an admin log line, the access log, and history (also of a goal deleted earlier in normal use).
Stored files are real files in ``MEDIA_ROOT``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from caseplan.models import Case, CaseStatus, Client, ContractStatus, Goal
from nazorg.models import DetentionEpisode
from tests.factories import (
    AccessLogFactory,
    ActionFactory,
    AgendaItemFactory,
    AlertFactory,
    CallerFactory,
    CaseFactory,
    CaseMemberFactory,
    CaseUserObjectPermissionFactory,
    ChecklistFactory,
    ChecklistItemFactory,
    ClientChildFactory,
    ClientFactory,
    ConsentFactory,
    ContractFactory,
    DeadlineFactory,
    DetentionEpisodeFactory,
    DossierExportFactory,
    EnrolmentFactory,
    EpisodeShareFactory,
    GoalFactory,
    HandoverEventFactory,
    InterventionFactory,
    MeetingFactory,
    NazorgDocumentFactory,
    NotificationFactory,
    PlanDomainFactory,
    PlanPdfFactory,
    PlanSanctionFactory,
    PlanSectionFactory,
    PlanVersionFactory,
    ReleaseDateChangeFactory,
    SignalAnswerFactory,
    SignalFactory,
    TippingRuleFactory,
    UserFactory,
)

SECRET_NAME = "Geheimnaam"  # the client's surname: no trace of it may survive


@dataclass
class Dossier:
    client: Client
    cases: list[Case]
    episode: DetentionEpisode
    files: list[str] = field(default_factory=list)
    bsn: str = ""

    @property
    def case_ids(self) -> list[int]:
        return [case.pk for case in self.cases]


def _stored(instance: object, field_name: str, name: str, files: list[str]) -> None:
    getattr(instance, field_name).save(name, ContentFile(b"%PDF-1.4 test"), save=True)
    files.append(getattr(instance, field_name).name)


def build_dossier(
    *,
    closed_on: datetime.date,
    discussed_at: datetime.datetime | None = None,
    surname: str = SECRET_NAME,
    with_files: bool = True,
    open_case: bool = False,
) -> Dossier:
    """A client with two closed cases (the second ``open_case`` keeps it open), discussed in a meeting at
    ``discussed_at`` (when given)."""
    files: list[str] = []
    client = ClientFactory(achternaam=surname)
    if with_files:
        _stored(client, "foto", "foto.png", files)
    ClientChildFactory(client=client)
    cases = [
        CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=closed_on, closed_reason="klaar"),
        CaseFactory(
            client=client,
            status=CaseStatus.ACTIEF if open_case else CaseStatus.AFGESLOTEN,
            closed_on=None if open_case else closed_on,
        ),
    ]
    case = cases[0]
    user = UserFactory()
    CaseMemberFactory(case=case, user=user)
    CaseUserObjectPermissionFactory(
        content_object=case, user=user, permission=Permission.objects.get(codename="view_case")
    )
    # The plan with all its parts; a goal deleted earlier leaves only history behind.
    version = PlanVersionFactory(plan__case=case, plan__created_by=user, created_by=user)
    PlanSectionFactory(version=version)
    domain = PlanDomainFactory(version=version)
    goal = GoalFactory(domain=domain)
    GoalFactory(domain=domain, carried_from=goal)
    gone = GoalFactory(domain=domain)
    gone.delete()
    InterventionFactory(domain=domain)
    PlanSanctionFactory(version=version)
    pdf = PlanPdfFactory(version=version)
    if with_files:
        _stored(pdf, "file", "plan.pdf", files)
    contract = ContractFactory(plan_version=version, case=case, status=ContractStatus.REPLACED)
    ContractFactory(plan_version=version, case=case, number=2, replaces=contract)
    if with_files:
        _stored(contract, "signature_file", "scan.pdf", files)
        _stored(contract, "pdf_file", "contract.pdf", files)
    # The casusoverleg: the case on an agenda, an action with its deadline.
    meeting = MeetingFactory(starts_at=discussed_at or timezone.now() - datetime.timedelta(days=4000))
    item = AgendaItemFactory(
        meeting=meeting, case=case, discussed=discussed_at is not None, decisions="Besproken: " + surname
    )
    action = ActionFactory(item=item)
    action.deadline = DeadlineFactory(
        case=case, subject_type=ContentType.objects.get_for_model(action), subject_id=action.pk
    )
    action.save()
    deadline = DeadlineFactory(case=case)
    NotificationFactory(case=case, deadline=deadline, title=f"Termijn {case.reference}")
    NotificationFactory(case=cases[1])
    # CO24.
    enrolment = EnrolmentFactory(case=case, service__gemeente=case.gemeente)
    caller = CallerFactory(case=case, name=f"Buurman van {surname}")
    checklist = ChecklistFactory(case=case)
    checklist_item = ChecklistItemFactory(checklist=checklist)
    signal = SignalFactory(case=case, caller=caller, checklist=checklist, backoffice=enrolment.backoffice)
    SignalAnswerFactory(signal=signal, item=checklist_item)
    rule = TippingRuleFactory(case=case)
    alert = AlertFactory(case=case, rule=rule, signal=signal)
    DeadlineFactory(case=case, subject_type=ContentType.objects.get_for_model(alert), subject_id=alert.pk)
    DossierExportFactory(case=case)
    # Nazorg: a detention taken into the case, released.
    episode = DetentionEpisodeFactory(
        client=client, case=case, achternaam=surname, released_on=closed_on - datetime.timedelta(days=30)
    )
    NazorgDocumentFactory(episode=episode)
    consent = ConsentFactory(episode=episode)
    if with_files:
        _stored(consent, "evidence_file", "toestemming.pdf", files)
    EpisodeShareFactory(episode=episode, consent=consent)
    ReleaseDateChangeFactory(episode=episode)
    HandoverEventFactory(episode=episode)
    DeadlineFactory(case=None, subject_type=ContentType.objects.get_for_model(episode), subject_id=episode.pk)
    # An admin's edit of the client, and reads in the access log.
    LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(Client).pk,
        object_id=str(client.pk),
        object_repr=str(client),
        action_flag=CHANGE,
    )
    AccessLogFactory(case=case)
    # One more change, so every model has more than one history row.
    client.roepnaam = surname
    client.save()
    return Dossier(client=client, cases=cases, episode=episode, files=files, bsn=client.bsn)


def goal_ids(dossier: Dossier) -> list[int]:
    return list(
        Goal.objects.filter(domain__version__plan__case__in=dossier.cases).values_list("pk", flat=True)
    )
