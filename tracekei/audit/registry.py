"""Which models are audited, and how each finds its cluster (and project).

Every model of the apps that feed a KPI, a report or a survey (``AUDITED_APPS``) is
either in ``AUDITED`` or in ``EXEMPT`` with the reason: a new model fails
``tests/audit/test_registry.py`` until someone decides.

A rule's ``cluster`` / ``project`` is a dotted attribute path from the row to the id
(``"cluster_id"``: on the row, no query; ``"activity.organising_cluster_id"``: one
query unless the activity is already loaded). Only models with no cluster name a
project: the project of a clustered row is its cluster's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AUDITED_APPS = (
    "clusters",
    "services",
    "surveys",
    "trainings",
    "strategy",
    "dissemination",
    "kpi",
    "deliverables",
    "reports",
)

# Never copied into an entry: secrets, and the timestamps every save moves (the entry
# has its own ``when``).
NEVER_RECORDED = frozenset(
    {"token", "token_hash", "token_salt", "password", "updated_at", "created_at"}
)


@dataclass(frozen=True)
class Rule:
    cluster: str | None = None
    project: str | None = None
    # Personal values: scrubbed in every entry that names the erased person's e-mail.
    personal: frozenset[str] = field(default_factory=frozenset)
    exclude: frozenset[str] = field(default_factory=frozenset)
    # Recorded although in NEVER_RECORDED (a response's ``updated_at``: each saved page).
    keep: frozenset[str] = field(default_factory=frozenset)
    # The row's text names a person (an invitee, an outside participant, a respondent):
    # entries label it "<kind> #<pk>", so no retention purge or erasure has to find it.
    label_by_pk: bool = False


def _rule(cluster=None, project=None, personal=(), exclude=(), keep=(), label_by_pk=False):
    return Rule(
        cluster, project, frozenset(personal), frozenset(exclude), frozenset(keep), label_by_pk
    )


#: Audited rows that belong to no project: every coordinator reads their history.
CONSORTIUM_WIDE = ("clusters.Sector", "services.ServiceCategory", "trainings.CoreModule")

AUDITED: dict[str, Rule] = {
    # clusters
    "clusters.Project": _rule(project="id"),
    "clusters.Sector": _rule(),
    "clusters.Cluster": _rule(cluster="id"),
    "clusters.LabelAward": _rule(cluster="cluster_id"),
    "clusters.Member": _rule(cluster="cluster_id", personal=("contact_name", "contact_email")),
    "clusters.RoleAssignment": _rule(cluster="cluster_id", project="project_id"),
    # services
    "services.ServiceCategory": _rule(),
    "services.Service": _rule(cluster="cluster_id"),
    "services.ServiceDelivery": _rule(cluster="service.cluster_id"),
    "services.ReferenceService": _rule(project="project_id"),
    "services.ServiceMapping": _rule(cluster="cluster_id"),
    "services.ServiceAssessment": _rule(cluster="service.cluster_id"),
    "services.ExcellenceCheck": _rule(cluster="cluster_id"),
    # surveys
    "surveys.Questionnaire": _rule(cluster="cluster_id", project="project_id"),
    "surveys.Section": _rule(project="questionnaire.project_id"),
    "surveys.Question": _rule(project="questionnaire.project_id"),
    "surveys.Choice": _rule(project="question.questionnaire.project_id"),
    "surveys.Campaign": _rule(cluster="cluster_id"),
    "surveys.Invitation": _rule(
        cluster="campaign.cluster_id", personal=("name", "email"), label_by_pk=True
    ),
    # The answers are written in bulk per page (see EXEMPT): each saved page moves the
    # response's ``updated_at``, so the entry shows when the answers changed.
    "surveys.Response": _rule(cluster="cluster_id", keep=("updated_at",)),
    # trainings
    "trainings.CoreModule": _rule(),
    "trainings.Activity": _rule(cluster="organising_cluster_id"),
    "trainings.Participation": _rule(
        cluster="activity.organising_cluster_id",
        personal=("name", "organisation", "email"),
        label_by_pk=True,
    ),
    "trainings.Attendance": _rule(
        cluster="participation.activity.organising_cluster_id", label_by_pk=True
    ),
    "trainings.Material": _rule(cluster="activity.organising_cluster_id"),
    "trainings.AssessmentRound": _rule(project="project_id"),
    "trainings.SkillRating": _rule(project="round.project_id"),
    "trainings.MentoringPair": _rule(project="project_id"),
    "trainings.MentoringSession": _rule(project="pair.project_id"),
    # strategy
    "strategy.Ris3Priority": _rule(project="project_id"),
    "strategy.Strategy": _rule(cluster="cluster_id"),
    "strategy.StrategyVersion": _rule(cluster="strategy.cluster_id"),
    "strategy.Goal": _rule(cluster="version.strategy.cluster_id"),
    "strategy.PlannedService": _rule(cluster="version.strategy.cluster_id"),
    "strategy.RevenuePlanLine": _rule(cluster="version.strategy.cluster_id"),
    "strategy.Indicator": _rule(cluster="strategy.cluster_id"),
    "strategy.IndicatorValue": _rule(cluster="indicator.strategy.cluster_id"),
    "strategy.ValueChainStage": _rule(cluster="strategy.cluster_id"),
    "strategy.Consultation": _rule(cluster="version.strategy.cluster_id"),
    "strategy.ConsultationLink": _rule(
        cluster="consultation.version.strategy.cluster_id",
        personal=("respondent_name",),
        label_by_pk=True,
    ),
    "strategy.Feedback": _rule(
        cluster="consultation.version.strategy.cluster_id",
        personal=("author", "comment"),
        label_by_pk=True,
    ),
    "strategy.JointStrategy": _rule(project="project_id"),
    "strategy.JointGoal": _rule(project="joint_strategy.project_id"),
    # dissemination
    # Several clusters share an activity (many-to-many): no one cluster, seen per object.
    "dissemination.DisseminationActivity": _rule(),
    "dissemination.PolicyDialogue": _rule(cluster="cluster_id"),
    "dissemination.FollowUp": _rule(cluster="dialogue.cluster_id"),
    "dissemination.CollaborationPost": _rule(cluster="cluster_id"),
    # The cluster that expressed the interest (the owner's is kept on the row too).
    "dissemination.Collaboration": _rule(cluster="interested_cluster_id"),
    "dissemination.SuccessStory": _rule(cluster="cluster_id"),
    # KPI layer: the definitions and targets, and the manually reported values
    "kpi.Indicator": _rule(project="project_id"),
    "kpi.ManualReport": _rule(cluster="cluster_id"),
    # deliverables
    "deliverables.Deliverable": _rule(cluster="lead_cluster_id", project="project_id"),
}

EXEMPT: dict[str, str] = {
    "clusters.Invitation": "an invitation to the portal; the role it grants is a RoleAssignment",
    "clusters.MemberImport": "the uploaded file; applying it records each member and a bulk entry",
    "services.ServiceChange": "itself a history of a service's changes",
    "services.ExcellenceRating": "written in bulk with its check (record_bulk)",
    "surveys.Mail": "the mail-sending log of an invitation, no survey data",
    "surveys.Suppression": "the e-mail suppression list, no survey data",
    "surveys.Answer": (
        "written in bulk per page (150,000 rows in a campaign); the Response records each "
        "submit and change"
    ),
    "trainings.CalendarFeed": "a personal calendar address (a secret), no data",
    "dissemination.ActivityCountry": "written in bulk with its dissemination activity",
    "kpi.RollupRun": "a job's status row",
    "kpi.Snapshot": "computed by the roll-up from audited data, reproducible",
    "deliverables.StatusChange": "itself a history of a deliverable's status",
    "reports.ReportRequest": "a generated document (a job row); its data is audited at source",
}


def rule_for(model) -> Rule | None:
    return AUDITED.get(f"{model._meta.app_label}.{model.__name__}")


def audited_models():
    from django.apps import apps

    return [apps.get_model(name) for name in AUDITED]
