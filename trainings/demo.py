"""The project's WP3 history as demo data: the Bari and Budapest joint trainings (with
Budapest's two workshops), the study visit to Femac (a Spanish gold-label cluster), the
networking event with Hungarian accredited clusters, the mentoring programme, a second
demo manager per cluster, attendance (13 of the 14 managers attended, near the target
but not at it) and baseline / after-training self-assessments. The dates are plausible
illustrations within the project period. Idempotent: a second run creates nothing."""

import datetime as dt
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from clusters.management.commands.load_demo_data import DEMO_DOMAIN, DEMO_PASSWORD
from clusters.models import RoleAssignment

from . import services
from .models import (
    Activity,
    AssessmentRound,
    CoreModule,
    MentoringPair,
    Participation,
)

SECOND_MANAGERS = {
    "dare": "Marco De Santis",
    "innoskart": "Eszter Szabo",
    "bioma": "Jonas Fischer",
    "mapar": "Paulo Costa",
    "agroco": "Irina Marin",
    "green-synergy": "Ivan Georgiev",
    "cluee": "Nikola Markovic",
}

# title, type, organiser, first day, last day, city, country, host cluster, host
# organisation, modules, attendees {email local part: days (None: all)}, outside people
ACTIVITIES = [
    (
        "Joint training 1: value-chain and industry analysis",
        "joint_training",
        "dare",
        dt.date(2017, 5, 16),
        dt.date(2017, 5, 17),
        "Bari",
        "IT",
        "dare",
        "",
        ["value-chain-analysis"],
        {
            "manager.dare": None,
            "manager.innoskart": None,
            "manager.bioma": None,
            "manager.mapar": None,
            "manager.agroco": [dt.date(2017, 5, 16)],
            "manager.green-synergy": None,
            "manager.cluee": None,
        },
        [],
    ),
    (
        "Joint training 2: business planning and cluster branding",
        "joint_training",
        "innoskart",
        dt.date(2018, 2, 20),
        dt.date(2018, 2, 21),
        "Budapest",
        "HU",
        "innoskart",
        "",
        ["business-planning", "branding-communication"],
        {
            "manager.dare": None,
            "manager.innoskart": None,
            "manager.mapar": None,
            "manager.agroco": None,
            "manager.green-synergy": None,
            "manager.cluee": None,
            "manager2.dare": None,
            "manager2.innoskart": None,
            "manager2.mapar": None,
            "manager2.cluee": [],  # registered, never came: a no-show
        },
        [],
    ),
    (
        "Workshop: internationalisation",
        "workshop",
        "innoskart",
        dt.date(2018, 2, 22),
        dt.date(2018, 2, 22),
        "Budapest",
        "HU",
        "innoskart",
        "",
        ["internationalisation"],
        {"manager.innoskart": None, "manager2.agroco": None, "manager2.green-synergy": None},
        [],
    ),
    (
        "Workshop: change management",
        "workshop",
        "innoskart",
        dt.date(2018, 2, 23),
        dt.date(2018, 2, 23),
        "Budapest",
        "HU",
        "innoskart",
        "",
        ["change-management"],
        {"manager.dare": None, "manager2.bioma": None},
        [],
    ),
    (
        "Study visit to Femac, a gold-label cluster",
        "study_visit",
        "dare",
        dt.date(2018, 5, 8),
        dt.date(2018, 5, 9),
        "Lleida",
        "ES",
        None,
        "Femac (Spanish gold-label cluster)",
        ["service-development", "financial-sustainability"],
        {"manager.dare": None, "manager.agroco": None, "manager2.green-synergy": None},
        [("Jordi Puig (demo)", "Femac", f"jordi.puig@{DEMO_DOMAIN}")],
    ),
    (
        "Cluster-to-cluster networking with Hungarian accredited clusters",
        "networking_event",
        "innoskart",
        dt.date(2018, 6, 14),
        dt.date(2018, 6, 14),
        "Budapest",
        "HU",
        "innoskart",
        "",
        ["internationalisation"],
        {"manager.innoskart": None, "manager2.innoskart": None, "manager.cluee": None},
        [("Katalin Horvath (demo)", "Hungarian accredited cluster", "")],
    ),
]

MENTORING = [
    ("manager.innoskart", "manager.agroco", "Build a fee-based service portfolio."),
    ("manager.dare", "manager.green-synergy", "Prepare the bronze-label benchmarking."),
]


def _second_manager(slug, cluster) -> tuple[object, int]:
    User = get_user_model()
    email = f"manager2.{slug}@{DEMO_DOMAIN}"
    created = 0
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=SECOND_MANAGERS[slug]
        )
        created += 1
    _, new = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    created += new
    _, new = RoleAssignment.objects.get_or_create(user=user, role="manager", cluster=cluster)
    return user, created + new


