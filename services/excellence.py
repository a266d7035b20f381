"""The excellence self-check's worksheet: the six areas of the cluster-management
benchmarking behind the ESCA bronze label, each with the items a manager rates red,
yellow or green before (re)labelling."""

from django.utils.translation import gettext_lazy as _

#: area code, area name, [(item code, item question), ...]
AREAS = [
    (
        "structure",
        _("Structure of the cluster"),
        [
            ("structure_members", _("Committed members, at least 15 and mostly SMEs")),
            ("structure_helix", _("Industry, research and public bodies among the members")),
        ],
    ),
    (
        "governance",
        _("Management and governance"),
        [
            ("governance_staff", _("Enough management staff with clear roles")),
            ("governance_strategy", _("A written strategy with objectives and an action plan")),
        ],
    ),
    (
        "financing",
        _("Financing"),
        [
            ("financing_mix", _("Income from several sources, not public funding only")),
            ("financing_outlook", _("Financing secured for the next two years")),
        ],
    ),
    (
        "services",
        _("Services"),
        [
            ("services_portfolio", _("A portfolio covering the members' main needs")),
            ("services_fees", _("Fee-based services that members pay for")),
        ],
    ),
    (
        "interaction",
        _("Interaction within the cluster"),
        [
            ("interaction_events", _("Regular events where members meet and cooperate")),
            ("interaction_communication", _("Members are informed and consulted regularly")),
        ],
    ),
    (
        "achievements",
        _("Achievements and recognition"),
        [
            ("achievements_results", _("Measured results and success stories")),
            ("achievements_visibility", _("Recognised by members, the region and abroad")),
        ],
    ),
]
ITEM_CODES = [code for _area, _name, items in AREAS for code, _question in items]
