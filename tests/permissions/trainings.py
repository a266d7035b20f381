"""The trainings app (WP3): activities, participants, materials, skills, mentoring."""

from django.core.files.base import ContentFile

from tests.permissions import (
    DONE,
    LOGIN,
    api,
    api_change,
    api_create,
    api_list,
    change_a,
    coordinators,
    first,
    page,
    public,
    roles,
    signed_in,
    with_,
)
from trainings.models import (
    Activity,
    AssessmentRound,
    CalendarFeed,
    CoreModule,
    Material,
    MentoringPair,
    Participation,
)


def activities_a(world):
    return Activity.objects.filter(organising_cluster=world.cluster_a)


def setup(world):
    activity = activities_a(world).order_by("pk").first()
    world.objects["material"] = Material.objects.create(
        activity=activity,
        title="Slides",
        file=ContentFile(b"slides", name="slides.pdf"),
        original_name="slides.pdf",
        size=6,
    )
    world.objects["feed"] = CalendarFeed.objects.create(user=world.users["manager_a"])


activity_a = first(activities_a)
round_ = first(lambda w: AssessmentRound.objects.filter(project=w.project))
pair = first(lambda w: MentoringPair.objects.filter(project=w.project))
module = first(lambda w: CoreModule.objects.all(), key="slug", attribute="slug")
participation_a = first(lambda w: Participation.objects.filter(activity__in=activities_a(w)))


def participation_of_activity(world):
    participation = Participation.objects.filter(activity__in=activities_a(world)).first()
    return {"pk": participation.activity_id, "participation_pk": participation.pk}


def material(world):
    material = world.objects["material"]
    return {"pk": material.activity_id, "material_pk": material.pk}


# Joint trainings are seen by the whole project and changed by the organising cluster:
# another cluster's manager reads them (200) and is refused changes (403, not 404).
JOINT = signed_in()
ORGANISER = with_(change_a(200), manager_b=403)
ORGANISER_DONE = with_(change_a(), manager_b=403)
MANAGERS_ONLY = roles(
    anonymous=LOGIN, viewer_a=403, manager_a=200, manager_b=200, coordinator=403, admin=403
)
MANAGERS_ONLY_DONE = {**MANAGERS_ONLY, "manager_a": DONE, "manager_b": DONE}

URLS = {
    "trainings:list": page(get=signed_in()),
    "trainings:create": page(
        get=with_(signed_in(), viewer_a=403), post=with_(signed_in(DONE), viewer_a=403)
    ),
    "trainings:calendar": page(get=signed_in()),
    "trainings:feed_renew": page(post=signed_in(DONE)),
    "trainings:feed_revoke": page(post=signed_in(DONE)),
    "trainings:user_feed": page(
        lambda w: {"token": w.objects["feed"].token},
        get=public(),
        note="the calendar app's subscription: the token is the credential",
    ),
    "trainings:skills": page(get=signed_in()),
    "trainings:round_create": page(get=coordinators(), post=coordinators(DONE)),
    "trainings:assess": page(
        round_, get=MANAGERS_ONLY, post=MANAGERS_ONLY_DONE, note="a self-assessment"
    ),
    "trainings:round_close": page(round_, post=coordinators(DONE)),
    "trainings:modules": page(get=signed_in()),
    "trainings:mentoring": page(get=signed_in(), post=coordinators(DONE)),
    "trainings:mentoring_session": page(pair, post=signed_in(DONE)),
    "trainings:detail": page(activity_a, get=JOINT),
    "trainings:update": page(activity_a, get=ORGANISER, post=ORGANISER_DONE),
    "trainings:register": page(activity_a, post=signed_in(DONE)),
    "trainings:participant_add": page(activity_a, get=ORGANISER, post=ORGANISER_DONE),
    "trainings:participant_remove": page(participation_of_activity, post=ORGANISER_DONE),
    "trainings:attendance": page(activity_a, get=ORGANISER, post=ORGANISER_DONE),
    "trainings:my_attendance": page(activity_a, post=signed_in(DONE)),
    "trainings:material_upload": page(activity_a, post=ORGANISER_DONE),
    "trainings:material_download": page(
        material,
        get=with_(JOINT, viewer_a=404),
        note="materials: the organiser and the participants (the demo's manager of B took part)",
    ),
    "trainings:activity_ics": page(activity_a, get=JOINT),
    "trainings:feedback_launch": page(
        activity_a,
        get=ORGANISER,
        post=ORGANISER_DONE,
        note="the feedback form to the attendees: the organiser (the demo's was sent: 400)",
    ),
    "trainings:certificates": page(activity_a, post=ORGANISER_DONE),
    "trainings:certificate": page(
        participation_of_activity,
        post=ORGANISER_DONE,
        note="one attendee's certificate: the organiser (or the attendee)",
    ),
    # API
    "activity-list": api(get=api_list(), post=api_create()),
    "activity-detail": api(
        activity_a,
        get=api_list(),
        put=with_(api_change(), manager_b=403),
        patch=with_(api_change(), manager_b=403),
    ),
    "participation-list": api(
        get=api_list(),
        post=with_(api_create(), viewer_a=DONE),
        note="anyone who sees an activity registers themself (a viewer too), as on its page",
    ),
    "participation-detail": api(participation_a, get=api_list(), note="a joint training's list"),
    "skill-assessment-list": api(
        get=api_list(),
        post={**MANAGERS_ONLY_DONE, "anonymous": 403, "survey_link": 403},
        note="a manager rates themself, as on the self-assessment page",
    ),
    "core-module-list": api(get=api_list()),
    "core-module-detail": api(module, get=api_list()),
}
