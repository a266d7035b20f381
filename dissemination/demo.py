"""Demo data of the dissemination app: activities reaching six countries outside the
consortium (near the target of seven), a few policy dialogues per cluster (one
follow-up overdue), offers and needs that match, one accepted collaboration, two
published success stories and a draft. Idempotent: rows are found by their title."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import (
    Collaboration,
    CollaborationPost,
    DisseminationActivity,
    PolicyDialogue,
    SuccessStory,
)

# title, type, date, clusters, countries, audience, audience types, languages, public, summary
ACTIVITIES = [
    (
        "TRACE-KEI kick-off meeting in Bari",
        "event_organised",
        dt.date(2016, 12, 1),
        ["dare", "innoskart", "bioma", "mapar", "agroco", "green-synergy", "cluee"],
        ["IT", "HU", "DE", "PT", "RO", "BG", "RS"],
        35,
        ["clusters"],
        ["en"],
        True,
        "Seven cluster organisations met in Bari to start two years of work on cluster "
        "management excellence, services for SMEs and cross-sector collaboration.",
    ),
    (
        "Project launch press release",
        "press_release",
        dt.date(2016, 12, 5),
        ["dare"],
        ["IT", "FR"],
        2000,
        ["general_public", "smes"],
        ["en", "it"],
        True,
        "The TRACE-KEI consortium announces its work programme for agro-food, ICT and "
        "energy clusters in two European macro-regions.",
    ),
    (
        "Talk at the European Cluster Conference",
        "event_talk",
        dt.date(2017, 6, 20),
        ["dare", "innoskart"],
        ["FR", "ES", "AT", "GR"],
        250,
        ["clusters", "policy_makers"],
        ["en"],
        True,
        "The coordinator presented the project's approach to cluster excellence and the "
        "matchmaking of offers and needs across clusters.",
    ),
    (
        "Danube region cluster newsletter",
        "newsletter",
        dt.date(2017, 9, 15),
        ["innoskart", "cluee"],
        ["HU", "RS", "HR", "AT"],
        900,
        ["clusters", "smes"],
        ["en", "hu", "sr-latn"],
        True,
        "A newsletter to clusters of the Danube region on joint trainings and staff exchanges.",
    ),
    (
        "Webinar on value-chain analysis for agro-food SMEs",
        "event_organised",
        dt.date(2018, 3, 8),
        ["agroco", "green-synergy"],
        ["RO", "BG", "MD"],
        60,
        ["smes", "researchers"],
        ["en", "ro", "bg"],
        False,
        "",
    ),
    (
        "Article on cross-sector collaboration in energy and agro-food",
        "news_article",
        dt.date(2018, 5, 2),
        ["bioma", "mapar"],
        ["DE", "PT", "ES"],
        None,
        ["general_public"],
        ["de", "pt"],
        True,
        "How energy and agro-food companies of two clusters work together on solar drying "
        "and cold storage.",
    ),
    (
        "Draft video on the study visit to Femac",
        "video",
        dt.date(2018, 6, 12),
        ["dare"],
        ["ES"],
        None,
        ["clusters"],
        ["en"],
        True,  # flagged public, not approved yet: must not appear on the public site
        "Not yet approved.",
    ),
]
# Outside the consortium: FR, ES, AT, GR, HR, MD = 6 (the target is 7).

DIALOGUES = {
    "dare": [
        (
            "Regione Puglia, Department for Economic Development",
            "regional",
            dt.date(2017, 3, 14),
            "Agro-food innovation vouchers",
            "Puglia RIS3: sustainable agro-food",
            "The region will consider cluster services in the next voucher call.",
        ),
        (
            "Ministry of Economic Development, Rome",
            "national",
            dt.date(2018, 2, 20),
            "National cluster policy",
            "",
            "Invited to the national cluster forum.",
        ),
    ],
    "innoskart": [
        (
            "Ministry for National Economy, Budapest",
            "national",
            dt.date(2017, 5, 9),
            "Accreditation of clusters",
            "Hungarian S3: ICT for industry",
            "Agreed to share the accreditation criteria.",
        ),
    ],
    "bioma": [
        (
            "Ministry of Economic Affairs Baden-Wurttemberg",
            "regional",
            dt.date(2017, 10, 4),
            "Bioeconomy strategy",
            "RIS3 bioeconomy",
            "Joint workshop planned.",
        ),
    ],
    "mapar": [
        (
            "CCDR Lisboa e Vale do Tejo",
            "regional",
            dt.date(2017, 11, 22),
            "Regional innovation strategy",
            "Lisbon RIS3: energy",
            "Input to the RIS3 review.",
        ),
    ],
    "agroco": [
        (
            "ADR Nord-Est",
            "regional",
            dt.date(2017, 4, 18),
            "Agro-food value chains",
            "Nord-Est RIS3: agro-food",
            "Cluster named in the RIS3.",
        ),
    ],
    "green-synergy": [
        (
            "Ministry of Economy, Sofia",
            "national",
            dt.date(2018, 1, 30),
            "Cluster support programme",
            "",
            "Comments sent on the draft programme.",
        ),
    ],
    "cluee": [
        (
            "European Commission, DG GROW",
            "eu",
            dt.date(2018, 4, 10),
            "Energy efficiency clusters",
            "",
            "Presented at the cluster policy meeting.",
        ),
    ],
}

# cluster, direction, kind, title, topic, sector, exchange days
POSTS = [
    (
        "dare",
        "need",
        "technology",
        "Traceability software for olive oil",
        "food traceability software",
        "ict",
        None,
    ),
    (
        "innoskart",
        "offer",
        "technology",
        "Traceability platform for food producers",
        "food traceability software blockchain",
        "ict",
        None,
    ),
    (
        "dare",
        "offer",
        "staff_exchange",
        "Host a cluster manager: agro-food services",
        "cluster services fee-based agro-food",
        "agro-food",
        5,
    ),
    (
        "cluee",
        "need",
        "service_expertise",
        "Designing fee-based services",
        "fee-based cluster services",
        None,
        None,
    ),
    (
        "bioma",
        "offer",
        "service_expertise",
        "Solar drying of fruit and vegetables",
        "solar drying energy efficiency",
        "energy",
        None,
    ),
    (
        "agroco",
        "need",
        "technology",
        "Energy-efficient drying for fruit growers",
        "solar drying fruit",
        "agro-food",
        None,
    ),
    (
        "mapar",
        "need",
        "market_access",
        "Partners for a Horizon Europe bid on cold chains",
        "cold chain energy",
        "energy",
        None,
    ),
]

STORIES = [
    (
        "dare",
        ["innoskart"],
        "Olive oil you can trace from the grove to the shelf",
        "Apulian olive oil producers lost export orders because buyers asked for proof of origin.",
        "Through the portal's matchmaking, D.A.Re. found INNOSKART's traceability platform; "
        "three producers tested it during the harvest.",
        "Three SMEs now label their oil with a traceability code; one won a new export buyer.",
        "SMEs benefitting through new and improved services",
        "We could finally show our buyers where every bottle comes from.",
        "A producer from Puglia",
        True,
    ),
    (
        "agroco",
        ["bioma"],
        "Solar drying cuts energy bills for fruit growers",
        "Romanian fruit growers spent most of their margin on fuel for drying.",
        "AGROCO and BioMA organised a staff exchange and a demonstration of solar dryers.",
        "Two growers installed solar dryers and cut their drying costs by about a third.",
        "Cross-sector collaborations",
        "The exchange showed us what works in Germany, at our scale.",
        "AGROCO cluster manager",
        True,
    ),
    (
        "mapar",
        [],
        "Cold-chain partners for a research bid (draft)",
        "MaPAR members need partners for cold-chain research.",
        "Search under way.",
        "Not yet known.",
        "",
        "",
        "",
        False,
    ),
]


def load(*, project, clusters, users, managers) -> int:
    if not clusters:
        return 0
    created = 0
    coordinator = users["coordinator"]
    for (
        title,
        kind,
        day,
        slugs,
        countries,
        size,
        audience,
        languages,
        public,
        summary,
    ) in ACTIVITIES:
        if DisseminationActivity.objects.filter(title=title).exists():
            continue
        activity = services.activity_create(
            actor=coordinator,
            clusters=[clusters[s] for s in slugs],
            countries=countries,
            activity_type=kind,
            date=day,
            title=title,
            summary=summary,
            audience_size=size,
            audience_types=audience,
            languages=languages,
            is_public=public,
            is_demo=True,
        )
        created += 1 + len(countries)
        if public and kind != "video":
            services.activity_approve(actor=coordinator, activity=activity)

    today = timezone.localdate()
    for slug, dialogues in DIALOGUES.items():
        for authority, level, day, topics, ris3, outcome in dialogues:
            if PolicyDialogue.objects.filter(cluster=clusters[slug], authority=authority).exists():
                continue
            dialogue = services.dialogue_create(
                actor=managers[slug],
                cluster=clusters[slug],
                date=day,
                authority=authority,
                level=level,
                topics=topics,
                ris3_link=ris3,
                outcome=outcome,
                is_demo=True,
            )
            created += 1
            services.follow_up_add(
                actor=managers[slug],
                dialogue=dialogue,
                action="Send the meeting notes and the project's brochure",
                owner=managers[slug].get_full_name() or managers[slug].email,
                due_on=day + dt.timedelta(days=14),
                done_on=day + dt.timedelta(days=10),
            )
            created += 1
            if slug == "dare" and level == "regional":
                # The one overdue follow-up: a proposal the region is waiting for.
                services.follow_up_add(
                    actor=managers[slug],
                    dialogue=dialogue,
                    action="Send the region a proposal for cluster-service vouchers",
                    owner=managers[slug].get_full_name() or managers[slug].email,
                    due_on=today - dt.timedelta(days=12),
                )
                created += 1

    posts = {}
    for slug, direction, kind, title, topic, sector, days in POSTS:
        post = CollaborationPost.objects.filter(cluster=clusters[slug], title=title).first()
        if post is None:
            from clusters.models import Sector

            post = services.post_create(
                actor=managers[slug],
                cluster=clusters[slug],
                direction=direction,
                kind=kind,
                title=title,
                topic=topic,
                sector=Sector.objects.filter(slug=sector).first() if sector else None,
                exchange_days=days,
                is_demo=True,
            )
            created += 1
        posts[title] = post
    offer = posts["Traceability platform for food producers"]
    if not Collaboration.objects.filter(post=offer, interested_cluster=clusters["dare"]).exists():
        interest = services.interest_express(
            actor=managers["dare"],
            post=offer,
            interested_cluster=clusters["dare"],
            interested_post=posts["Traceability software for olive oil"],
            message="Our olive oil producers need exactly this. Could three of them test it?",
            is_demo=True,
        )
        services.interest_answer(
            actor=managers["innoskart"],
            collaboration=interest,
            accept=True,
            on=dt.date(2017, 10, 2),
        )
        created += 1

    for (
        slug,
        others,
        title,
        challenge,
        action,
        result,
        indicator,
        quote,
        quote_by,
        publish,
    ) in STORIES:
        if SuccessStory.objects.filter(title=title).exists():
            continue
        story = services.story_create(
            actor=managers[slug],
            cluster=clusters[slug],
            other_clusters=[clusters[o] for o in others],
            members=list(clusters[slug].members.filter(member_type="sme").order_by("name")[:2]),
            title=title,
            challenge=challenge,
            action=action,
            result=result,
            indicator=indicator,
            quote=quote,
            quote_by=quote_by,
            is_public=publish,
            is_demo=True,
        )
        created += 1
        if publish:
            services.story_approve(actor=coordinator, story=story)
    return created
