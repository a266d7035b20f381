"""Load the TRACE-KEI consortium as demo data: the project, its seven clusters, their
labels at the start, a demo user per role and about fifteen member organisations per
cluster (marked as demo data). Running it again changes nothing."""

import datetime as dt
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from clusters import services
from clusters.models import (
    Cluster,
    LabelAward,
    Member,
    MemberType,
    Project,
    RoleAssignment,
    Sector,
    SizeClass,
)
from tracekei import plugins

DEMO_PASSWORD = "tracekei-demo"  # printed for local use; never used in production
DEMO_DOMAIN = "tracekei.example"  # a reserved domain: demo e-mails never reach anyone

SECTORS = {"agro-food": "Agro-food", "ict": "ICT", "energy": "Energy"}

# acronym, slug, legal name, country, region, sectors, website, founded, staff, FTE, language
CLUSTERS = [
    (
        "D.A.Re.",
        "dare",
        "Distretto Agroalimentare Regionale Scrl (DARe Puglia)",
        "IT",
        "Puglia",
        ["agro-food"],
        "https://www.darepuglia.it",
        2005,
        6,
        "3.0",
        "it",
    ),
    (
        "INNOSKART",
        "innoskart",
        "Innoskart Vallalkozasfejlesztesi Nonprofit Kft",
        "HU",
        "Central Hungary",
        ["ict"],
        "https://www.innoskart.hu",
        2007,
        5,
        "2.5",
        "hu",
    ),
    (
        "BioMA",
        "bioma",
        "EURA-Consult AG",
        "DE",
        "Baden-Wurttemberg",
        ["energy", "agro-food"],
        "",
        2010,
        4,
        "1.0",
        "de",
    ),
    (
        "MaPAR",
        "mapar",
        "Associacao Parque de Ciencia e Tecnologia de Almada/Setubal Madan Parque",
        "PT",
        "Setubal",
        ["ict", "energy"],
        "https://www.madanparque.pt",
        1995,
        8,
        "2.0",
        "pt",
    ),
    (
        "AGROCO",
        "agroco",
        "Agrofood Management Srl",
        "RO",
        "Nord-Est",
        ["agro-food"],
        "",
        2013,
        3,
        "1.5",
        "ro",
    ),
    (
        "Green Synergy",
        "green-synergy",
        "Green Synergy Cluster",
        "BG",
        "Sofia",
        ["energy"],
        "",
        2012,
        3,
        "1.0",
        "bg",
    ),
    (
        "CluEE",
        "cluee",
        "Udruzenje Klaster za Energetsku Efikasnost",
        "RS",
        "Belgrade",
        ["energy"],
        "",
        2009,
        4,
        "1.5",
        "sr-latn",
    ),
]

# The label situation at the start of the project: one silver and three bronze labels.
START_LABELS = {
    "innoskart": ("silver", dt.date(2016, 3, 10)),
    "dare": ("bronze", dt.date(2016, 5, 20)),
    "mapar": ("bronze", dt.date(2015, 12, 1)),
    "cluee": ("bronze", dt.date(2016, 6, 15)),
}
# Bronze labels won during the project (2 of the 3 targeted): the KPI "new bronze labels".
PROJECT_LABELS = {
    "bioma": ("bronze", dt.date(2017, 10, 12)),
    "agroco": ("bronze", dt.date(2018, 6, 20)),
}

MANAGERS = {
    "dare": "Giulia Santoro",
    "innoskart": "Zoltan Kovacs",
    "bioma": "Katrin Weber",
    "mapar": "Ana Ferreira",
    "agroco": "Andrei Popescu",
    "green-synergy": "Elena Dimitrova",
    "cluee": "Milos Jovanovic",
}

