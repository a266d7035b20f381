"""Pages of the trainings app: adapters between HTTP, trainings.selectors (the
visibility rule) and trainings.services."""

import datetime as dt
import mimetypes
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracekei import access

from . import feedback, ical, selectors, services
from .filters import ActivityFilter
from .forms import (
    ActivityForm,
    AssessmentRoundForm,
    AttendanceHoursForm,
    CoreModuleForm,
    FeedbackLaunchForm,
    MaterialForm,
    MentoringPairForm,
    MentoringSessionForm,
    OutsideParticipantForm,
    SelfAssessmentForm,
    UserParticipantForm,
)
from .models import CalendarFeed, CoreModule, Material, Participation

ACTIVITIES_PER_PAGE = 25
#: The calendar shows this many months at a time, this many activities a page.
CALENDAR_MONTHS = 3
CALENDAR_ACTIVITIES_PER_PAGE = 100


def _filtered(request):
    activity_filter = ActivityFilter(
        request.GET, queryset=selectors.activity_list(user=request.user), request=request
    )
    valid = activity_filter.is_valid()
    activities = activity_filter.qs if valid else activity_filter.queryset.none()
    return activity_filter, activities, valid


def activity_list(request):
    activity_filter, activities, valid = _filtered(request)
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": activity_filter,
        "page": page,
        "query": query.urlencode(),
        "when": request.GET.get("when", ""),
        "can_create": access.editable_clusters(request.user).exists(),
    }
    return render(request, "trainings/activity_list.html", context, status=200 if valid else 400)


def _detail_context(request, activity, *, material_form=None) -> dict:
    can_change = selectors.can_change_activity(request.user, activity)
    people = selectors.participants(activity)
    mine = next((p for p in people if p.user_id == request.user.pk), None)
    today = timezone.localdate()
    return {
        "activity": activity,
        "can_change": can_change,
        "may_see_private": can_change or mine is not None,
        "participants": people,
        "mine": mine,
        "days": activity.days,
        "past_days": [day for day in activity.days if day <= today],
        "materials": activity.materials.all() if (can_change or mine) else [],
        "material_form": material_form or (MaterialForm() if can_change else None),
        "is_open": activity.status != "cancelled",
        # Certificates of attendance: held activities, attendees only (trainings.pdf).
        "certificates": activity.status == "held",
        "feedback": feedback.feedback_panel(
            user=request.user,
            activity=activity,
            can_change=can_change,
            attended=sum(1 for p in people if p.days_attended),
        ),
    }


