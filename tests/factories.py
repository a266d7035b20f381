"""Factories that keep related objects in one cluster: a member's cluster is the
cluster the test asked for, never a stray new one."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress

from clusters.models import (
    Cluster,
    LabelAward,
    Member,
    MemberType,
    Project,
    RoleAssignment,
    Sector,
)
from tracekei.accounts.models import User

PASSWORD = "correct-horse-battery"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("acronym",)

    name = "TRAns-national Collaboration Empowering Key European Industries"
    acronym = "TRACE-KEI"
    start_date = dt.date(2016, 11, 16)
    end_date = dt.date(2018, 11, 15)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    project = factory.SubFactory(ProjectFactory)
    acronym = factory.Sequence(lambda n: f"CL{n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.acronym} Cluster Association")
    country = "IT"


class LabelAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabelAward

    cluster = factory.SubFactory(ClusterFactory)
    level = "bronze"
    awarded_on = dt.date(2025, 1, 1)
    valid_until = factory.LazyAttribute(lambda o: LabelAward.default_valid_until(o.awarded_on))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Member Company {n} Srl")
    member_type = MemberType.SME
    size_class = "small"
    country = "IT"
    contact_name = "Anna Rossi"
    contact_email = factory.Sequence(lambda n: f"contact{n}@member.example")
    organisation_key = factory.LazyAttribute(
        lambda o: Member.make_organisation_key(
            name=o.name, country=o.country, vat_number=o.vat_number
        )
    )
    vat_number = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@portal.example")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def make_manager(cluster, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role="manager", cluster=cluster)
    return user


def make_viewer(cluster, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role="viewer", cluster=cluster)
    return user


def make_coordinator(project, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role="coordinator", project=project)
    return user


# --- dissemination ---------------------------------------------------------------------


def make_activity(*clusters, countries=(), date=dt.date(2017, 5, 10), **fields):
    """A dissemination activity of these clusters reaching these countries."""
    from dissemination.models import ActivityCountry, DisseminationActivity

    fields.setdefault("title", f"Activity on {date:%Y-%m-%d}")
    fields.setdefault("activity_type", "event_talk")
    activity = DisseminationActivity.objects.create(date=date, **fields)
    activity.clusters.set(clusters)
    for code in countries:
        ActivityCountry.objects.create(activity=activity, country=code)
    return activity


def make_post(cluster, direction, *, kind="service_expertise", topic="", **fields):
    from dissemination.models import CollaborationPost

    fields.setdefault("title", topic.title() or "A post")
    return CollaborationPost.objects.create(
        cluster=cluster, direction=direction, kind=kind, topic=topic, **fields
    )


# --- strategy ---


def make_strategy(cluster, *, actor=None, title="Strategy 2017-2022", start_year=2017, **headings):
    """A strategy with a first draft whose headings are ``headings``, written through the
    services (the actor defaults to a new manager of the cluster)."""
    from strategy import services as strategy_services

    actor = actor or make_manager(cluster)
    strategy = strategy_services.strategy_create(
        actor=actor, cluster=cluster, title=title, start_year=start_year, end_year=start_year + 5
    )
    if headings:
        strategy_services.version_update(actor=actor, version=strategy.versions.get(), **headings)
    return strategy


#: The six shared headings filled in, for a version that can be adopted.
FULL_HEADINGS = {
    "vision": "A leading agro-food cluster.",
    "mission": "Serve our members.",
    "goals_text": "Three goals.",
    "services_text": "New export desk.",
    "financial_text": "Fees and projects.",
    "indicators_text": "Members exporting.",
}

# --- trainings ---------------------------------------------------------------------------


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Activity"

    organising_cluster = factory.SubFactory(ClusterFactory)
    activity_type = "joint_training"
    title = factory.Sequence(lambda n: f"Activity {n}")
    start_date = dt.date(2017, 5, 10)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=1))
    city = "Bari"
    country = "IT"
    status = "held"


def attend(activity, user, *days):
    """Register a user for an activity and record them on the given days (default: day 1)."""
    from trainings.models import Attendance, Participation

    participation, _ = Participation.objects.get_or_create(activity=activity, user=user)
    for day in days or (activity.start_date,):
        Attendance.objects.get_or_create(participation=participation, day=day)
    return participation


# --- services app (WP1) ------------------------------------------------------------------


def service_category(slug="training-skills"):
    """One of the ten categories the services migration seeds (made again if a test
    before flushed the database)."""
    from services.models import DEFAULT_CATEGORIES, ServiceCategory

    name = dict(DEFAULT_CATEGORIES)[slug]
    return ServiceCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.Service"

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    category = factory.LazyFunction(service_category)
    fee_model = "free"
    status = "new"
    status_since = dt.date(2017, 1, 1)
    delivery_channel = "in_person"


class ServiceDeliveryFactory(factory.django.DjangoModelFactory):
    """A delivery to a member of the service's own cluster (pass ``member``)."""

    class Meta:
        model = "services.ServiceDelivery"

    service = factory.SubFactory(ServiceFactory)
    member = factory.SubFactory(MemberFactory, cluster=factory.SelfAttribute("..service.cluster"))
    delivered_on = dt.date(2017, 6, 1)