# Words that make plausible, clearly invented member names per country.
NAME_PARTS = {
    "IT": (
        [
            "Oleificio",
            "Cantina",
            "Pastificio",
            "Caseificio",
            "Frantoio",
            "Agri",
            "Molino",
            "Conserve",
            "Tarallificio",
            "Ortofrutta",
        ],
        ["Murgia", "Salento", "Gargano", "Levante", "Apulia", "Daunia", "Itria", "Adriatica"],
        "Srl",
    ),
    "HU": (
        ["Adat", "Info", "Szoftver", "Digit", "Halozat", "Rendszer", "Felho", "Kod"],
        ["Pannon", "Duna", "Buda", "Tisza", "Matra", "Bakony", "Alfold", "Balaton"],
        "Kft",
    ),
    "DE": (
        ["Bio", "Energie", "Agrar", "Solar", "Holz", "Wind", "Umwelt", "Gruen"],
        ["Schwaben", "Neckar", "Alb", "Rhein", "Bodensee", "Kraichgau", "Hohenlohe"],
        "GmbH",
    ),
    "PT": (
        ["Tecno", "Solar", "Dados", "Energia", "Redes", "Inova", "Micro", "Sistemas"],
        ["Tejo", "Sado", "Almada", "Arrabida", "Seixal", "Palmela", "Setubal"],
        "Lda",
    ),
    "RO": (
        ["Agro", "Lapte", "Miere", "Panif", "Fructe", "Cereal", "Vin", "Legume"],
        ["Moldova", "Siret", "Prut", "Bistrita", "Suceava", "Neamt", "Bacau"],
        "SRL",
    ),
    "BG": (
        ["Eko", "Solar", "Energo", "Termo", "Vitosha", "Green", "Volt", "Biomasa"],
        ["Sofia", "Rila", "Iskar", "Pirin", "Balkan", "Struma", "Lozen"],
        "OOD",
    ),
    "RS": (
        ["Energo", "Termo", "Solar", "Elektro", "Eko", "Toplota", "Izolacija", "Gas"],
        ["Beograd", "Sava", "Dunav", "Zemun", "Avala", "Morava", "Banat"],
        "d.o.o.",
    ),
}
UNIVERSITY = {
    "IT": "Universita di Bari (demo)",
    "HU": "Budapest University of Technology (demo)",
    "DE": "Hochschule Heilbronn (demo)",
    "PT": "Universidade Nova de Lisboa (demo)",
    "RO": "Universitatea Stefan cel Mare Suceava (demo)",
    "BG": "Sofia University (demo)",
    "RS": "University of Belgrade (demo)",
}
FIRST_NAMES = [
    "Anna",
    "Marco",
    "Eva",
    "Peter",
    "Maria",
    "Ivan",
    "Laura",
    "Jonas",
    "Sofia",
    "Luca",
    "Nora",
    "Daniel",
    "Elena",
    "Tomas",
    "Irina",
    "Paulo",
]
LAST_NAMES = [
    "Rossi",
    "Nagy",
    "Muller",
    "Silva",
    "Ionescu",
    "Petrov",
    "Nikolic",
    "Conti",
    "Szabo",
    "Fischer",
    "Costa",
    "Marin",
    "Georgiev",
    "Markovic",
]

# One company that is a member of two clusters, to show that it counts once.
SHARED_MEMBER = {
    "name": "Agritech Danube Export (demo)",
    "vat_number": "RO99887766",
    "country": "RO",
    "clusters": ["agroco", "dare"],
}


