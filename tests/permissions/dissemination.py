"""The dissemination app (WP4): activities, policy dialogue, the market place,
collaborations, success stories and the public project site."""

from clusters.models import Cluster
from dissemination import services
from dissemination.models import (
    Collaboration,
    CollaborationPost,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
)
from tests.permissions import (
    DONE,
    api,
    api_change,
    api_create,
    api_list,
    api_read,
    change_a,
    first,
    page,
    public,
    read_a,
    signed_in,
    with_,
)


def setup(world):
    """The demo's collaborations do not involve cluster A: a third cluster's interest in
    an open post of A, not yet answered (neither side is B, so B's manager sees none)."""
    third = (
        Cluster.objects.filter(project=world.project)
        .exclude(pk__in=[world.cluster_a.pk, world.cluster_b.pk])
        .order_by("pk")
        .first()
    )
    post = CollaborationPost.objects.filter(cluster=world.cluster_a, is_open=True).order_by("pk")
    services.interest_express(
        actor=world.users["coordinator"],
        post=post.first(),
        interested_cluster=third,
        message="Interested (matrix)",
    )


activity_a = first(lambda w: DisseminationActivity.objects.filter(clusters=w.cluster_a))
public_activity = first(
    lambda w: DisseminationActivity.objects.filter(clusters=w.cluster_a, is_public=True)
)
dialogue_a = first(lambda w: PolicyDialogue.objects.filter(cluster=w.cluster_a))
follow_up_a = first(lambda w: FollowUp.objects.filter(dialogue__cluster=w.cluster_a))
post_a = first(lambda w: CollaborationPost.objects.filter(cluster=w.cluster_a))
offer_a = first(lambda w: CollaborationPost.objects.filter(cluster=w.cluster_a, direction="offer"))
need_a = first(lambda w: CollaborationPost.objects.filter(cluster=w.cluster_a, direction="need"))
collaboration_a = first(lambda w: Collaboration.objects.filter(owner_cluster=w.cluster_a))
story_a = first(lambda w: SuccessStory.objects.filter(cluster=w.cluster_a))

# The market place is seen by the whole project and changed by its own cluster only.
PROJECT_WIDE = signed_in()

CREATE = with_(signed_in(), viewer_a=403)
CREATE_DONE = with_(signed_in(DONE), viewer_a=403)
# A shared dissemination activity is seen by the project; the one the matrix takes is
# approved, and an approved activity is locked: no one changes or re-approves it.
SHARED = signed_in()
LOCKED_PAGE = with_(change_a(403), manager_b=403, coordinator=200, admin=200)
LOCKED = with_(change_a(403), manager_b=403, coordinator=DONE, admin=DONE)

URLS = {
    "dissemination:activity_list": page(get=signed_in()),
    "dissemination:activity_create": page(get=CREATE, post=CREATE_DONE),
    "dissemination:activity_detail": page(activity_a, get=SHARED),
    "dissemination:activity_update": page(activity_a, get=LOCKED_PAGE, post=LOCKED),
    "dissemination:activity_approve": page(activity_a, post=LOCKED),
    "dissemination:activity_evidence": page(
        activity_a, get=signed_in(404), note="no evidence file"
    ),
    "dissemination:dialogue_list": page(get=signed_in()),
    "dissemination:dialogue_create": page(get=CREATE, post=CREATE_DONE),
    "dissemination:dialogue_detail": page(dialogue_a, get=read_a()),
    "dissemination:dialogue_update": page(dialogue_a, get=change_a(200), post=change_a()),
    "dissemination:follow_up_done": page(follow_up_a, post=change_a()),
    "dissemination:market": page(get=signed_in()),
    "dissemination:post_create": page(get=CREATE, post=CREATE_DONE),
    "dissemination:post_detail": page(post_a, get=PROJECT_WIDE),
    "dissemination:post_update": page(
        post_a, get=with_(change_a(200), manager_b=403), post=with_(change_a(), manager_b=403)
    ),
    "dissemination:collaboration_list": page(get=signed_in()),
    "dissemination:collaboration_detail": page(collaboration_a, get=read_a()),
    "dissemination:collaboration_answer": page(collaboration_a, post=change_a()),
    "dissemination:story_list": page(get=signed_in()),
    "dissemination:story_create": page(get=CREATE, post=CREATE_DONE),
    "dissemination:story_detail": page(story_a, get=read_a()),
    "dissemination:story_update": page(story_a, get=change_a(200), post=change_a()),
    "dissemination:story_approve": page(
        story_a, post=with_(change_a(), manager_a=403), note="approved by the coordinator"
    ),
    "dissemination:story_picture": page(story_a, get=read_a(404), note="no picture"),
    "dissemination:public_home": page(get=public()),
    "dissemination:public_news": page(get=public()),
    "dissemination:public_news_detail": page(public_activity, get=public()),
    "dissemination:public_events": page(get=public()),
    "dissemination:public_stories": page(get=public()),
    "dissemination:public_story_detail": page(story_a, get=public()),
    "dissemination:public_story_picture": page(story_a, get=public(404), note="no picture"),
    "dissemination:public_contact": page(get=public(), post=public(DONE)),
    "dissemination:public_feed": page(get=public()),
    # API
    "dissemination-activity-list": api(get=api_list(), post=api_create()),
    "dissemination-activity-detail": api(
        activity_a,
        get=api_list(),
        put={**LOCKED, "anonymous": 403, "survey_link": 403},
        patch={**LOCKED, "anonymous": 403, "survey_link": 403},
        note="like the pages: shared with the project, approved and so locked",
    ),
    "policy-dialogue-list": api(get=api_list(), post=api_create()),
    "policy-dialogue-detail": api(dialogue_a, get=api_read()),
    "offer-list": api(get=api_list(), post=api_create()),
    "offer-detail": api(
        offer_a,
        get=api_list(),
        put=with_(api_change(), manager_b=403),
        patch=with_(api_change(), manager_b=403),
    ),
    "need-list": api(get=api_list(), post=api_create()),
    "need-detail": api(
        need_a,
        get=api_list(),
        put=with_(api_change(), manager_b=403),
        patch=with_(api_change(), manager_b=403),
    ),
    "collaboration-list": api(get=api_list(), post=api_create()),
    "collaboration-detail": api(collaboration_a, get=api_read()),
    "success-story-list": api(get=api_list()),
    "success-story-detail": api(story_a, get=api_read()),
}