# --- surveys app (WP1) -------------------------------------------------------------------


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A consortium questionnaire (``cluster=None``); add sections and questions."""

    class Meta:
        model = "surveys.Questionnaire"

    project = factory.SubFactory(ProjectFactory)
    key = factory.Sequence(lambda n: f"questionnaire-{n}")
    title = factory.Sequence(lambda n: {"en": f"Questionnaire {n}"})


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Section"

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: {"en": f"Section {n}"})


class QuestionFactory(factory.django.DjangoModelFactory):
    """A rating question by default; ``section`` decides the questionnaire."""

    class Meta:
        model = "surveys.Question"

    section = factory.SubFactory(SectionFactory)
    questionnaire = factory.SelfAttribute("section.questionnaire")
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"q{n}")
    kind = "rating"
    text = factory.Sequence(lambda n: {"en": f"Question {n}?"})
    low_label = {"en": "Not at all"}
    high_label = {"en": "Very much"}


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Choice"

    question = factory.SubFactory(QuestionFactory, kind="single")
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"c{n}")
    label = factory.Sequence(lambda n: {"en": f"Choice {n}"})


class CampaignFactory(factory.django.DjangoModelFactory):
    """A launched campaign, open from 2017-03-01 to 2099-12-31 (pass dates to close it)."""

    class Meta:
        model = "surveys.Campaign"

    cluster = factory.SubFactory(ClusterFactory)
    questionnaire = factory.SubFactory(
        QuestionnaireFactory, project=factory.SelfAttribute("..cluster.project")
    )
    title = factory.Sequence(lambda n: f"Campaign {n}")
    opens_on = dt.date(2017, 3, 1)
    closes_on = dt.date(2099, 12, 31)
    launched_at = factory.LazyFunction(lambda: dt.datetime(2017, 3, 1, 9, tzinfo=dt.UTC))


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation of a member of the campaign's cluster. The token is known only at
    creation: ``invitation.token`` (not a field) holds it for the test."""

    class Meta:
        model = "surveys.Invitation"

    campaign = factory.SubFactory(CampaignFactory)
    member = factory.SubFactory(
        MemberFactory,
        cluster=factory.SelfAttribute("..campaign.cluster"),
        contact_email=factory.Sequence(lambda n: f"sme{n}@example.org"),
    )
    name = factory.LazyAttribute(lambda o: o.member.name if o.member else "Respondent")
    email = factory.LazyAttribute(lambda o: o.member.contact_email if o.member else "r@example.org")
    status = "sent"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from surveys.mail import link_token, new_link_secret

        kwargs["token_salt"], kwargs["token_hash"] = new_link_secret()
        token = link_token(kwargs["token_salt"])
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation


class ResponseFactory(factory.django.DjangoModelFactory):
    """A submitted response to an invitation (``submitted_at=None``: in progress)."""

    class Meta:
        model = "surveys.Response"

    invitation = factory.SubFactory(InvitationFactory, status="completed")
    campaign = factory.SelfAttribute("invitation.campaign")
    cluster = factory.SelfAttribute("invitation.campaign.cluster")
    submitted_at = factory.LazyFunction(lambda: dt.datetime(2017, 3, 10, 9, tzinfo=dt.UTC))


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Answer"

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    number = 4


# --- deliverables register ---------------------------------------------------------------


class DeliverableFactory(factory.django.DjangoModelFactory):
    """A pending deliverable led by ``lead_cluster``, in its project."""

    class Meta:
        model = "deliverables.Deliverable"

    lead_cluster = factory.SubFactory(ClusterFactory)
    project = factory.SelfAttribute("lead_cluster.project")
    number = factory.Sequence(lambda n: f"D9.{n}")
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    work_package = "wp1"
    due_date = dt.date(2030, 6, 30)


# surveys S1 -------------------------------------------------------------------------------


def make_answer_questionnaire(
    project, *, cluster=None, all_services=False, extra_ratings=0, key="sme-test"
):
    """A two-page questionnaire with every kind of question and both show-if cases.

    Page 1: ``rating`` (required), ``single`` (a/b/c), ``multiple`` (x/y, optional),
    ``yes_no`` (required), ``why`` (long text, required, shown if yes_no = yes: same page).
    Page 2: ``number`` (0-100, required), ``short`` (optional), ``services`` (matrix,
    optional), ``follow`` (short text, required, shown if yes_no = no: an earlier page),
    then ``extra_ratings`` more optional ratings (to grow the page)."""
    questionnaire = QuestionnaireFactory(
        project=project,
        cluster=cluster,
        key=key,
        all_services=all_services,
        title={"en": "Member survey", "it": "Indagine soci"},
    )
    first = SectionFactory(
        questionnaire=questionnaire, position=0, title={"en": "About us", "it": "Su di noi"}
    )
    second = SectionFactory(
        questionnaire=questionnaire, position=1, title={"en": "Services", "it": "Servizi"}
    )

    def ask(section, code, kind, position, **fields):
        fields.setdefault("text", {"en": f"Question {code}?", "it": f"Domanda {code}?"})
        return QuestionFactory(section=section, code=code, kind=kind, position=position, **fields)

    ask(first, "rating", "rating", 0)
    single = ask(first, "single", "single", 1)
    for position, code in enumerate("abc"):
        ChoiceFactory(
            question=single,
            code=code,
            position=position,
            label={"en": f"Option {code}", "it": f"Opzione {code}"},
        )
    multiple = ask(first, "multiple", "multiple", 2, required=False)
    for position, code in enumerate("xy"):
        ChoiceFactory(question=multiple, code=code, position=position, label={"en": code.upper()})
    yes_no = ask(first, "yes_no", "yes_no", 3)
    ask(first, "why", "long_text", 4, show_if=yes_no, show_if_value="yes")
    ask(second, "number", "number", 0, min_value=0, max_value=100)
    ask(second, "short", "short_text", 1, required=False)
    ask(second, "services", "service_matrix", 2, required=False)
    ask(second, "follow", "short_text", 3, show_if=yes_no, show_if_value="no")
    for n in range(extra_ratings):
        ask(second, f"extra-{n}", "rating", 10 + n, required=False)
    return questionnaire