class Command(BaseCommand):
    help = "Load the TRACE-KEI consortium as demo data (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._load()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new rows)."))
        self.stdout.write(
            "\nDemo log-ins (local use only, password for all: "
            f"{DEMO_PASSWORD}):\n"
            f"  admin        admin@{DEMO_DOMAIN}\n"
            f"  coordinator  coordinator@{DEMO_DOMAIN}\n"
            f"  manager      manager.dare@{DEMO_DOMAIN}   (D.A.Re.; one per cluster: "
            f"manager.<slug>@{DEMO_DOMAIN})\n"
            f"  viewer       reviewer@{DEMO_DOMAIN}\n"
        )

    def _load(self) -> int:
        created = 0
        sectors = {}
        for slug, name in SECTORS.items():
            sectors[slug], new = Sector.objects.get_or_create(slug=slug, defaults={"name": name})
            created += new

        project, new = Project.objects.get_or_create(
            acronym="TRACE-KEI",
            defaults={
                "name": "TRAns-national Collaboration Empowering Key European Industries",
                "programme": "COSME Cluster Excellence Programme",
                "call": "COSME/Cluster Excellence/2nd call",
                "start_date": dt.date(2016, 11, 16),
                "end_date": dt.date(2018, 11, 15),
            },
        )
        created += new

        clusters = {}
        for (
            acronym,
            slug,
            legal,
            country,
            region,
            sector_slugs,
            website,
            founded,
            staff,
            fte,
            _language,
        ) in CLUSTERS:
            cluster, new = Cluster.objects.get_or_create(
                slug=slug,
                defaults={
                    "project": project,
                    "acronym": acronym,
                    "legal_name": legal,
                    "country": country,
                    "region": region,
                    "website": website,
                    "website_in_english": bool(website),
                    "founded_year": founded,
                    "staff_count": staff,
                    "management_staff_fte": Decimal(fte),
                    "description": f"{acronym} is a partner of the TRACE-KEI consortium "
                    f"(demo profile).",
                },
            )
            if new:
                cluster.sectors.set([sectors[s] for s in sector_slugs])
            clusters[slug] = cluster
            created += new
        if project.coordinator_cluster_id is None:
            project.coordinator_cluster = clusters["dare"]
            project.save(update_fields=["coordinator_cluster"])

        admin = self._user("admin", "Portal Admin", superuser=True)
        labels = [(START_LABELS, "Label held at the start of the project")]
        labels.append((PROJECT_LABELS, "Label won during the project"))
        for awards, note in labels:
            for slug, (level, awarded_on) in awards.items():
                if not LabelAward.objects.filter(cluster=clusters[slug], level=level).exists():
                    services.label_award_record(
                        actor=admin,
                        cluster=clusters[slug],
                        level=level,
                        awarded_on=awarded_on,
                        note=note,
                    )
                    created += 1

        coordinator = self._user("coordinator", "Giulia Bianchi (coordinator)", staff=True)
        created += self._assign(coordinator, "coordinator", project=project)
        reviewer = self._user("reviewer", "Rita Reviewer")
        managers = {}
        for slug, cluster in clusters.items():
            manager = managers[slug] = self._user(f"manager.{slug}", MANAGERS[slug])
            created += self._assign(manager, "manager", cluster=cluster)
            created += self._assign(reviewer, "viewer", cluster=cluster)

        for _a, slug, _l, country, _r, sector_slugs, *_rest, language in CLUSTERS:
            created += self._members(
                admin, clusters[slug], country, [sectors[s] for s in sector_slugs], language
            )
        for slug in SHARED_MEMBER["clusters"]:
            created += self._member(
                admin,
                clusters[slug],
                sectors=[sectors["agro-food"]],
                name=SHARED_MEMBER["name"],
                member_type=MemberType.SME,
                size_class=SizeClass.SMALL,
                country=SHARED_MEMBER["country"],
                vat_number=SHARED_MEMBER["vat_number"],
                preferred_language="ro",
            )

        # Then each work-package app adds its part (services, trainings, ...): see
        # tracekei.plugins. Each loader is idempotent and returns how many rows it made.
        users = {"admin": admin, "coordinator": coordinator, "reviewer": reviewer}
        for module in plugins.app_modules("demo"):
            created += module.load(
                project=project, clusters=clusters, users=users, managers=managers
            )
        return created

    def _user(self, local_part, full_name, *, superuser=False, staff=False):
        User = get_user_model()
        email = f"{local_part}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            maker = User.objects.create_superuser if superuser else User.objects.create_user
            user = maker(email=email, password=DEMO_PASSWORD, full_name=full_name)
            if staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _assign(self, user, role, *, project=None, cluster=None) -> int:
        _, new = RoleAssignment.objects.get_or_create(
            user=user, role=role, project=project, cluster=cluster
        )
        return int(new)

    def _members(self, actor, cluster, country, sectors, language) -> int:
        rng = random.Random(f"tracekei-demo-{cluster.slug}")  # the same names every run
        prefixes, places, legal_form = NAME_PARTS[country]
        names = sorted({f"{p} {q} {legal_form}" for p in prefixes for q in places})
        rng.shuffle(names)
        created = 0
        types = [MemberType.SME] * 11 + [
            MemberType.LARGE_COMPANY,
            MemberType.RESEARCH,
            MemberType.ASSOCIATION,
            MemberType.PUBLIC_BODY,
        ]
        for index, member_type in enumerate(types):
            name = names[index]
            if member_type == MemberType.RESEARCH:
                name = UNIVERSITY[country]
                member_type = MemberType.UNIVERSITY
            elif member_type == MemberType.PUBLIC_BODY:
                name = f"Regional Development Agency {cluster.region} (demo)"
            elif member_type == MemberType.ASSOCIATION:
                name = f"{cluster.region} Chamber of Commerce (demo)"
            size = {
                MemberType.SME: rng.choice([SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM]),
                MemberType.LARGE_COMPANY: SizeClass.LARGE,
            }.get(member_type, "")
            contact = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            consent = index % 4 != 3
            joined = dt.date(2008 + rng.randrange(9), rng.randrange(1, 13), 1)
            created += self._member(
                actor,
                cluster,
                sectors=sectors[: 1 + index % len(sectors)],
                name=name,
                member_type=member_type,
                size_class=size,
                country=country,
                vat_number=f"{country}{rng.randrange(10**8, 10**9)}",
                contact_name=contact,
                contact_email=f"{contact.split()[0].lower()}.{index}@{cluster.slug}.{DEMO_DOMAIN}",
                preferred_language=language,
                survey_consent=consent,
                survey_consent_on=dt.date(2016, 12, 1) if consent else None,
                joined_on=joined,
            )
        return created

    def _member(self, actor, cluster, *, sectors, **fields) -> int:
        key = Member.make_organisation_key(
            name=fields["name"], country=fields["country"], vat_number=fields["vat_number"]
        )
        if cluster.members.filter(organisation_key=key).exists():
            return 0
        services.member_create(
            actor=actor, cluster=cluster, sectors=sectors, is_demo=True, **fields
        )
        return 1