def load(*, project, clusters, users, managers) -> int:
    admin, coordinator = users["admin"], users["coordinator"]
    created = 0
    people = {f"manager.{slug}": user for slug, user in managers.items()}
    for slug, cluster in clusters.items():
        people[f"manager2.{slug}"], new = _second_manager(slug, cluster)
        created += new
    created += services.core_modules_ensure()
    modules = {module.slug: module for module in CoreModule.objects.all()}

    for (
        title,
        kind,
        organiser,
        start,
        end,
        city,
        country,
        host,
        host_organisation,
        module_slugs,
        attendees,
        outsiders,
    ) in ACTIVITIES:
        activity = Activity.objects.filter(organising_cluster__project=project, title=title).first()
        if activity is None:
            activity = services.activity_create(
                actor=admin,
                organising_cluster=clusters[organiser],
                modules=[modules[s] for s in module_slugs if s in modules],
                is_demo=True,
                activity_type=kind,
                title=title,
                start_date=start,
                end_date=end,
                city=city,
                country=country,
                host_cluster=clusters[host] if host else None,
                host_organisation=host_organisation,
                status="held",
                is_public=True,
                agenda="Demo agenda: morning lectures, afternoon case work on the members' "
                "own data, a visit to a member company.",
            )
            created += 1
        for local_part, days in attendees.items():
            user = people[local_part]
            if Participation.objects.filter(activity=activity, user=user).exists():
                continue
            services.participation_register(actor=admin, activity=activity, user=user)
            created += 1
            chosen = activity.days if days is None else days
            if chosen:
                services.attendance_set(actor=admin, activity=activity, user=user, days=chosen)
                created += len(chosen)
        for name, organisation, email in outsiders:
            if not Participation.objects.filter(activity=activity, name=name).exists():
                participation = services.participation_register(
                    actor=admin,
                    activity=activity,
                    name=name,
                    organisation=organisation,
                    email=email,
                )
                services.attendance_set(
                    actor=admin, activity=activity, participation=participation, days=activity.days
                )
                created += 1 + len(activity.days)

    # One activity still to come, outside the project period: it never counts in a KPI.
    upcoming = "Webinar: funding and smart specialisation (RIS3)"
    if not Activity.objects.filter(organising_cluster__project=project, title=upcoming).exists():
        start = timezone.localdate() + dt.timedelta(days=21)
        services.activity_create(
            actor=admin,
            organising_cluster=clusters["mapar"],
            modules=[modules["funding-ris3"]] if "funding-ris3" in modules else [],
            is_demo=True,
            activity_type="webinar",
            title=upcoming,
            start_date=start,
            end_date=start,
            city="Online",
            status="planned",
        )
        created += 1

    created += _feedback(project, managers)
    created += _skills(project, coordinator, people, list(modules.values()))
    created += _mentoring(project, coordinator, people)
    return created


def _skills(project, coordinator, people, modules) -> int:
    created = 0
    rounds = {}
    for name, kind, opened_on in (
        ("Baseline 2017", "baseline", dt.date(2017, 1, 16)),
        ("After the training cycle 2018", "after", dt.date(2018, 9, 3)),
    ):
        assessment_round = AssessmentRound.objects.filter(project=project, name=name).first()
        if assessment_round is None:
            assessment_round = services.assessment_round_open(
                actor=coordinator,
                project=project,
                name=name,
                kind=kind,
                opened_on=opened_on,
                notify=False,  # history: nobody is e-mailed
            )
            created += 1
        rounds[kind] = assessment_round
    for local_part, user in sorted(people.items()):
        rng = random.Random(f"tracekei-skills-{local_part}")  # noqa: S311 demo ratings
        baseline = {module.pk: rng.choice([1, 2, 2, 3, 3, 4]) for module in modules}
        if not rounds["baseline"].ratings.filter(user=user).exists():
            created += services.self_assessment_submit(
                actor=user, assessment_round=rounds["baseline"], levels=baseline, force=True
            )
        if local_part == "manager2.cluee":
            continue  # the no-show has no after-training rating
        after = {pk: min(5, level + rng.choice([0, 1, 1, 2])) for pk, level in baseline.items()}
        if not rounds["after"].ratings.filter(user=user).exists():
            created += services.self_assessment_submit(
                actor=user, assessment_round=rounds["after"], levels=after, force=True
            )
    for assessment_round in rounds.values():
        if assessment_round.is_open:
            services.assessment_round_close(actor=coordinator, assessment_round=assessment_round)
    return created


def _mentoring(project, coordinator, people) -> int:
    created = 0
    for mentor, mentee, goals in MENTORING:
        pair = MentoringPair.objects.filter(
            project=project, mentor=people[mentor], mentee=people[mentee]
        ).first()
        if pair is not None:
            continue
        pair = services.mentoring_pair_create(
            actor=coordinator,
            project=project,
            mentor=people[mentor],
            mentee=people[mentee],
            goals=goals,
            started_on=dt.date(2017, 6, 1),
        )
        created += 1
        for held_on in (dt.date(2017, 7, 4), dt.date(2017, 10, 12), dt.date(2018, 3, 6)):
            services.mentoring_session_log(
                actor=coordinator,
                pair=pair,
                held_on=held_on,
                hours=Decimal("2.0"),
                notes="Video call (demo).",
            )
            created += 1
    return created


