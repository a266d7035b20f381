"""Demo data of the services app: a believable portfolio per demo cluster, deliveries that
bring "SMEs benefitting from new or improved services" near (not at) its target of 284,
the reference portfolio, mapping questionnaires, self-checks and self-assessments.

The demo clusters have about fifteen members each, too few for that figure, so this
loader adds demo SME members (marked as demo rows) through clusters.services. The company
that is a member of two clusters (D.A.Re. and AGROCO) receives services in both and
counts once. Running it again creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from clusters import services as cluster_services
from clusters.models import Member, MemberType, SizeClass

from . import services
from .excellence import ITEM_CODES
from .models import (
    DEFAULT_CATEGORIES,
    ExcellenceCheck,
    ReferenceService,
    Service,
    ServiceAssessment,
    ServiceCategory,
    ServiceMapping,
)

# Words for the added demo SMEs: place first, then trade, so they never equal the names
# load_demo_data gives (trade first, then place).
PLACES = {
    "IT": ["Murgia", "Salento", "Gargano", "Levante", "Apulia", "Daunia", "Itria"],
    "HU": ["Pannon", "Duna", "Buda", "Tisza", "Matra", "Bakony", "Alfold"],
    "DE": ["Schwaben", "Neckar", "Alb", "Rhein", "Bodensee", "Kraichgau", "Hohenlohe"],
    "PT": ["Tejo", "Sado", "Almada", "Arrabida", "Seixal", "Palmela", "Setubal"],
    "RO": ["Moldova", "Siret", "Prut", "Bistrita", "Suceava", "Neamt", "Bacau"],
    "BG": ["Sofia", "Rila", "Iskar", "Pirin", "Balkan", "Struma", "Lozen"],
    "RS": ["Beograd", "Sava", "Dunav", "Zemun", "Avala", "Morava", "Banat"],
}
TRADES = {
    "IT": ["Olearia", "Vini", "Forno", "Latte", "Agrumi", "Grani"],
    "HU": ["Adattar", "Webfejlesztes", "Informatika", "Mobil", "Szerviz", "Digital"],
    "DE": ["Biogas", "Holzpellets", "Agrartechnik", "Solartechnik", "Kompost", "Biohof"],
    "PT": ["Software", "Energias", "Automacao", "Telecom", "Eletrica", "Digital"],
    "RO": ["Lactate", "Apicola", "Brutaria", "Livezi", "Morarit", "Podgorii"],
    "BG": ["Solar Tech", "Energy Audit", "Heat Pumps", "Eco Build", "Bio Fuel", "Insulation"],
    "RS": ["Solarni Sistemi", "Grejanje", "Energetski Audit", "Izolacije", "Elektro", "Kotlovi"],
}
LEGAL_FORM = {
    "IT": "Srl",
    "HU": "Kft",
    "DE": "GmbH",
    "PT": "Lda",
    "RO": "SRL",
    "BG": "OOD",
    "RS": "d.o.o.",
}
EXTRA_SMES = 30

#: How many SMEs each cluster reaches with new or improved services; with the shared
#: member (reached in two clusters, counted once) the figure is 262 against a target of 284.
REACHED = {
    "dare": 38,
    "innoskart": 39,
    "bioma": 35,
    "mapar": 37,
    "agroco": 36,
    "green-synergy": 37,
    "cluee": 39,
}
SHARED_VAT = "RO99887766"  # load_demo_data's SHARED_MEMBER

# name, category, fee model, (lowest, highest price), channel, description
ARCHETYPES = {
    "newsletter": (
        "Members' newsletter and calls digest",
        "information-communication",
        "membership",
        None,
        "online",
        "A fortnightly digest of calls, tenders and events.",
    ),
    "b2b": (
        "B2B matchmaking days",
        "networking-matchmaking",
        "mixed",
        ("0", "150"),
        "in_person",
        "Pre-arranged meetings between members and buyers or partners.",
    ),
    "export": (
        "Export readiness coaching",
        "internationalisation",
        "fee_based",
        ("300", "1200"),
        "blended",
        "An export plan and coaching towards a first foreign market.",
    ),
    "innovation": (
        "Innovation voucher brokerage",
        "innovation-rd",
        "fee_based",
        ("200", "800"),
        "blended",
        "Matching members with research partners and voucher schemes.",
    ),
    "training": (
        "Skills workshops for staff",
        "training-skills",
        "mixed",
        ("0", "250"),
        "in_person",
        "Short practical workshops for members' staff.",
    ),
    "funding": (
        "EU funding helpdesk",
        "finance-funding",
        "fee_based",
        ("150", "2500"),
        "online",
        "Screening calls and writing proposals with members.",
    ),
    "foresight": (
        "Market foresight briefings",
        "market-intelligence",
        "membership",
        None,
        "online",
        "Quarterly briefings on markets and value chains.",
    ),
    "branding": (
        "Joint stand at trade fairs",
        "branding-promotion",
        "fee_based",
        ("500", "3000"),
        "in_person",
        "A shared cluster stand at the sector's main fairs.",
    ),
    "consulting": (
        "Business plan clinic",
        "business-development",
        "free",
        None,
        "in_person",
        "One-to-one sessions on business plans and growth.",
    ),
    "lab": (
        "Shared testing lab",
        "shared-infrastructure",
        "fee_based",
        ("80", "600"),
        "in_person",
        "Access to the cluster's testing equipment at member rates.",
    ),
}

# Per cluster: archetype -> (status, launched or improved on). Those not listed are absent.
PORTFOLIOS = {
    "dare": {
        "newsletter": ("existing", None),
        "b2b": ("improved", dt.date(2017, 4, 1)),
        "export": ("new", dt.date(2017, 3, 15)),
        "funding": ("existing", None),
        "branding": ("new", dt.date(2017, 9, 1)),
        "training": ("improved", dt.date(2017, 6, 1)),
        "foresight": ("new", dt.date(2018, 1, 10)),
    },
    "innoskart": {
        "newsletter": ("existing", None),
        "innovation": ("improved", dt.date(2017, 2, 1)),
        "training": ("new", dt.date(2017, 5, 1)),
        "b2b": ("new", dt.date(2017, 4, 20)),
        "lab": ("existing", None),
        "export": ("new", dt.date(2017, 10, 1)),
    },
    "bioma": {
        "newsletter": ("existing", None),
        "consulting": ("existing", None),
        "funding": ("improved", dt.date(2017, 3, 1)),
        "innovation": ("new", dt.date(2017, 6, 15)),
        "foresight": ("new", dt.date(2017, 11, 1)),
    },
    "mapar": {
        "newsletter": ("existing", None),
        "lab": ("improved", dt.date(2017, 5, 1)),
        "innovation": ("existing", None),
        "training": ("new", dt.date(2017, 4, 1)),
        "export": ("new", dt.date(2017, 9, 15)),
        "funding": ("existing", None),
        "b2b": ("new", dt.date(2018, 2, 1)),
        "consulting": ("existing", None),
    },
    "agroco": {
        "newsletter": ("existing", None),
        "b2b": ("new", dt.date(2017, 3, 1)),
        "branding": ("improved", dt.date(2017, 7, 1)),
        "export": ("new", dt.date(2017, 10, 15)),
        "consulting": ("existing", None),
        "training": ("new", dt.date(2018, 3, 1)),
    },
    "green-synergy": {
        "newsletter": ("existing", None),
        "consulting": ("improved", dt.date(2017, 4, 1)),
        "funding": ("new", dt.date(2017, 5, 15)),
        "training": ("new", dt.date(2017, 9, 1)),
        "b2b": ("existing", None),
    },
    "cluee": {
        "newsletter": ("existing", None),
        "training": ("improved", dt.date(2017, 3, 1)),
        "lab": ("new", dt.date(2017, 6, 1)),
        "funding": ("new", dt.date(2017, 8, 1)),
        "foresight": ("existing", None),
        "branding": ("new", dt.date(2018, 2, 15)),
        "b2b": ("improved", dt.date(2017, 11, 1)),
    },
}

REFERENCE_PORTFOLIO = [
    (
        "networking-matchmaking",
        "Matchmaking and networking",
        "B2B meetings inside and beyond the cluster.",
    ),
    (
        "internationalisation",
        "Internationalisation support",
        "Export coaching and foreign missions.",
    ),
    ("innovation-rd", "Innovation and R&D brokerage", "Links to research partners and vouchers."),
    ("training-skills", "Training for members", "Regular, practical training for members' staff."),
    ("finance-funding", "Access to funding", "Help to find and win public and private funding."),
    (
        "market-intelligence",
        "Market intelligence",
        "Briefings on markets, trends and value chains.",
    ),
]

LAST_DAY = dt.date(2018, 10, 31)


def _add_members(cluster, admin, country: str, language: str) -> int:
    created = 0
    places, trades = PLACES[country], TRADES[country]
    names = [f"{place} {trade} {LEGAL_FORM[country]}" for trade in trades for place in places]
    rng = random.Random(f"tracekei-services-demo-{cluster.slug}")
    rng.shuffle(names)
    for number in range(EXTRA_SMES):
        vat = f"{country}DEMO{cluster.slug.replace('-', '').upper()}{number:03d}"
        key = Member.make_organisation_key(name="", country=country, vat_number=vat)
        if cluster.members.filter(organisation_key=key).exists():
            continue
        joined = dt.date(2012 + number % 6, 1 + number % 12, 1)
        cluster_services.member_create(
            actor=admin,
            cluster=cluster,
            is_demo=True,
            name=names[number],
            member_type=MemberType.SME,
            size_class=[SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM][number % 3],
            country=country,
            vat_number=vat,
            preferred_language=language,
            joined_on=joined,
            # One member left after receiving services: its deliveries stay and count.
            left_on=dt.date(2018, 9, 30) if number == EXTRA_SMES - 1 else None,
        )
        created += 1
    return created


def _portfolio(cluster, manager) -> tuple[int, dict[str, Service]]:
    created = 0
    categories = {c.slug: c for c in ServiceCategory.objects.all()}
    portfolio = {}
    existing = {s.name: s for s in cluster.services.all()}
    for code, (status, since) in PORTFOLIOS[cluster.slug].items():
        name, category, fee_model, prices, channel, description = ARCHETYPES[code]
        service = existing.get(name)
        if service is None:
            service = services.service_create(
                actor=manager,
                cluster=cluster,
                name=name,
                category=categories[category],
                description=description,
                target_member_types=[MemberType.SME] if fee_model != "membership" else [],
                fee_model=fee_model,
                price_min=Decimal(prices[0]) if prices else None,
                price_max=Decimal(prices[1]) if prices else None,
                currency="EUR",
                status=status,
                status_since=since,
                delivery_channel=channel,
            )
            created += 1
        portfolio[code] = service
    return created, portfolio


def _day(rng: random.Random, start: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((LAST_DAY - start).days))


def _deliveries(cluster, manager, portfolio: dict[str, Service]) -> int:
    """Reach REACHED[slug] SMEs with new or improved services (one to three deliveries
    each, on days grouped like real events), the others with existing services only."""
    rng = random.Random(f"tracekei-services-deliveries-{cluster.slug}")
    members = list(cluster.members.order_by("name", "pk"))
    smes = [m for m in members if m.member_type == MemberType.SME and m.vat_number != SHARED_VAT]
    shared = [m for m in members if m.vat_number == SHARED_VAT]
    reached = smes[: REACHED[cluster.slug]] + shared
    fresh = [s for s in portfolio.values() if s.status != "existing"]
    existing = [s for s in portfolio.values() if s.status == "existing"]
    plan: dict[tuple[int, dt.date], list[Member]] = {}
    for index, member in enumerate(reached):
        for service in rng.sample(fresh, k=min(len(fresh), 1 + index % 3)):
            # Events: each service has a handful of dates that members attend together.
            events = sorted(
                {_day(random.Random(f"{service.pk}-{n}"), service.status_since) for n in range(5)}
            )
            day = rng.choice(events)
            if member.left_on and day >= member.left_on:
                day = service.status_since
            plan.setdefault((service.pk, day), []).append(member)
    start = cluster.project.start_date
    for member in members:  # existing services reach members of every kind
        if existing and rng.random() < 0.6:
            service = rng.choice(existing)
            day = _day(random.Random(f"{service.pk}-existing-{member.pk % 4}"), start)
            if member.left_on and day >= member.left_on:
                continue
            plan.setdefault((service.pk, day), []).append(member)
    by_pk = {s.pk: s for s in portfolio.values()}
    created = 0
    for (service_pk, day), group in sorted(plan.items(), key=lambda item: (item[0][1], item[0][0])):
        result = services.delivery_record_bulk(
            actor=manager,
            service=by_pk[service_pk],
            members=group,
            delivered_on=day,
            hours=Decimal(rng.choice(["2", "3", "4", "8"])),
            outcome="",
        )
        created += result.created
    return created


def _mappings(cluster, manager, number: int) -> int:
    created = 0
    committed = cluster.members.count()
    answers = [
        ("baseline", dt.date(2017, 1, 20), (70, 20, 5, 5), "uncertain", committed - 20),
        ("mid_term", dt.date(2017, 11, 15), (60, 22, 13, 5), "uncertain", committed - 8),
        ("final", dt.date(2018, 10, 20), (50, 23, 22, 5), "stable", committed),
    ]
    goals = (
        "Bring the region's companies together, represent them towards the regional "
        "government and help them innovate and export."
    )
    for index, (period, day, mix, outlook, members) in enumerate(answers):
        if index == 2 and number % 2:  # not every cluster has filled in the final one yet
            continue
        if ServiceMapping.objects.filter(cluster=cluster, period=period).exists():
            continue
        public, membership, fees, other = mix
        shift = number % 3 * 5
        services.mapping_save(
            actor=manager,
            cluster=cluster,
            period=period,
            answered_on=day,
            initial_goals=goals,
            goals_pursued="yes" if index < 2 else "partly",
            services_provided=", ".join(
                s.name for s in cluster.services.order_by("name") if index or s.status == "existing"
            ),
            revenue_public=public - shift,
            revenue_membership=membership,
            revenue_services=fees + shift,
            revenue_other=other,
            sustainability_outlook=outlook,
            sustainability_note="Depends on the next regional call." if index == 0 else "",
            committed_members=max(members, 1),
        )
        created += 1
    return created


def _self_checks(cluster, manager, number: int) -> int:
    if ExcellenceCheck.objects.filter(cluster=cluster).exists():
        return 0
    created = 0
    for index, day in enumerate((dt.date(2017, 2, 1), dt.date(2018, 6, 1))):
        ratings = {}
        for position, item in enumerate(ITEM_CODES):
            level = (position + number) % 3  # 0 red, 1 yellow, 2 green at the first check
            if index == 1:  # a year later most items moved up one step, one slipped back
                level = max(level - 1, 0) if position == 3 else min(level + 1, 2)
            ratings[item] = (["red", "yellow", "green"][level], "")
        services.excellence_check_record(
            actor=manager, cluster=cluster, checked_on=day, ratings=ratings
        )
        created += 1 + len(ratings)
    return created


def _assessments(manager, portfolio: dict[str, Service]) -> int:
    created = 0
    for position, service in enumerate(portfolio.values()):
        if (
            service.status == "existing"
            or ServiceAssessment.objects.filter(service=service).exists()
        ):
            continue
        services.assessment_record(
            actor=manager,
            service=service,
            assessed_on=dt.date(2018, 9, 1),
            quality=3 + position % 3,
            maturity=["pilot", "developing", "established"][position % 3],
            note="",
        )
        created += 1
    return created


def load(*, project, clusters, users, managers) -> int:
    created = 0
    coordinator = users["coordinator"]
    for position, (slug, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        _category, new = ServiceCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        created += new
    categories = {c.slug: c for c in ServiceCategory.objects.all()}
    for position, (category, name, description) in enumerate(REFERENCE_PORTFOLIO, start=1):
        if not ReferenceService.objects.filter(project=project, category__slug=category).exists():
            services.reference_service_save(
                actor=coordinator,
                project=project,
                category=categories[category],
                name=name,
                description=description,
                position=position,
            )
            created += 1
    for number, (slug, cluster) in enumerate(sorted(clusters.items())):
        manager = managers[slug]
        country = str(cluster.country)
        language = {
            "IT": "it",
            "HU": "hu",
            "DE": "de",
            "PT": "pt",
            "RO": "ro",
            "BG": "bg",
            "RS": "sr-latn",
        }[country]
        created += _add_members(cluster, users["admin"], country, language)
        new, portfolio = _portfolio(cluster, manager)
        created += new
        created += _deliveries(cluster, manager, portfolio)
        created += _mappings(cluster, manager, number)
        created += _self_checks(cluster, manager, number)
        created += _assessments(manager, portfolio)
    return created
