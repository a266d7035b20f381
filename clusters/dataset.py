"""The clusters app's part of the benchmark dataset (``manage.py generate_dataset``):
sectors, one project with ``size.clusters`` cluster organisations across Europe, their
ESCA labels, ``size.members_per_cluster`` members each (a share of them companies that
are members of two clusters, with the same ``organisation_key``), and the people: a
coordinator plus one manager and one viewer per cluster, all with a verified e-mail
address and the password ``BENCH_PASSWORD``.

What it leaves in ``builder.facts`` for the apps after it:
``project_id``, ``sector_ids``, ``clusters`` (list of ``ClusterFact``),
``coordinator_id``, ``managers`` / ``viewers`` (cluster id -> user id),
``members`` (cluster id -> list of member ids), ``anchor`` (the date the data is "now").
How other apps add theirs: see ``tracekei/bench/dataset.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tracekei.bench.dataset import Builder

from .models import (
    Cluster,
    LabelAward,
    Member,
    MemberType,
    Project,
    RoleAssignment,
    Sector,
    SizeClass,
)

BENCH_PASSWORD = "tracekei-bench"  # noqa: S105 - generated benchmark data, loopback only
BENCH_DOMAIN = "bench.example"  # reserved domain: nothing is ever sent there
PROJECT_ACRONYM = "BENCH"
#: "Today" for the generated data: dates never depend on the clock (same seed, same rows).
ANCHOR = dt.date(2026, 1, 1)
ANCHOR_TIME = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)

SECTORS = [
    ("agro-food", "Agro-food"),
    ("ict", "ICT"),
    ("energy", "Energy"),
    ("health", "Health and life sciences"),
    ("mobility", "Mobility and automotive"),
    ("manufacturing", "Advanced manufacturing"),
    ("textiles", "Textiles and fashion"),
    ("tourism", "Tourism"),
    ("construction", "Construction"),
    ("creative", "Creative industries"),
    ("environment", "Environment and circular economy"),
    ("aerospace", "Aerospace"),
    ("maritime", "Maritime"),
    ("chemicals", "Chemicals"),
]

# The EU's 27 and the consortium's Serbia; (code, VAT prefix, portal language, legal form,
# name stems, places).
COUNTRIES = [
    ("AT", "ATU", "de", "GmbH", ["Alpen", "Donau", "Tirol", "Steir"], ["Graz", "Linz", "Wien"]),
    ("BE", "BE", "en", "BV", ["Vlaams", "Schelde", "Brabant"], ["Gent", "Leuven", "Liege"]),
    ("BG", "BG", "bg", "OOD", ["Eko", "Energo", "Vitosha"], ["Sofia", "Plovdiv", "Varna"]),
    ("HR", "HR", "en", "d.o.o.", ["Jadran", "Drava", "Sava"], ["Zagreb", "Split", "Rijeka"]),
    ("CY", "CY", "en", "Ltd", ["Kypros", "Troodos"], ["Nicosia", "Limassol"]),
    ("CZ", "CZ", "en", "s.r.o.", ["Morava", "Vltava", "Bohem"], ["Brno", "Praha", "Ostrava"]),
    ("DK", "DK", "en", "ApS", ["Nord", "Jysk", "Fyn"], ["Aarhus", "Odense", "Aalborg"]),
    ("EE", "EE", "en", "OU", ["Balti", "Tallinn"], ["Tartu", "Parnu"]),
    ("FI", "FI", "en", "Oy", ["Suomi", "Kaleva", "Lappi"], ["Oulu", "Tampere", "Turku"]),
    ("FR", "FR", "en", "SAS", ["Loire", "Rhone", "Provence"], ["Lyon", "Nantes", "Lille"]),
    ("DE", "DE", "de", "GmbH", ["Bio", "Energie", "Agrar"], ["Schwaben", "Neckar", "Rhein"]),
    ("GR", "EL", "en", "IKE", ["Aegean", "Olympos", "Attica"], ["Patra", "Volos", "Larissa"]),
    ("HU", "HU", "hu", "Kft", ["Pannon", "Duna", "Tisza"], ["Buda", "Matra", "Bakony"]),
    ("IE", "IE", "en", "Ltd", ["Shannon", "Atlantic", "Liffey"], ["Cork", "Galway", "Sligo"]),
    ("IT", "IT", "it", "Srl", ["Agri", "Oleificio", "Tecno"], ["Murgia", "Salento", "Levante"]),
    ("LV", "LV", "en", "SIA", ["Daugava", "Riga"], ["Jelgava", "Liepaja"]),
    ("LT", "LT", "en", "UAB", ["Nemunas", "Baltija"], ["Kaunas", "Vilnius"]),
    ("LU", "LU", "en", "Sarl", ["Mosel", "Ardenne"], ["Esch", "Differdange"]),
    ("MT", "MT", "en", "Ltd", ["Melita", "Gozo"], ["Valletta", "Mdina"]),
    ("NL", "NL", "en", "BV", ["Delta", "Polder", "Maas"], ["Utrecht", "Delft", "Twente"]),
    ("PL", "PL", "en", "Sp. z o.o.", ["Wisla", "Mazowsze", "Slask"], ["Krakow", "Lodz"]),
    ("PT", "PT", "pt", "Lda", ["Tejo", "Sado", "Inova"], ["Almada", "Setubal", "Porto"]),
    ("RO", "RO", "ro", "SRL", ["Agro", "Carpati", "Moldova"], ["Iasi", "Cluj", "Bacau"]),
    ("SK", "SK", "en", "s.r.o.", ["Tatra", "Vah", "Hron"], ["Kosice", "Zilina", "Nitra"]),
    ("SI", "SI", "en", "d.o.o.", ["Alpe", "Soca", "Krka"], ["Maribor", "Celje", "Koper"]),
    ("ES", "ES", "en", "SL", ["Iberia", "Ebro", "Sierra"], ["Murcia", "Bilbao", "Valencia"]),
    ("SE", "SE", "en", "AB", ["Norr", "Svea", "Vaster"], ["Umea", "Lund", "Malmo"]),
    ("RS", "RS", "sr-latn", "d.o.o.", ["Energo", "Dunav", "Morava"], ["Beograd", "Novi Sad"]),
]
TRADES = ["Systems", "Foods", "Solar", "Data", "Robotics", "Labs", "Engineering", "Logistics"]
CLUSTER_WORDS = ["Innovation", "Technology", "Industry", "Competence", "Business"]
FIRST_NAMES = ["Anna", "Marco", "Eva", "Peter", "Maria", "Ivan", "Laura", "Jonas", "Sofia"]
LAST_NAMES = ["Rossi", "Nagy", "Muller", "Silva", "Ionescu", "Petrov", "Nikolic", "Costa"]

# Member types in the proportions of a typical cluster: mostly SMEs.
MEMBER_TYPES = (
    [MemberType.SME] * 80
    + [MemberType.LARGE_COMPANY] * 5
    + [MemberType.RESEARCH] * 4
    + [MemberType.UNIVERSITY] * 3
    + [MemberType.ASSOCIATION] * 4
    + [MemberType.PUBLIC_BODY] * 3
    + [MemberType.OTHER]
)
SME_SIZES = [SizeClass.MICRO] * 9 + [SizeClass.SMALL] * 7 + [SizeClass.MEDIUM] * 4
NON_COMPANY_NAMES = {
    MemberType.RESEARCH: "Research Institute",
    MemberType.UNIVERSITY: "University of Applied Sciences",
    MemberType.ASSOCIATION: "Chamber of Commerce",
    MemberType.PUBLIC_BODY: "Regional Development Agency",
    MemberType.OTHER: "Foundation",
}


@dataclasses.dataclass(frozen=True)
class ClusterFact:
    id: int
    slug: str
    country: str
    language: str
    sector_ids: tuple[int, ...]


def build(builder: Builder) -> None:
    rng = builder.random
    size = builder.size
    User = get_user_model()

    sector_ids = builder.copy_rows(Sector, ["name", "slug"], [(n, s) for s, n in SECTORS])
    (project_id,) = builder.copy_rows(
        Project,
        ["name", "acronym", "programme", "call", "start_date", "end_date"],
        [
            (
                "Benchmark programme (generated data)",
                PROJECT_ACRONYM,
                "Generated for the benchmark",
                "",
                dt.date(2024, 1, 1),
                dt.date(2027, 12, 31),
            )
        ],
    )

    # Clusters, spread over the countries in turn.
    cluster_rows, cluster_meta = [], []
    for index in range(size.clusters):
        code, _vat, language, _legal_form, _stems, places = COUNTRIES[index % len(COUNTRIES)]
        sectors = rng.sample(range(len(SECTORS)), k=rng.choice([1, 1, 2, 3]))
        sector_slug = SECTORS[sectors[0]][0]
        place = rng.choice(places)
        acronym = f"{sector_slug[:4].upper()}-{code}-{index + 1}"
        slug = f"{sector_slug}-{code.lower()}-{index + 1}"
        staff = rng.randint(2, 25)
        cluster_rows.append(
            (
                project_id,
                acronym,
                slug,
                f"{place} {SECTORS[sectors[0]][1]} {rng.choice(CLUSTER_WORDS)} Cluster",
                code,
                f"{place} region",
                f"https://{slug}.{BENCH_DOMAIN}" if index % 3 else "",
                index % 3 != 0,
                f"A {SECTORS[sectors[0]][1].lower()} cluster around {place} (generated).",
                rng.randint(1995, 2020),
                staff,
                Decimal(rng.randint(2, min(staff, 12) * 2)) / 2,
            )
        )
        cluster_meta.append((code, language, tuple(sector_ids[s] for s in sectors)))
    cluster_ids = builder.copy_rows(
        Cluster,
        [
            "project_id",
            "acronym",
            "slug",
            "legal_name",
            "country",
            "region",
            "website",
            "website_in_english",
            "description",
            "founded_year",
            "staff_count",
            "management_staff_fte",
        ],
        cluster_rows,
    )
    clusters = [
        ClusterFact(id=pk, slug=row[2], country=meta[0], language=meta[1], sector_ids=meta[2])
        for pk, row, meta in zip(cluster_ids, cluster_rows, cluster_meta, strict=True)
    ]
    builder.copy_rows(
        Cluster.sectors.through,
        ["cluster_id", "sector_id"],
        [(cluster.id, sector) for cluster in clusters for sector in cluster.sector_ids],
        returning_ids=False,
    )
    if clusters:
        Project.objects.using(builder.using).filter(pk=project_id).update(
            coordinator_cluster_id=clusters[0].id
        )

    # ESCA labels: about half the clusters hold one, some expiring within weeks of ANCHOR.
    label_rows = []
    for cluster in clusters:
        level = rng.choice(["", "", "", "", "bronze", "bronze", "bronze", "silver", "gold"])
        if level:
            awarded = ANCHOR - dt.timedelta(days=rng.randint(30, 900))
            label_rows.append(
                (cluster.id, level, awarded, LabelAward.default_valid_until(awarded), "")
            )
    builder.copy_rows(
        LabelAward, ["cluster_id", "level", "awarded_on", "valid_until", "note"], label_rows
    )

    # People: one password hash for all (hashing is slow on purpose).
    password = make_password(BENCH_PASSWORD)
    people = [("coordinator", "Bench Coordinator", True)]
    for cluster in clusters:
        people.append((f"manager.{cluster.slug}", f"Manager of {cluster.slug}", False))
        people.append((f"viewer.{cluster.slug}", f"Viewer of {cluster.slug}", False))
    emails = [f"{local}@{BENCH_DOMAIN}" for local, _name, _staff in people]
    user_ids = builder.copy_rows(
        User,
        ["password", "is_superuser", "is_staff", "is_active", "date_joined", "email", "full_name"],
        [
            (password, False, staff, True, ANCHOR_TIME, email, name)
            for email, (_local, name, staff) in zip(emails, people, strict=True)
        ],
    )
    builder.copy_rows(
        EmailAddress,
        ["user_id", "email", "verified", "primary"],
        [(pk, email, True, True) for pk, email in zip(user_ids, emails, strict=True)],
    )
    coordinator_id = user_ids[0]
    managers = {cluster.id: user_ids[1 + 2 * n] for n, cluster in enumerate(clusters)}
    viewers = {cluster.id: user_ids[2 + 2 * n] for n, cluster in enumerate(clusters)}
    role_rows = [(coordinator_id, "coordinator", project_id, None, ANCHOR_TIME)]
    for cluster in clusters:
        role_rows.append((managers[cluster.id], "manager", None, cluster.id, ANCHOR_TIME))
        role_rows.append((viewers[cluster.id], "viewer", None, cluster.id, ANCHOR_TIME))
    builder.copy_rows(
        RoleAssignment, ["user_id", "role", "project_id", "cluster_id", "created_at"], role_rows
    )

    members = _build_members(builder, clusters)
    builder.facts.update(
        project_id=project_id,
        sector_ids=sector_ids,
        clusters=clusters,
        coordinator_id=coordinator_id,
        managers=managers,
        viewers=viewers,
        members=members,
        anchor=ANCHOR,
    )


MEMBER_FIELDS = [
    "cluster_id",
    "name",
    "member_type",
    "size_class",
    "country",
    "vat_number",
    "contact_name",
    "contact_email",
    "preferred_language",
    "survey_consent",
    "survey_consent_on",
    "joined_on",
    "left_on",
    "is_demo",
    "organisation_key",
    "created_at",
    "updated_at",
]


def _build_members(builder: Builder, clusters: list[ClusterFact]) -> dict[int, list[int]]:
    rng = builder.random
    size = builder.size
    countries = {row[0]: row for row in COUNTRIES}
    rows: list[tuple] = []
    sector_of_row: list[tuple[int, ...]] = []
    companies: list[tuple[str, str, str]] = []  # (name, country, vat) others can share
    serial = 0
    for cluster in clusters:
        code, vat_prefix, _language, legal_form, stems, places = countries[cluster.country]
        keys: set[str] = set()
        shared = round(size.members_per_cluster * size.shared_member_share)
        for index in range(size.members_per_cluster):
            serial += 1
            member_type = MemberType.SME
            if index < shared and companies:
                # A company of an earlier cluster that is a member here too.
                name, country, vat = companies[rng.randrange(len(companies))]
            else:
                member_type = rng.choice(MEMBER_TYPES)
                country = code
                if member_type in (MemberType.SME, MemberType.LARGE_COMPANY):
                    name = f"{rng.choice(stems)}{rng.choice(TRADES).lower()} {legal_form}"
                    vat = f"{vat_prefix}{10_000_000 + serial * 7:09d}"
                    companies.append((name, country, vat))
                else:
                    name = f"{NON_COMPANY_NAMES[member_type]} {rng.choice(places)} {serial}"
                    vat = ""
            key = Member.make_organisation_key(name=name, country=country, vat_number=vat)
            if key in keys:  # drew the same shared company twice for this cluster
                continue
            keys.add(key)
            size_class = {
                MemberType.SME: rng.choice(SME_SIZES),
                MemberType.LARGE_COMPANY: SizeClass.LARGE,
            }.get(member_type, "")
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            consent = rng.random() < 0.75
            joined = ANCHOR - dt.timedelta(days=rng.randint(30, 20 * 365))
            left = joined + dt.timedelta(days=rng.randint(1, 2000)) if rng.random() < 0.05 else None
            created = ANCHOR_TIME - dt.timedelta(minutes=serial)
            rows.append(
                (
                    cluster.id,
                    name,
                    member_type.value,
                    size_class,
                    country,
                    vat,
                    f"{first} {last}",
                    f"{first.lower()}.{last.lower()}.{serial}@member.{BENCH_DOMAIN}",
                    cluster.language,
                    consent,
                    joined if consent else None,
                    joined,
                    left,
                    False,
                    key,
                    created,
                    created,
                )
            )
            picks = rng.sample(cluster.sector_ids, k=min(len(cluster.sector_ids), 2))
            sector_of_row.append(tuple(picks[: rng.randint(1, len(picks))]))
    ids = builder.copy_rows(Member, MEMBER_FIELDS, rows)
    builder.copy_rows(
        Member.sectors.through,
        ["member_id", "sector_id"],
        [
            (pk, sector)
            for pk, sectors in zip(ids, sector_of_row, strict=True)
            for sector in sectors
        ],
        returning_ids=False,
    )
    members: dict[int, list[int]] = {cluster.id: [] for cluster in clusters}
    for pk, row in zip(ids, rows, strict=True):
        members[row[0]].append(pk)
    return members
