"""The strategy app (WP2): strategies and their versions, RIS3, the joint strategy."""

from strategy import services
from strategy.models import Consultation, Feedback, Goal, Ris3Priority, Strategy, VersionStatus
from tests.permissions import (
    DONE,
    api,
    api_change,
    api_create,
    api_list,
    api_read,
    change_a,
    coordinators,
    first,
    page,
    public,
    read_a,
    signed_in,
    with_,
)


def slug_a(world):
    return {"slug": world.cluster_a.slug}


def strategy_a(world):
    return Strategy.objects.get(cluster=world.cluster_a)


def setup(world):
    """A's strategy has only adopted versions in the demo (the consultation is another
    cluster's): a new draft of it, opened for consultation, with one point of feedback."""
    manager = world.users["manager_a"]
    draft = services.version_create_next(actor=manager, strategy=strategy_a(world))
    consultation, _links = services.consultation_open(
        actor=manager,
        version=draft,
        respondents=[{"name": "A member (matrix)", "role": "member"}],
    )
    services.feedback_record(
        consultation=consultation,
        actor=manager,
        heading="goals_text",
        comment="Add a goal on training.",
        author="Members' meeting",
    )


def pk(world):
    return {"pk": strategy_a(world).pk}


def adopted(world):
    """A's latest adopted version (the draft in consultation comes after it)."""
    versions = strategy_a(world).versions.filter(status=VersionStatus.ADOPTED)
    return versions.order_by("-number").first()


def version(world):
    latest = adopted(world)
    return {"pk": latest.strategy_id, "number": latest.number}


def goal(world):
    row = Goal.objects.filter(version=adopted(world)).order_by("-pk").first()
    return {**version(world), "kind": "goal", "item": row.pk}


def api_goal(world):
    row = Goal.objects.filter(version=adopted(world)).order_by("-pk").first()
    return {"pk": strategy_a(world).pk, "number": row.version.number, "goal": row.pk}


def indicator(world):
    return {"pk": strategy_a(world).pk, "item": strategy_a(world).indicators.first().pk}


def chain_stage(world):
    return {"pk": strategy_a(world).pk, "item": strategy_a(world).chain_stages.first().pk}


def feedback(world):
    row = Feedback.objects.filter(consultation__version__strategy=strategy_a(world)).first()
    assert row is not None, "setup() made no feedback for cluster A's strategy"
    return {"pk": strategy_a(world).pk, "number": row.consultation.version.number, "item": row.pk}


def consultation_version(world):
    row = Consultation.objects.filter(version__strategy=strategy_a(world)).first()
    assert row is not None, "setup() made no consultation for cluster A's strategy"
    return {"pk": strategy_a(world).pk, "number": row.version.number}


ris3 = first(lambda w: Ris3Priority.objects.filter(project=w.project), key="item")
api_ris3 = first(lambda w: Ris3Priority.objects.filter(project=w.project))

URLS = {
    "strategy:list": page(get=signed_in()),
    "strategy:create": page(slug_a, get=change_a(200), post=change_a()),
    "strategy:ris3": page(get=signed_in(), post=coordinators(DONE)),
    "strategy:ris3_edit": page(
        ris3, get=coordinators(refused=404), post=coordinators(DONE, refused=404)
    ),
    "strategy:joint": page(get=coordinators(refused=404), post=coordinators(DONE, refused=404)),
    "strategy:matching": page(get=coordinators(refused=404)),
    "strategy:detail": page(pk, get=read_a()),
    "strategy:history": page(pk, get=read_a()),
    "strategy:compare": page(pk, get=read_a()),
    "strategy:next": page(pk, post=change_a()),
    "strategy:indicators": page(pk, get=read_a(), post=change_a()),
    "strategy:value_chain": page(pk, get=read_a(), post=change_a()),
    "strategy:indicator_edit": page(indicator, get=change_a(200), post=change_a()),
    "strategy:indicator_delete": page(indicator, get=change_a(200), post=change_a()),
    "strategy:chain_stage_edit": page(chain_stage, get=change_a(200), post=change_a()),
    "strategy:chain_stage_delete": page(chain_stage, get=change_a(200), post=change_a()),
    "strategy:version": page(version, get=read_a()),
    "strategy:version_pdf": page(
        version,
        post=with_(read_a(DONE), viewer_a=403),
        note="asks for a report: the viewer reads the version, may not have its document",
    ),
    "strategy:joint_pdf": page(post=coordinators(DONE, refused=404)),
    "strategy:version_edit": page(
        version, get=change_a(302), post=change_a(), note="an adopted version: sent to a draft"
    ),
    "strategy:version_item_add": page(lambda w: {**version(w), "kind": "goal"}, post=change_a()),
    "strategy:version_item_delete": page(goal, get=change_a(200), post=change_a()),
    "strategy:adopt": page(version, post=change_a()),
    "strategy:consultation": page(
        consultation_version,
        get=read_a(),
        post=change_a(),
        note="the viewer reads the consultation and its feedback, may not open one",
    ),
    "strategy:consultation_close": page(consultation_version, post=change_a()),
    "strategy:feedback_record": page(consultation_version, post=change_a()),
    "strategy:feedback_handle": page(feedback, post=change_a()),
    "strategy:respond": page(
        lambda w: {"token": "not-a-link"},
        get=public(404),
        post=public(404),
        note="a member's consultation link: open, the token is the credential",
    ),
    # API
    "strategy-list": api(get=api_list(), post=api_create()),
    "strategy-detail": api(pk, get=api_read()),
    "strategy-goal": api(api_goal, patch=api_change()),
    "strategy-version": api(version, get=api_read(), patch=api_change()),
    "strategy-versions": api(pk, get=api_read(), post=api_change()),
    "ris3-priority-list": api(get=api_list(), post=coordinators(DONE, anonymous=403)),
    "ris3-priority-detail": api(
        api_ris3,
        get=api_list(),
        put=coordinators(DONE, anonymous=403),
        patch=coordinators(DONE, anonymous=403),
    ),
    "joint-strategy-list": api(get=coordinators(anonymous=403, refused=404)),
}