def activity_detail(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    return render(request, "trainings/activity_detail.html", _detail_context(request, activity))


def _editable_clusters(user):
    return access.editable_clusters(user).order_by("acronym")


@require_http_methods(["GET", "POST"])
def activity_create(request):
    organisers = _editable_clusters(request.user)
    if not organisers.exists():
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None,
        organising_clusters=organisers,
        host_clusters=selectors.clusters_of_projects(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user,
                organising_cluster=form.cleaned_data["organising_cluster"],
                modules=form.cleaned_data["modules"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity was created."))
            return redirect(activity)
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/activity_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def activity_update(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    selectors.require_change_activity(request.user, activity)
    saved_title = activity.title
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        organising_clusters=_editable_clusters(request.user),
        host_clusters=selectors.clusters_of_projects(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                modules=form.cleaned_data["modules"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes were saved."))
            return redirect(activity)
    context = {"form": form, "activity": activity, "saved_title": saved_title}
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/activity_form.html", context, status=status)


@require_POST
def register_self(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    try:
        services.participation_register(actor=request.user, activity=activity, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are registered."))
    return redirect(activity)


@require_POST
def participant_remove(request, pk, participation_pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    participation = get_object_or_404(Participation, pk=participation_pk, activity=activity)
    try:
        services.participation_remove(actor=request.user, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration was removed."))
    return redirect(activity)


@require_http_methods(["GET", "POST"])
def participant_add(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    selectors.require_change_activity(request.user, activity)
    users = services.users_of_project(activity.organising_cluster.project_id).exclude(
        participations__activity=activity
    )
    kind = request.POST.get("kind", "user")
    user_form = UserParticipantForm(
        request.POST if kind == "user" else None, users=users.order_by("full_name")
    )
    outside_form = OutsideParticipantForm(request.POST if kind == "outside" else None)
    form = user_form if kind == "user" else outside_form
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_register(
                actor=request.user, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant was registered."))
            return redirect(activity)
    context = {"activity": activity, "user_form": user_form, "outside_form": outside_form}
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/participant_form.html", context, status=status)


def _days_from(request, activity, name):
    chosen = set(request.POST.getlist(name))
    return [day for day in activity.days if day.isoformat() in chosen]


@require_POST
def my_attendance(request, pk):
    """A registered participant ticks the days they were there."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    try:
        services.attendance_set(
            actor=request.user,
            activity=activity,
            user=request.user,
            days=_days_from(request, activity, "day"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your attendance was saved."))
    return redirect(activity)


@require_http_methods(["GET", "POST"])
def attendance_edit(request, pk):
    """The organiser's grid: participants x days, and the hours of each day."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    selectors.require_change_activity(request.user, activity)
    people = selectors.participants(activity)
    form = AttendanceHoursForm(
        request.POST or None, days=activity.days, recorded=selectors.day_hours(activity)
    )
    errors = []
    if request.method == "POST":
        marks = {p.pk: _days_from(request, activity, f"p{p.pk}") for p in people}
        for person in people:  # what was ticked stays ticked if nothing is saved
            person.days_attended = set(marks[person.pk])
        if form.is_valid():
            try:
                services.attendance_grid_save(
                    actor=request.user, activity=activity, marks=marks, hours=form.hours()
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                    form.add_error(None, error)
                else:
                    errors = error.messages
            else:
                messages.success(request, _("Attendance was saved."))
                return redirect(activity)
    context = {
        "activity": activity,
        "participants": people,
        "days": activity.days,
        "form": form,
        "errors": errors,
    }
    status = 400 if errors or form.errors else 200
    return render(request, "trainings/attendance_form.html", context, status=status)


@require_POST
def material_upload(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    selectors.require_change_activity(request.user, activity)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                actor=request.user,
                activity=activity,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = _detail_context(request, activity, material_form=form)
        return render(request, "trainings/activity_detail.html", context, status=400)
    messages.success(request, _("The file was added."))
    return redirect(activity)


@never_cache
def material_download(request, pk, material_pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    if not selectors.may_see_private(request.user, activity):
        raise Http404
    material = get_object_or_404(Material, pk=material_pk, activity=activity)
    content_type = mimetypes.guess_type(material.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Feedback after the activity (trainings.feedback, through the surveys engine) ------


@require_http_methods(["GET", "POST"])
def feedback_launch(request, pk):
    """Who will be asked (and who cannot be), the closing day, then send: the confirming
    step before the e-mails go out."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    selectors.require_change_activity(request.user, activity)
    campaign = feedback.campaign_of(activity)
    form = FeedbackLaunchForm(request.POST or None)
    reason = feedback.why_not(activity)
    if request.method == "POST" and form.is_valid():
        try:
            launched = feedback.feedback_launch(
                actor=request.user, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                form.add_error(None, error)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "The feedback form is on its way to %(count)d attendee.",
                    "The feedback form is on its way to %(count)d attendees.",
                    launched.invited,
                )
                % {"count": launched.invited},
            )
            return redirect(f"{activity.get_absolute_url()}#feedback-heading")
    context = {
        "activity": activity,
        "form": form,
        "reason": reason,
        "campaign": campaign,
        "recipients": feedback.recipients_preview(activity),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/feedback_launch.html", context, status=status)


# --- Calendar -------------------------------------------------------------------------


def _month(value: str | None) -> dt.date | None:
    """``2026-11`` -> 1 November 2026; anything else -> None (the default window)."""
    try:
        return dt.date.fromisoformat(f"{value}-01") if value and len(value) == 7 else None
    except ValueError:
        return None


def _month_text(month: dt.date) -> str:
    return f"{month.year:04}-{month.month:02}"


def _add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def calendar_page(request):
    """A window of CALENDAR_MONTHS months (``?month=YYYY-MM``, by default the month of the
    current or next activity), a page of activities at a time: a programme has thousands."""
    activity_filter = ActivityFilter(
        request.GET, queryset=selectors.calendar_activities(user=request.user), request=request
    )
    valid = activity_filter.is_valid()
    activities = activity_filter.qs if valid else activity_filter.queryset.none()
    today = timezone.localdate()
    first = _month(request.GET.get("month")) or selectors.calendar_default_month(
        activities, today=today
    )
    try:
        after = _add_months(first, CALENDAR_MONTHS)
    except ValueError:  # past the year 9999
        after = dt.date.max
    in_window = activities.filter(end_date__gte=first, start_date__lt=after).order_by(
        "start_date", "pk"
    )
    page = Paginator(in_window, CALENDAR_ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    months = [
        (month, list(items))
        for month, items in groupby(
            page.object_list, key=lambda a: max(a.start_date, first).replace(day=1)
        )
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query["month"] = _month_text(first)

    def moved(count):
        other = query.copy()
        try:
            other["month"] = _month_text(_add_months(first, count))
        except ValueError:  # before the year 1 or after 9999
            return None
        return other.urlencode()

    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {
        "filter": activity_filter,
        "months": months,
        "page": page,
        "query": query.urlencode(),
        "window_first": first,
        "window_last": after - dt.timedelta(days=1),
        "month": _month_text(first),
        "earlier": moved(-CALENDAR_MONTHS),
        "later": moved(CALENDAR_MONTHS),
        "today": today,
        "feed_url": request.build_absolute_uri(
            reverse("trainings:user_feed", kwargs={"token": feed.token})
        )
        if feed
        else None,
    }
    return render(request, "trainings/calendar.html", context, status=200 if valid else 400)


@require_POST
def calendar_feed_renew(request):
    services.calendar_feed_renew(actor=request.user)
    messages.success(request, _("Your calendar address is ready. An older one no longer works."))
    return redirect("trainings:calendar")


@require_POST
def calendar_feed_revoke(request):
    services.calendar_feed_revoke(actor=request.user)
    messages.success(request, _("Your calendar address was switched off."))
    return redirect("trainings:calendar")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def activity_ics(request, pk):
    activity = selectors.activity_get(user=request.user, pk=pk)
    return _ics_response(
        ical.calendar([activity], name=activity.title), f"activity-{activity.pk}.ics"
    )


@login_not_required
@never_cache
@require_GET
def user_feed(request, token):
    """Fetched by calendar programs without a session: the secret token is the key, and
    the feed shows exactly what its owner may see today."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    activities = selectors.feed_activities(feed.user).order_by("start_date", "pk")
    return _ics_response(
        ical.calendar(activities, name=_("TRACE-KEI activities")), "tracekei-activities.ics"
    )


# --- Skills ---------------------------------------------------------------------------


def _project_ids(request):
    ids = selectors.user_project_ids(request.user)
    if not ids:
        raise Http404
    return ids


def skills(request):
    """The knowledge-gap matrix of a round, before/after progress and the modules most
    needed. A manager sees their own row; the coordinator every manager."""
    rounds = list(selectors.rounds_for(request.user).select_related("project"))
    chosen = None
    wanted = request.GET.get("round")
    if wanted:
        chosen = next((r for r in rounds if str(r.pk) == wanted), None)
        if chosen is None:
            raise Http404
    elif rounds:
        chosen = rounds[-1]
    project_ids = selectors.user_project_ids(request.user)
    project_id = chosen.project_id if chosen else (project_ids[0] if project_ids else None)
    context = {
        "rounds": rounds,
        "round": chosen,
        "matrix": selectors.gap_matrix(user=request.user, assessment_round=chosen)
        if chosen
        else None,
        "progress": selectors.progress(user=request.user, project_id=project_id)
        if project_id
        else None,
        "needs": selectors.modules_most_needed(assessment_round=chosen) if chosen else [],
        "sees_all": bool(project_id) and selectors.sees_all_skills(request.user, project_id),
        "is_manager": bool(project_id) and selectors.is_manager_in(request.user, project_id),
        "open_rounds": [r for r in rounds if r.is_open],
        "levels": range(1, 6),
    }
    return render(request, "trainings/skills.html", context)


@require_http_methods(["GET", "POST"])
def round_create(request):
    project_ids = _project_ids(request)
    from clusters.models import Project

    project = Project.objects.get(pk=project_ids[0])
    if not selectors.sees_all_skills(request.user, project.pk):
        raise PermissionDenied
    form = AssessmentRoundForm(
        request.POST or None, initial={"opened_on": timezone.localdate(), "kind": "after"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_round_open(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The round is open. Managers find it under Skills: Rate yourself.")
            )
            return redirect("trainings:skills")
    return render(request, "trainings/round_form.html", {"form": form})


@require_POST
def round_close(request, pk):
    assessment_round = selectors.round_get(user=request.user, pk=pk)
    services.assessment_round_close(actor=request.user, assessment_round=assessment_round)
    messages.success(request, _("The round is closed."))
    return redirect("trainings:skills")


@require_http_methods(["GET", "POST"])
def assess(request, pk):
    """A manager's self-assessment in one round: 1-5 for every core module."""
    assessment_round = selectors.round_get(user=request.user, pk=pk)
    if not selectors.is_manager_in(request.user, assessment_round.project_id):
        raise PermissionDenied
    form = SelfAssessmentForm(
        request.POST or None,
        modules=CoreModule.objects.filter(is_active=True),
        initial_levels=selectors.my_ratings(user=request.user, assessment_round=assessment_round),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_submit(
                actor=request.user, assessment_round=assessment_round, levels=form.levels()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your self-assessment was saved."))
            return redirect(f"{reverse('trainings:skills')}?round={assessment_round.pk}")
    context = {"form": form, "round": assessment_round}
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/assess.html", context, status=status)


@require_http_methods(["GET", "POST"])
def modules(request):
    """The core-module catalogue; coordinators add and edit modules."""
    can_edit = access.is_coordinator(request.user)
    module = None
    edit = request.GET.get("edit", "")
    if edit and can_edit:
        if not edit.isdigit():
            raise Http404
        module = get_object_or_404(CoreModule, pk=int(edit))
    form = CoreModuleForm(request.POST or None, instance=module) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.module_save(actor=request.user, module=module, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The core module was saved."))
                return redirect("trainings:modules")
    context = {
        "modules": CoreModule.objects.all(),
        "form": form,
        "module": module,
        "can_edit": can_edit,
    }
    return render(
        request, "trainings/modules.html", context, status=400 if form and form.errors else 200
    )


# --- Mentoring -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def mentoring(request):
    project_ids = selectors.user_project_ids(request.user)
    project_id = project_ids[0] if project_ids else None
    can_pair = bool(project_id) and selectors.sees_all_skills(request.user, project_id)
    form = None
    if can_pair:
        managers = selectors.managers_of_project(project_id).order_by("full_name")
        form = MentoringPairForm(request.POST or None, managers=managers)
        if request.method == "POST" and form.is_valid():
            from clusters.models import Project

            try:
                services.mentoring_pair_create(
                    actor=request.user,
                    project=Project.objects.get(pk=project_id),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The mentoring pair was created."))
                return redirect("trainings:mentoring")
    elif request.method == "POST":
        raise PermissionDenied
    pairs = list(selectors.mentoring_pairs(user=request.user).order_by("started_on", "pk"))
    for pair in pairs:  # one form per pair, each with its own field ids
        pair.session_form = MentoringSessionForm(prefix=f"pair{pair.pk}")
    context = {"pairs": pairs, "form": form}
    return render(
        request, "trainings/mentoring.html", context, status=400 if form and form.errors else 200
    )


@require_POST
def mentoring_session(request, pk):
    pair = get_object_or_404(selectors.mentoring_pairs(user=request.user), pk=pk)
    form = MentoringSessionForm(request.POST, prefix=f"pair{pair.pk}")
    if form.is_valid():
        try:
            services.mentoring_session_log(actor=request.user, pair=pair, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The session was logged."))
    else:
        messages.error(
            request,
            " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
        )
    return redirect("trainings:mentoring")


# --- Certificates of attendance (rendered by the reports layer) ---------------------------


@require_POST
def certificates(request, pk, participation_pk=None):
    """Ask for the certificates of a held activity: every attendee's (whoever may change
    the activity) or one attendee's (them too, or the attendee themselves). Anything
    else, a no-show included, to who sees the activity: 403 (who does not: 404)."""
    from django.utils.translation import get_language

    from .pdf import certificate_request

    activity = selectors.activity_get(user=request.user, pk=pk)
    participation = None
    if participation_pk is not None:
        participation = get_object_or_404(activity.participations, pk=participation_pk)
    row = certificate_request(
        actor=request.user,
        activity=activity,
        participation=participation,
        language=get_language(),
    )
    return redirect("reports:detail", pk=row.pk)
