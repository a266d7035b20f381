"""Pages of the dissemination app for managers and the coordinator: adapters between
HTTP, the scoped selectors and the services. (The public site: public_views.py.)"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tracekei import access

from . import selectors, services
from .forms import (
    ActivityForm,
    CollaborationForm,
    DialogueForm,
    FollowUpForm,
    InterestForm,
    PostForm,
    StoryForm,
)
from .models import ActivityType, Direction, FollowUp

PER_PAGE = 25


def _form_page(request, form, obj, kind, detail, listing, *, template="dissemination/form.html"):
    """An edit page: the form (400 when a POST did not validate), cancel back to the
    object, or to its list when it is new."""
    cancel = (
        reverse(f"dissemination:{detail}", kwargs={"pk": obj.pk})
        if obj
        else reverse(f"dissemination:{listing}")
    )
    context = {"form": form, "object": obj, "kind": kind, "cancel": cancel}
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _page(request, queryset):
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _can_change_all(user, clusters) -> bool:
    return all(access.can_change_cluster(user, c) for c in clusters)


def _coordinates_all(user, clusters) -> bool:
    return all(access.coordinates(user, c) for c in clusters)


# --- Dissemination activities ----------------------------------------------------------


def activity_list(request):
    activities = selectors.activity_list(user=request.user)
    kind = request.GET.get("type", "")
    if kind in ActivityType.values:
        activities = activities.filter(activity_type=kind)
    cluster = request.GET.get("cluster", "")
    clusters = access.visible_clusters(request.user).order_by("acronym")
    if cluster:
        activities = activities.filter(clusters__slug=cluster)
    page, query = _page(request, activities)
    context = {
        "page": page,
        "query": query,
        "types": ActivityType.choices,
        "type": kind,
        "clusters": clusters,
        "cluster": cluster,
        "can_add": access.editable_clusters(request.user).exists(),
    }
    return render(request, "dissemination/activity_list.html", context)


def activity_detail(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    clusters = list(activity.clusters.all())
    context = {
        "activity": activity,
        "can_change": _can_change_all(request.user, clusters),
        "can_approve": _coordinates_all(request.user, clusters),
    }
    return render(request, "dissemination/activity_detail.html", context)


@require_http_methods(["GET", "POST"])
def activity_form(request, pk=None):
    activity = selectors.activity_get(user=request.user, pk=pk) if pk else None
    if activity is not None and not _can_change_all(request.user, activity.clusters.all()):
        raise PermissionDenied
    if activity is None and not access.editable_clusters(request.user).exists():
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None, request.FILES or None, instance=activity, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                activity = services.activity_create(
                    actor=request.user,
                    clusters=form.cleaned_data["clusters"],
                    countries=form.cleaned_data["countries"],
                    **form.service_fields(),
                )
            else:
                services.activity_update(
                    actor=request.user,
                    activity=activity,
                    clusters=form.cleaned_data["clusters"],
                    countries=form.cleaned_data["countries"],
                    **form.service_fields(),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("dissemination:activity_detail", pk=activity.pk)
    return _form_page(
        request,
        form,
        activity,
        _("activity"),
        "activity_detail",
        "activity_list",
        template="dissemination/activity_form.html",
    )


@require_POST
def activity_approve(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    try:
        services.activity_approve(
            actor=request.user, activity=activity, approved=request.POST.get("approve") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The public site was updated."))
    return redirect("dissemination:activity_detail", pk=pk)


def activity_evidence(request, pk):
    """Evidence files are private: only someone who may see the activity downloads it."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    if not activity.evidence:
        raise Http404
    response = FileResponse(activity.evidence.open("rb"), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Policy dialogue -------------------------------------------------------------------


def dialogue_list(request):
    page, query = _page(request, selectors.dialogue_list(user=request.user))
    context = {
        "page": page,
        "query": query,
        "overdue": list(selectors.overdue_follow_ups(user=request.user)[:20]),
        "today": timezone.localdate(),
        "can_add": access.editable_clusters(request.user).exists(),
    }
    return render(request, "dissemination/dialogue_list.html", context)


@require_http_methods(["GET", "POST"])
def dialogue_detail(request, pk):
    dialogue = selectors.dialogue_get(user=request.user, pk=pk)
    can_change = access.can_change_cluster(request.user, dialogue.cluster)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        access.require_change(request.user, dialogue.cluster)
        if form.is_valid():
            try:
                services.follow_up_add(actor=request.user, dialogue=dialogue, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The follow-up action was added."))
                return redirect("dissemination:dialogue_detail", pk=pk)
    context = {
        "dialogue": dialogue,
        "form": form,
        "can_change": can_change,
        "today": timezone.localdate(),
    }
    return render(
        request,
        "dissemination/dialogue_detail.html",
        context,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def dialogue_form(request, pk=None):
    dialogue = selectors.dialogue_get(user=request.user, pk=pk) if pk else None
    if dialogue is not None:
        access.require_change(request.user, dialogue.cluster)
    elif not access.editable_clusters(request.user).exists():
        raise PermissionDenied
    form = DialogueForm(request.POST or None, instance=dialogue, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {n: form.cleaned_data[n] for n in services.DIALOGUE_FIELDS}
        try:
            if dialogue is None:
                dialogue = services.dialogue_create(
                    actor=request.user, cluster=form.cleaned_data["cluster"], **fields
                )
            else:
                services.dialogue_update(actor=request.user, dialogue=dialogue, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The policy dialogue was saved."))
            return redirect("dissemination:dialogue_detail", pk=dialogue.pk)
    return _form_page(
        request, form, dialogue, _("policy dialogue"), "dialogue_detail", "dialogue_list"
    )


@require_POST
def follow_up_done(request, pk):
    follow_up = get_object_or_404(
        access.scope(
            FollowUp.objects.select_related("dialogue__cluster"),
            request.user,
            cluster_field="dialogue__cluster",
        ),
        pk=pk,
    )
    services.follow_up_done(actor=request.user, follow_up=follow_up)
    messages.success(request, _("The follow-up action is marked done."))
    return redirect("dissemination:dialogue_detail", pk=follow_up.dialogue_id)


# --- Offers, needs, matches and collaborations -----------------------------------------


def market(request):
    direction = request.GET.get("direction", "")
    posts = selectors.post_list(
        user=request.user, direction=direction if direction in Direction.values else None
    )
    page, query = _page(request, posts)
    context = {
        "page": page,
        "query": query,
        "direction": direction,
        "matches": selectors.suggested_matches(user=request.user, limit=10),
        "mine": set(access.editable_clusters(request.user).values_list("pk", flat=True)),
        "can_add": access.editable_clusters(request.user).exists(),
    }
    return render(request, "dissemination/market.html", context)


@require_http_methods(["GET", "POST"])
def post_detail(request, pk):
    post = selectors.post_get(user=request.user, pk=pk)
    form = InterestForm(request.POST or None, user=request.user, post=post)
    can_express = form.fields["interested_cluster"].queryset.exists() and post.is_open
    if request.method == "POST" and not can_express:
        form.is_valid()
        form.errors.clear()
        form.add_error(
            None,
            _("This is your own cluster's post: interest goes to other clusters' posts.")
            if access.can_change_cluster(request.user, post.cluster)
            else _("You cannot express interest in this post."),
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.interest_express(
                actor=request.user,
                post=post,
                interested_cluster=form.cleaned_data["interested_cluster"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your interest was sent to %(cluster)s. They will accept or decline it.")
                % {"cluster": post.cluster.acronym},
            )
            return redirect("dissemination:collaboration_list")
    context = {
        "post": post,
        "form": form,
        "can_change": access.can_change_cluster(request.user, post.cluster),
        "can_express": can_express,
        "collaborations": selectors.collaboration_list(user=request.user).filter(post=post),
    }
    return render(
        request, "dissemination/post_detail.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def post_form(request, pk=None):
    post = selectors.post_get(user=request.user, pk=pk) if pk else None
    if post is not None:
        access.require_change(request.user, post.cluster)
    elif not access.editable_clusters(request.user).exists():
        raise PermissionDenied
    initial = {"direction": request.GET.get("direction", Direction.OFFER)}
    form = PostForm(request.POST or None, instance=post, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if post is None:
                post = services.post_create(
                    actor=request.user,
                    cluster=form.cleaned_data["cluster"],
                    direction=form.cleaned_data["direction"],
                    **form.service_fields(),
                )
            else:
                services.post_update(actor=request.user, post=post, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Suggested matches are on the market place."))
            return redirect("dissemination:post_detail", pk=post.pk)
    return _form_page(request, form, post, _("offer or need"), "post_detail", "market")


def collaboration_list(request):
    page, query = _page(request, selectors.collaboration_list(user=request.user))
    context = {
        "page": page,
        "query": query,
        "mine": set(access.editable_clusters(request.user).values_list("pk", flat=True)),
    }
    return render(request, "dissemination/collaboration_list.html", context)


@require_POST
def collaboration_answer(request, pk):
    collaboration = selectors.collaboration_get(user=request.user, pk=pk)
    accept = request.POST.get("accept") == "1"
    try:
        services.interest_answer(actor=request.user, collaboration=collaboration, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Accepted: the collaboration is under way.") if accept else _("Declined."),
        )
    return redirect("dissemination:collaboration_list")


@require_http_methods(["GET", "POST"])
def collaboration_detail(request, pk):
    collaboration = selectors.collaboration_get(user=request.user, pk=pk)
    can_change = collaboration.is_formed and (
        access.can_change_cluster(request.user, collaboration.owner_cluster)
        or access.can_change_cluster(request.user, collaboration.interested_cluster)
    )
    form = CollaborationForm(request.POST or None, instance=collaboration)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.collaboration_update(
                    actor=request.user, collaboration=collaboration, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The collaboration was updated."))
                return redirect("dissemination:collaboration_detail", pk=pk)
    context = {
        "collaboration": collaboration,
        "form": form,
        "can_change": can_change,
        "can_answer": collaboration.status == "interested"
        and access.can_change_cluster(request.user, collaboration.owner_cluster),
    }
    return render(request, "dissemination/collaboration_detail.html", context)


# --- Success stories -------------------------------------------------------------------


def story_list(request):
    page, query = _page(request, selectors.story_list(user=request.user))
    context = {
        "page": page,
        "query": query,
        "can_add": access.editable_clusters(request.user).exists(),
    }
    return render(request, "dissemination/story_list.html", context)


def story_detail(request, pk):
    story = selectors.story_get(user=request.user, pk=pk)
    context = {
        "story": story,
        "can_change": access.can_change_cluster(request.user, story.cluster),
        "can_approve": access.coordinates(request.user, story.cluster),
    }
    return render(request, "dissemination/story_detail.html", context)


@require_http_methods(["GET", "POST"])
def story_form(request, pk=None):
    story = selectors.story_get(user=request.user, pk=pk) if pk else None
    if story is not None:
        access.require_change(request.user, story.cluster)
    elif not access.editable_clusters(request.user).exists():
        raise PermissionDenied
    form = StoryForm(request.POST or None, request.FILES or None, instance=story, user=request.user)
    if request.method == "POST" and form.is_valid():
        relations = {
            "other_clusters": form.cleaned_data["other_clusters"],
            "members": form.cleaned_data["members"],
        }
        try:
            if story is None:
                story = services.story_create(
                    actor=request.user,
                    cluster=form.cleaned_data["cluster"],
                    **relations,
                    **form.service_fields(),
                )
            else:
                services.story_update(
                    actor=request.user, story=story, **relations, **form.service_fields()
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The success story was saved."))
            return redirect("dissemination:story_detail", pk=story.pk)
    return _form_page(request, form, story, _("success story"), "story_detail", "story_list")


@require_POST
def story_approve(request, pk):
    story = selectors.story_get(user=request.user, pk=pk)
    try:
        services.story_approve(
            actor=request.user, story=story, approved=request.POST.get("approve") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The public site was updated."))
    return redirect(reverse("dissemination:story_detail", kwargs={"pk": pk}))


def story_picture(request, pk):
    """A story's picture: anyone for a published story (public_views), the portal's users
    for the others they may see."""
    story = selectors.story_get(user=request.user, pk=pk)
    if not story.picture:
        raise Http404
    return FileResponse(story.picture.open("rb"))