# --- Feedback after the two joint trainings (a closed campaign of the surveys engine) ----

FEEDBACK = {
    # title: how many of the attendees answered (the others did not)
    "Joint training 1: value-chain and industry analysis": 6,
    "Joint training 2: business planning and cluster branding": 7,
}
IMPROVE = {
    "en": ["More time for the case work, please.", "Send the slides before the training."],
    "it": ["Più tempo per il lavoro sui casi.", "Inviare le slide prima della formazione."],
    "hu": ["Több idő kellene az esetfeldolgozásra.", "A diákat előre küldjék el."],
    "de": ["Mehr Zeit für die Fallarbeit.", "Die Folien vorab verschicken."],
    "pt": ["Mais tempo para o trabalho de casos.", "Enviar os diapositivos antes."],
    "ro": ["Mai mult timp pentru studiile de caz.", "Trimiteți prezentările în avans."],
    "bg": ["Повече време за работа по казуси.", "Изпращайте презентациите предварително."],
    "sr-latn": ["Više vremena za rad na slučajevima.", "Pošaljite prezentacije unapred."],
}


def _feedback(project, managers) -> int:
    """The Bari and Budapest trainings' feedback: a closed, anonymous campaign of the
    organising cluster to every attendee, most of whom answered in their language."""
    from surveys import training_feedback
    from surveys.mail import new_link_secret
    from surveys.models import Answer, Campaign, Choice, Invitation, Question, Response

    from .feedback import feedback_recipients

    questionnaire = training_feedback.install(project)
    questions = {q.code: q for q in Question.objects.filter(questionnaire=questionnaire)}
    parts = list(
        Choice.objects.filter(question=questions[training_feedback.USEFUL_PARTS]).order_by(
            "position"
        )
    )
    created = 0
    for title, answering in FEEDBACK.items():
        activity = Activity.objects.filter(organising_cluster__project=project, title=title).first()
        if activity is None or Campaign.objects.filter(activity=activity).exists():
            continue
        rng = random.Random(f"tracekei-feedback-{title}")  # noqa: S311 demo answers
        organiser = activity.organising_cluster
        manager = managers.get(organiser.slug)
        opens_on = activity.end_date + dt.timedelta(days=1)
        launched = dt.datetime.combine(opens_on, dt.time(9), tzinfo=dt.UTC)
        subject, body = training_feedback.invitation_texts(
            activity_title=activity.title,
            dates=f"{activity.start_date.isoformat()} - {activity.end_date.isoformat()}",
        )
        campaign = Campaign(
            cluster=organiser,
            questionnaire=questionnaire,
            activity=activity,
            title=f"Feedback: {activity.title}"[:200],
            opens_on=opens_on,
            closes_on=opens_on + dt.timedelta(days=14),
            anonymous=True,
            invitation_subject=subject,
            invitation_body=body,
            reminder_after_days=[7],
            max_reminders=1,
            recipient_filter={"activity": activity.pk, "attended": True},
            created_by=manager,
            launched_at=launched,
            launched_by=manager,
        )
        campaign.full_clean(exclude=["created_by", "launched_by"])
        campaign.save()
        created += 1
        for number, recipient in enumerate(feedback_recipients(activity).invite):
            answered = number < answering
            salt, token_hash = new_link_secret()
            invitation = Invitation.objects.create(
                campaign=campaign,
                name=recipient.name,
                email=recipient.email,
                language=recipient.language,
                token_hash=token_hash,
                token_salt=salt,
                status="completed" if answered else "sent",
                sent_at=launched,
                opened_at=launched + dt.timedelta(days=1) if answered else None,
            )
            created += 1
            if not answered:
                continue
            day = launched + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
            response = Response.objects.create(
                invitation=invitation,
                campaign=campaign,
                cluster=organiser,
                language=recipient.language,
                consent_at=day,
                consent_text="Demo consent.",
                last_section=2,
                submitted_at=day,
            )
            rows = [
                Answer(
                    response=response,
                    question=questions[code],
                    number=max(2, min(5, round(rng.gauss(4.2, 0.7)))),
                )
                for code in training_feedback.RATING_CODES
            ]
            rows.append(
                Answer(
                    response=response,
                    question=questions[training_feedback.RECOMMEND],
                    boolean=rng.random() < 0.85,
                )
            )
            if rng.random() < 0.6:
                texts = IMPROVE.get(recipient.language, IMPROVE["en"])
                rows.append(
                    Answer(
                        response=response,
                        question=questions[training_feedback.IMPROVE],
                        text=texts[rng.randrange(len(texts))],
                    )
                )
            Answer.objects.bulk_create(rows)
            picked = Answer.objects.create(
                response=response, question=questions[training_feedback.USEFUL_PARTS]
            )
            picked.choices.set(rng.sample(parts, rng.randint(1, 3)))
            created += 2 + len(rows) + 1
    return created
