"""Demo strategies for the seven TRACE-KEI clusters: the regions' RIS3 priorities, five
strategies adopted within the project period and two still drafts (one in consultation),
with goals sharing themes so that matching finds real common ground, and a joint strategy
in draft. Idempotent: a cluster that already has a strategy is left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from strategy import services
from strategy.models import JointStrategy, Ris3Priority, Strategy

RIS3 = {
    "Puglia": [
        ("Agro-food", "Sustainable agriculture and food quality, traceability."),
        ("Digital economy", "ICT for industry and services."),
    ],
    "Central Hungary": [
        ("ICT and digital services", "Software, data and digital business services."),
        ("Agro-food", "Healthy food and food-chain innovation."),
    ],
    "Baden-Wurttemberg": [
        ("Bioeconomy", "Biomass, bio-based materials and energy."),
        ("Energy efficiency", "Efficient buildings and industry."),
    ],
    "Setubal": [
        ("ICT and digital services", "Digital platforms for industry."),
        ("Energy", "Renewable energy and efficiency."),
    ],
    "Nord-Est": [
        ("Agro-food", "Agro-food processing and short supply chains."),
        ("Energy efficiency", "Efficient processing and buildings."),
    ],
    "Sofia": [
        ("Energy efficiency", "Clean technologies and efficient buildings."),
        ("ICT and digital services", "Informatics and ICT."),
    ],
    "Belgrade": [
        ("Energy efficiency", "Energy efficiency and renewable sources."),
        ("ICT and digital services", "Digital transformation of industry."),
    ],
}

# slug -> (region, adopted on (None: a draft), vision, goals, services)
# goals: (objective, target, horizon, tags, RIS3 domains of the region)
# services: (name, category, kind, fee-based)
STRATEGIES = {
    "dare": (
        dt.date(2017, 9, 28),
        "Puglia's agro-food companies selling quality food across Europe.",
        [
            (
                "Bring members' products to new export markets",
                "15 members exporting to 3 new countries",
                2020,
                "internationalisation, export",
                ["Agro-food"],
            ),
            (
                "Digital traceability for olive oil and wine",
                "10 members using digital traceability",
                2020,
                "digitalisation of agro-food",
                ["Agro-food", "Digital economy"],
            ),
            (
                "Cut energy costs in food processing",
                "8 energy audits in member plants",
                2019,
                "energy efficiency",
                ["Agro-food"],
            ),
        ],
        [
            ("Export desk", "internationalisation", "new", True),
            ("B2B matchmaking days", "matchmaking", "improved", True),
        ],
    ),
    "innoskart": (
        dt.date(2017, 11, 15),
        "The partner of choice for digital business services in Hungary.",
        [
            (
                "Digital tools for food companies",
                "20 food SMEs adopting software tools",
                2020,
                "digitalisation of agro-food",
                ["ICT and digital services", "Agro-food"],
            ),
            (
                "Joint tenders abroad",
                "5 international tenders with members",
                2020,
                "internationalisation",
                ["ICT and digital services"],
            ),
            (
                "Grow fee-based services",
                "30% of revenue from member fees and services",
                2021,
                "fee-based services",
                [],
            ),
        ],
        [
            ("Digital maturity check", "consulting", "new", True),
            ("Export desk", "internationalisation", "improved", True),
        ],
    ),
    "bioma": (
        dt.date(2018, 2, 20),
        "A bioeconomy cluster turning biomass into energy and products.",
        [
            (
                "Energy efficiency in agro-food processing",
                "12 plants with efficiency plans",
                2020,
                "energy efficiency",
                ["Energy efficiency", "Bioeconomy"],
            ),
            (
                "Cross-sector projects agro-food and energy",
                "4 joint projects",
                2020,
                "cross-sector collaboration",
                ["Bioeconomy"],
            ),
        ],
        [("Energy audit", "consulting", "new", True)],
    ),
    "mapar": (
        dt.date(2018, 4, 12),
        "Setubal's science park connecting ICT and energy companies to markets.",
        [
            (
                "Smart energy platforms for members",
                "6 pilots of smart-energy platforms",
                2020,
                "energy efficiency, digitalisation",
                ["Energy", "ICT and digital services"],
            ),
            (
                "International partnerships",
                "3 cooperation agreements abroad",
                2020,
                "internationalisation",
                ["ICT and digital services"],
            ),
        ],
        [
            ("Incubation programme", "incubation", "improved", True),
            ("Training academy", "training", "new", True),
        ],
    ),
    "agroco": (
        dt.date(2018, 6, 5),
        "Nord-Est farmers and processors in shorter, digital food chains.",
        [
            (
                "Export routes for dairy and honey",
                "10 members exporting",
                2021,
                "internationalisation, export",
                ["Agro-food"],
            ),
            (
                "Digital farm-to-fork traceability",
                "15 members on a traceability platform",
                2021,
                "digitalisation of agro-food",
                ["Agro-food"],
            ),
            (
                "Energy efficiency in storage and processing",
                "6 audits",
                2020,
                "energy efficiency",
                ["Energy efficiency"],
            ),
        ],
        [("Trade fair trips", "internationalisation", "new", False)],
    ),
    "green-synergy": (
        None,
        "Bulgaria's reference cluster for clean energy and efficient buildings.",
        [
            (
                "Efficient public buildings",
                "20 buildings renovated with members",
                2021,
                "energy efficiency",
                ["Energy efficiency"],
            ),
            (
                "Members in EU projects",
                "5 projects with foreign partners",
                2021,
                "internationalisation",
                [],
            ),
        ],
        [("Project writing support", "funding", "new", True)],
    ),
    "cluee": (
        None,
        "Serbian companies leading energy efficiency in the Western Balkans.",
        [
            (
                "Energy audits for industry and food processors",
                "25 audits",
                2021,
                "energy efficiency",
                ["Energy efficiency"],
            ),
            (
                "Export of insulation and heating products",
                "8 members exporting",
                2021,
                "internationalisation, export",
                [],
            ),
        ],
        [
            ("Energy audit", "consulting", "improved", True),
            ("Training academy", "training", "new", True),
        ],
    ),
}


def _headings(acronym: str, vision: str) -> dict:
    return {
        "vision": vision,
        "mission": f"{acronym} connects its members with each other, with research and with "
        "markets, and offers services members are ready to pay for.",
        "goals_text": "Goals for the next five years, each with a measurable target.",
        "services_text": "New and improved services, more of them fee-based.",
        "financial_text": "Membership fees, fee-based services and projects; public funding "
        "falls over the period.",
        "indicators_text": "The cluster follows its own indicators every six months.",
        "swot_strengths": "Committed members; a trusted cluster team.",
        "swot_weaknesses": "Few fee-based services; small team.",
        "swot_opportunities": "EU programmes; the regional smart-specialisation strategy.",
        "swot_threats": "Unpredictable public funding.",
        "roadmap": "Year 1: new services. Year 2: export and digital actions. Year 3: review.",
    }


def load(*, project, clusters, users, managers) -> int:
    created = 0
    coordinator = users["coordinator"]
    priorities = {}
    for region, domains in RIS3.items():
        for domain, description in domains:
            priority = Ris3Priority.objects.filter(
                project=project, region=region, domain=domain
            ).first()
            if priority is None:
                priority = services.ris3_priority_save(
                    actor=coordinator,
                    project=project,
                    region=region,
                    domain=domain,
                    description=description,
                )
                created += 1
            priorities[(region, domain)] = priority

    for slug, (adopted_on, vision, goals, planned) in STRATEGIES.items():
        cluster = clusters.get(slug)
        if cluster is None or Strategy.objects.filter(cluster=cluster).exists():
            continue
        actor = managers[slug]
        strategy = services.strategy_create(
            actor=actor,
            cluster=cluster,
            title="Cluster strategy 2017-2022",
            start_year=2017,
            end_year=2022,
        )
        version = strategy.versions.get()
        services.version_update(actor=actor, version=version, **_headings(cluster.acronym, vision))
        created += 2
        for objective, target, horizon, tags, domains in goals:
            services.goal_save(
                actor=actor,
                version=version,
                objective=objective,
                measurable_target=target,
                horizon_year=horizon,
                tags=tags,
                ris3_priorities=[priorities[(cluster.region, d)] for d in domains],
            )
            created += 1
        for name, category, kind, fee_based in planned:
            services.planned_service_add(
                actor=actor,
                version=version,
                name=name,
                category=category,
                kind=kind,
                fee_based=fee_based,
            )
            created += 1
        for year, fees, projects in (
            (2018, 40000, 60000),
            (2019, 55000, 50000),
            (2020, 70000, 40000),
        ):
            for source, amount in (
                ("Membership fees and services", fees),
                ("EU and regional projects", projects),
            ):
                services.revenue_line_add(
                    actor=actor, version=version, source=source, year=year, amount=Decimal(amount)
                )
                created += 1
        indicator = services.indicator_save(
            actor=actor,
            strategy=strategy,
            name="Members exporting",
            unit="members",
            baseline=Decimal(4),
            target=Decimal(15),
            target_year=2020,
        )
        created += 1
        for day, value in (
            (dt.date(2017, 6, 30), 4),
            (dt.date(2017, 12, 31), 6),
            (dt.date(2018, 6, 30), 9),
        ):
            services.indicator_value_record(
                actor=actor, indicator=indicator, measured_on=day, value=Decimal(value)
            )
            created += 1
        created += _chain(actor, strategy, cluster)
        if adopted_on is not None:
            services.version_adopt(
                actor=actor,
                version=version,
                adopted_on=adopted_on,
                adopted_by_body="General assembly of members",
            )
            if slug == "dare":
                created += _second_version(actor, strategy)
        elif slug == "cluee":
            created += _consultation(actor, version, cluster)

    if not JointStrategy.objects.filter(project=project).exists():
        joint = services.joint_strategy_get_or_create(actor=coordinator, project=project)
        services.joint_strategy_update(
            actor=coordinator,
            joint=joint,
            vision="Seven clusters from seven countries cooperating in agro-food, ICT and energy.",
            mission="Share services, open markets to each other's members and speak together "
            "to policy makers.",
        )
        services.joint_goal_create_from_match(
            actor=coordinator,
            joint=joint,
            objective="A shared export desk for members of all clusters",
            clusters=[
                clusters[s] for s in ("dare", "innoskart", "mapar", "agroco") if s in clusters
            ],
            tags="internationalisation",
            horizon_year=2020,
            measurable_target="50 members using the shared desk",
        )
        created += 2
    return created


def _second_version(actor, strategy) -> int:
    """D.A.Re. adopted a revised version after its mid-term review."""
    version = services.version_create_next(actor=actor, strategy=strategy)
    services.version_update(
        actor=actor,
        version=version,
        vision="Puglia's agro-food companies selling quality food across Europe and beyond.",
        roadmap="Year 1: export desk and matchmaking. Year 2: digital traceability. "
        "Year 3: mid-term review with members.",
    )
    services.version_adopt(
        actor=actor,
        version=version,
        adopted_on=dt.date(2018, 9, 20),
        adopted_by_body="General assembly of members",
    )
    return 1


def _consultation(actor, version, cluster) -> int:
    members = list(cluster.members.order_by("name")[:2])
    consultation, links = services.consultation_open(
        actor=actor,
        version=version,
        respondents=[{"name": m.name, "role": "member", "member": m} for m in members]
        + [{"name": "Ministry of Mining and Energy (demo)", "role": "policy_maker"}],
        message="Please comment on our draft strategy.",
    )
    if links:
        services.feedback_record(
            consultation=consultation,
            link=links[0][0],
            heading="goals_text",
            comment="Add a goal on training installers in new heating technologies.",
        )
    services.feedback_record(
        consultation=consultation,
        actor=actor,
        heading="financial_text",
        comment="Fees for audits should be lower for micro companies.",
        author="Members' meeting, 12 March 2018",
    )
    return 2 + len(links)


def _chain(actor, strategy, cluster) -> int:
    members = list(cluster.members.order_by("name"))
    stages = [
        (
            "Inputs and suppliers",
            "Few local suppliers of packaging.",
            "Joint purchasing.",
            "energy efficiency",
        ),
        (
            "Production and processing",
            "",
            "Energy savings; digital tools.",
            "digitalisation of agro-food, energy efficiency",
        ),
        (
            "Distribution and export",
            "Little presence abroad.",
            "Export desk; trade fairs.",
            "internationalisation",
        ),
    ]
    for position, (name, gaps, opportunities, themes) in enumerate(stages, start=1):
        placed = members[position - 1 :: 3][:4] if position != 1 else []
        services.chain_stage_save(
            actor=actor,
            strategy=strategy,
            members=placed,
            position=position,
            name=name,
            gaps=gaps,
            opportunities=opportunities,
            goal_themes=themes,
        )
    return len(stages)
