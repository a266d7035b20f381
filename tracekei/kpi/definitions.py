"""The indicators every project gets, whether or not their calculator is registered yet:
the targets of the COSME cluster excellence projects (DOMAIN.md) and useful companions.
A row whose calculator is absent shows "not yet measured", never an error.

code: (name, unit, scope, description). Targets are per project (see demo.py for
TRACE-KEI's); the coordinator edits them in the admin.
"""

from django.utils.translation import gettext_lazy as _

CONSORTIUM = "consortium"
CLUSTER = "cluster"

DEFINITIONS = {
    "new_bronze_labels": (_("New bronze labels"), _("labels"), CLUSTER, ""),
    "managers_involved": (
        _("Cluster managers involved in project activities"),
        _("managers"),
        CLUSTER,
        _("Distinct cluster managers who took part in a training, visit or workshop."),
    ),
    "smes_benefitting": (
        _("SMEs benefitting"),
        _("SMEs"),
        CLUSTER,
        _("Distinct SMEs reached directly by new and improved services."),
    ),
    "strategies_adopted": (_("New cluster strategies"), _("strategies"), CLUSTER, ""),
    "joint_strategy": (_("Joint strategy"), _("strategy"), CONSORTIUM, ""),
    "outside_countries": (
        _("Countries outside the consortium reached"),
        _("countries"),
        CONSORTIUM,
        _("Distinct countries outside the consortium reached by dissemination."),
    ),
    "study_visits": (_("Joint study visits"), _("visits"), CONSORTIUM, ""),
    "joint_trainings": (_("Joint trainings"), _("trainings"), CONSORTIUM, ""),
    "workshops": (_("Workshops in the reference regions"), _("workshops"), CLUSTER, ""),
    "collaborations_formed": (
        _("Collaborations formed"),
        _("collaborations"),
        CLUSTER,
        _("Qualitative aim: better networking with other EU clusters."),
    ),
    "policy_dialogues": (
        _("Policy dialogues held"),
        _("dialogues"),
        CLUSTER,
        _("Qualitative aim: increased dialogue with regional policy makers."),
    ),
    "fee_based_services_share": (_("Fee-based share of services"), "%", CLUSTER, ""),
    "new_or_improved_services": (_("New or improved services"), _("services"), CLUSTER, ""),
    "active_members": (_("Member organisations"), _("organisations"), CLUSTER, ""),
}
