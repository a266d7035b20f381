"""Pages of the strategy app: adapters between HTTP, the scoped selectors and the services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clusters import selectors as cluster_selectors
from tracekei import access

from . import charts, forms, selectors, services
from .matching import match_strategies
from .models import (
    HEADINGS,
    SHARED_HEADINGS,
    Feedback,
    Goal,
    JointStrategy,
    PlannedService,
    RevenuePlanLine,
    Ris3Priority,
)


def _add_error(form, error: ValidationError) -> None:
    form.add_error(None, error)


# --- Strategies and versions ----------------------------------------------------------


def strategy_list(request):
    strategies = selectors.with_current(selectors.strategy_list(user=request.user))
    editable = access.editable_clusters(request.user).order_by("acronym")
    context = {"strategies": strategies, "editable_clusters": editable}
    return render(request, "strategy/strategy_list.html", context)


@require_http_methods(["GET", "POST"])
def strategy_create(request, slug):
    cluster = cluster_selectors.cluster_get(user=request.user, slug=slug)
    access.require_change(request.user, cluster)
    form = forms.StrategyForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_create(
                actor=request.user, cluster=cluster, **form.cleaned_data
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The strategy was created with a first draft."))
            return redirect(strategy)
    return render(request, "strategy/strategy_form.html", {"form": form, "cluster": cluster})


def strategy_detail(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    latest = selectors.with_current([strategy])[0].latest
    if latest is None:
        raise Http404
    return version_detail(request, pk, latest.number)


def version_detail(request, pk, number):
    version = selectors.version_get(user=request.user, strategy_pk=pk, number=number)
    strategy = version.strategy
    indicators = selectors.indicators_of(strategy)
    feedback = selectors.feedback_by_heading(version)
    headings = [
        {
            "name": name,
            "label": label,
            "text": getattr(version, name),
            "shared": (name, label) in SHARED_HEADINGS,
            "feedback": feedback.get(name, []),
        }
        for name, label in HEADINGS
    ]
    selectors.link_goals_to_stages(version.goals.all(), strategy.chain_stages.all())
    context = {
        "strategy": strategy,
        "version": version,
        "versions": list(strategy.versions.order_by("-number")),
        "headings": headings,
        "general_feedback": feedback.get("general", []),
        "indicators": indicators,
        "checklist": selectors.shared_headings_filled(version),
        "open_consultation": version.consultations.filter(closed_at__isnull=True).first(),
        "can_change": access.can_change_cluster(request.user, strategy.cluster),
    }
    return render(request, "strategy/version_detail.html", context)


def _editable_version(request, pk, number):
    version = selectors.version_get(user=request.user, strategy_pk=pk, number=number)
    access.require_change(request.user, version.strategy.cluster)
    return version


@require_http_methods(["GET", "POST"])
def version_edit(request, pk, number):
    version = _editable_version(request, pk, number)
    if not version.is_editable:
        messages.error(request, _("An adopted version cannot be changed; create a new version."))
        return redirect(version)
    saved = {name: getattr(version, name) for name in version.CONTENT_FIELDS}
    form = forms.HeadingsForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(version)
    for name, value in saved.items():  # the form wrote typed values onto the instance
        setattr(version, name, value)
    return render(request, "strategy/version_edit.html", _edit_context(version, form=form))


def _child_form_kwargs(version, kind) -> dict:
    cluster = version.strategy.cluster
    if kind == "goal":
        return {"priorities": selectors.ris3_for_cluster(cluster)}
    if kind == "service":
        return {"services": selectors.catalogue_services(cluster)}
    return {}


def _edit_context(version, **bound) -> dict:
    """The draft editor: the headings form and the three add forms (``bound`` replaces
    the ones that were posted)."""
    context = {
        "version": version,
        "strategy": version.strategy,
        "form": forms.HeadingsForm(instance=version),
        "confirm": None,
    }
    for kind, (form_class, _service) in _CHILD_FORMS.items():
        context[f"{kind}_form"] = form_class(prefix=kind, **_child_form_kwargs(version, kind))
    context.update(bound)
    return context


_CHILD_FORMS = {
    "goal": (forms.GoalForm, services.goal_save),
    "service": (forms.PlannedServiceForm, services.planned_service_add),
    "revenue": (forms.RevenueLineForm, services.revenue_line_add),
}


@require_POST
def version_item_add(request, pk, number, kind):
    """Add a goal, a planned service or a revenue line to a draft."""
    if kind not in _CHILD_FORMS:
        raise Http404
    version = _editable_version(request, pk, number)
    form_class, service = _CHILD_FORMS[kind]
    extra = _child_form_kwargs(version, kind)
    picked = request.POST.get("service-service", "") if kind == "service" else ""
    if picked.isdigit() and not extra["services"].filter(pk=picked).exists():
        raise Http404  # another cluster's service (or none): not yours
    form = form_class(request.POST, prefix=kind, **extra)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            service(actor=request.user, version=version, **data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect("strategy:version_edit", pk=pk, number=number)
    context = _edit_context(version, **{f"{kind}_form": form})
    return render(request, "strategy/version_edit.html", context, status=400)


def _confirm_remove(request, *, strategy, what, back, refusal=""):
    """The confirmation step before a removal (a page, so it works without JavaScript);
    ``refusal`` says why it cannot be done instead of offering the button."""
    context = {"strategy": strategy, "what": what, "back": back, "refusal": refusal}
    return render(request, "strategy/confirm_remove.html", context)


@require_http_methods(["GET", "POST"])
def version_item_delete(request, pk, number, kind, item):
    """GET asks for confirmation; POST removes the goal, planned service or revenue line."""
    version = _editable_version(request, pk, number)
    model = {"goal": Goal, "service": PlannedService, "revenue": RevenuePlanLine}.get(kind)
    if model is None:
        raise Http404
    row = get_object_or_404(model, pk=item, version=version)
    back = reverse("strategy:version_edit", kwargs={"pk": pk, "number": number})
    if request.method == "GET":
        return _confirm_remove(request, strategy=version.strategy, what=str(row), back=back)
    try:
        services.child_delete(actor=request.user, row=row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect(back)


@require_POST
def version_next(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    access.require_change(request.user, strategy.cluster)
    try:
        version = services.version_create_next(actor=request.user, strategy=strategy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(strategy)
    messages.success(
        request,
        _("Version %(number)d was started from the previous one.") % {"number": version.number},
    )
    return redirect("strategy:version_edit", pk=pk, number=version.number)


@require_http_methods(["GET", "POST"])
def version_adopt(request, pk, number):
    version = _editable_version(request, pk, number)
    form = forms.AdoptForm(request.POST or None, initial={"adopted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.version_adopt(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("The strategy was adopted. It now counts as a new strategy.")
            )
            return redirect(version)
    context = {
        "version": version,
        "strategy": version.strategy,
        "form": form,
        "checklist": selectors.shared_headings_filled(version),
        "pending": selectors.feedback_pending(version),
    }
    return render(
        request, "strategy/version_adopt.html", context, status=400 if form.errors else 200
    )


def version_history(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    versions = list(strategy.versions.order_by("-number"))
    return render(
        request, "strategy/version_history.html", {"strategy": strategy, "versions": versions}
    )


def version_compare(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    versions = list(strategy.versions.order_by("number"))
    numbers = [v.number for v in versions]
    try:
        old = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[0]))
        new = int(request.GET.get("b", numbers[-1]))
    except (TypeError, ValueError):
        old = new = None
    if old not in numbers or new not in numbers:
        context = {"strategy": strategy, "versions": versions, "error": True}
        return render(request, "strategy/version_compare.html", context, status=400)
    diffs = selectors.compare_versions(
        selectors.version_get(user=request.user, strategy_pk=pk, number=old),
        selectors.version_get(user=request.user, strategy_pk=pk, number=new),
    )
    context = {"strategy": strategy, "versions": versions, "old": old, "new": new, "diffs": diffs}
    return render(request, "strategy/version_compare.html", context)


# --- Consultation -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consultation(request, pk, number):
    version = selectors.version_get(user=request.user, strategy_pk=pk, number=number)
    can_change = access.can_change_cluster(request.user, version.strategy.cluster)
    members = version.strategy.cluster.members.filter(left_on__isnull=True).order_by("name")
    open_form = forms.ConsultationOpenForm(request.POST or None, members=members)
    new_links = None
    status = 200
    if request.method == "POST":
        access.require_change(request.user, version.strategy.cluster)
        if open_form.is_valid():
            try:
                _consultation, new_links = services.consultation_open(
                    actor=request.user,
                    version=version,
                    respondents=open_form.respondents(),
                    message=open_form.cleaned_data["message"],
                )
            except ValidationError as error:
                _add_error(open_form, error)
                status = 400
            else:
                version.refresh_from_db()
                messages.success(
                    request, _("The consultation is open. Copy the links now: they are shown once.")
                )
        else:
            status = 400
    current = version.consultations.filter(closed_at__isnull=True).first()
    feedback = selectors.feedback_by_heading(version)
    context = {
        "strategy": version.strategy,
        "version": version,
        "can_change": can_change,
        "open_form": open_form,
        "new_links": [
            (link, request.build_absolute_uri(f"/consult/{token}/"))
            for link, token in new_links or []
        ],
        "consultation": current,
        "links": list(current.links.all()) if current else [],
        "headings": [
            {"label": label, "name": name, "feedback": feedback.get(name, [])}
            for name, label in [*HEADINGS, ("general", _("General"))]
        ],
        "record_form": forms.RecordFeedbackForm(prefix="record"),
        "handling_choices": forms.HandlingForm().fields["handling"].choices,
    }
    return render(request, "strategy/consultation.html", context, status=status)


def _consultation_of(request, pk, number):
    version = _editable_version(request, pk, number)
    current = version.consultations.filter(closed_at__isnull=True).first()
    if current is None:
        raise Http404
    return version, current


@require_POST
def consultation_close(request, pk, number):
    _version, current = _consultation_of(request, pk, number)
    services.consultation_close(actor=request.user, consultation=current)
    messages.success(request, _("The consultation is closed; its links no longer work."))
    return redirect("strategy:consultation", pk=pk, number=number)


@require_POST
def feedback_record(request, pk, number):
    _version, current = _consultation_of(request, pk, number)
    form = forms.RecordFeedbackForm(request.POST, prefix="record")
    if form.is_valid():
        try:
            services.feedback_record(actor=request.user, consultation=current, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The feedback was recorded."))
    else:
        messages.error(request, _("Choose a heading and write the comment and who made it."))
    return redirect("strategy:consultation", pk=pk, number=number)


@require_POST
def feedback_handle(request, pk, number, item):
    version = selectors.version_get(user=request.user, strategy_pk=pk, number=number)
    access.require_change(request.user, version.strategy.cluster)
    feedback = get_object_or_404(Feedback, pk=item, consultation__version=version)
    form = forms.HandlingForm(request.POST, instance=feedback)
    if form.is_valid():
        services.feedback_mark_handled(
            actor=request.user,
            feedback=feedback,
            handling=form.cleaned_data["handling"],
            note=form.cleaned_data["handling_note"],
        )
        messages.success(request, _("The handling was saved."))
    else:
        messages.error(request, _("Choose how the point was handled."))
    return redirect("strategy:consultation", pk=pk, number=number)


def _no_referrer(response):
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    """A member or policy maker answers through their personal link, without an account.
    An unknown or closed link gets the same page, which says nothing about why.

    No CSRF check: there is no session to ride on, the secret token in the address is the
    credential, and a forger who knows it could post directly anyway. (With the
    no-referrer policy the browser sends "Origin: null", which Django's check refuses.)
    The language is chosen with ?language= links, for the same reason."""
    language = request.GET.get("language")
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language
    link = services.consultation_link_for_token(token)
    if link is None:
        return _no_referrer(render(request, "strategy/respond_closed.html", status=404))
    version = link.consultation.version
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(consultation=link.consultation, link=link, **form.cleaned_data)
        except ValidationError:
            return _no_referrer(render(request, "strategy/respond_closed.html", status=404))
        form = forms.FeedbackForm()
        messages.success(request, _("Thank you: your comment was sent. You can add another."))
    headings = [
        {"name": name, "label": label, "text": getattr(version, name)} for name, label in HEADINGS
    ]
    context = {
        "link": link,
        "version": version,
        "cluster": version.strategy.cluster,
        "headings": headings,
        "form": form,
        "given": link.feedback.order_by("created_at"),
    }
    context["languages"] = settings.LANGUAGES
    context["language_query"] = (
        f"?language={language}" if language in dict(settings.LANGUAGES) else ""
    )
    status = 400 if form.errors else 200
    return _no_referrer(render(request, "strategy/respond.html", context, status=status))


# --- Indicators and value chain ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def indicators(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    can_change = access.can_change_cluster(request.user, strategy.cluster)
    is_value = "value-indicator" in request.POST
    form = forms.IndicatorForm(
        request.POST if request.method == "POST" and not is_value else None, prefix="indicator"
    )
    value_form = forms.IndicatorValueForm(
        request.POST if is_value else None, prefix="value", indicators=strategy.indicators.all()
    )
    status = 200
    if request.method == "POST":
        access.require_change(request.user, strategy.cluster)
        bound = value_form if is_value else form
        if bound.is_valid():
            data = dict(bound.cleaned_data)
            try:
                if is_value:
                    services.indicator_value_record(actor=request.user, **data)
                else:
                    services.indicator_save(actor=request.user, strategy=strategy, **data)
            except ValidationError as error:
                _add_error(bound, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("strategy:indicators", pk=pk)
        status = 400
    rows = []
    for indicator in selectors.indicators_of(strategy):
        values = list(indicator.values.all())
        chart = charts.indicator_chart(indicator, values)
        rows.append({"indicator": indicator, "values": values, "chart": chart})
    context = {
        "strategy": strategy,
        "rows": rows,
        "form": form,
        "value_form": value_form,
        "can_change": can_change,
    }
    return render(request, "strategy/indicators.html", context, status=status)


@require_http_methods(["GET", "POST"])
def value_chain(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    can_change = access.can_change_cluster(request.user, strategy.cluster)
    members = strategy.cluster.members.order_by("name")
    form = forms.ChainStageForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        access.require_change(request.user, strategy.cluster)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.chain_stage_save(
                    actor=request.user, strategy=strategy, members=data.pop("members"), **data
                )
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The stage was added."))
                return redirect("strategy:value_chain", pk=pk)
        status = 400
    stages = list(strategy.chain_stages.prefetch_related("members"))
    latest = selectors.with_current([strategy])[0].latest
    selectors.link_goals_to_stages(latest.goals.all() if latest else [], stages)
    context = {"strategy": strategy, "stages": stages, "form": form, "can_change": can_change}
    return render(request, "strategy/value_chain.html", context, status=status)


def _item_form(request, *, strategy, form, item, back, status=200):
    context = {"strategy": strategy, "form": form, "item": item, "back": back}
    return render(request, "strategy/item_form.html", context, status=status)


def _changeable_strategy(request, pk):
    strategy = selectors.strategy_get(user=request.user, pk=pk)
    access.require_change(request.user, strategy.cluster)
    return strategy


@require_http_methods(["GET", "POST"])
def chain_stage_edit(request, pk, item):
    strategy = _changeable_strategy(request, pk)
    stage = get_object_or_404(strategy.chain_stages, pk=item)
    name = stage.name
    members = strategy.cluster.members.order_by("name")
    form = forms.ChainStageForm(request.POST or None, instance=stage, members=members)
    back = reverse("strategy:value_chain", kwargs={"pk": pk})
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.chain_stage_save(
                    actor=request.user,
                    strategy=strategy,
                    stage=stage,
                    members=data.pop("members"),
                    **data,
                )
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{back}#stage-{stage.pk}")
        return _item_form(request, strategy=strategy, form=form, item=name, back=back, status=400)
    return _item_form(request, strategy=strategy, form=form, item=name, back=back)


@require_http_methods(["GET", "POST"])
def chain_stage_delete(request, pk, item):
    strategy = _changeable_strategy(request, pk)
    stage = get_object_or_404(strategy.chain_stages, pk=item)
    back = reverse("strategy:value_chain", kwargs={"pk": pk})
    if request.method == "GET":
        return _confirm_remove(request, strategy=strategy, what=stage.name, back=back)
    services.chain_stage_delete(actor=request.user, stage=stage)
    messages.success(request, _("Removed."))
    return redirect(back)


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, item):
    strategy = _changeable_strategy(request, pk)
    indicator = get_object_or_404(strategy.indicators, pk=item)
    name = indicator.name
    form = forms.IndicatorForm(request.POST or None, instance=indicator, prefix="indicator")
    back = reverse("strategy:indicators", kwargs={"pk": pk})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.indicator_save(
                    actor=request.user, strategy=strategy, indicator=indicator, **form.cleaned_data
                )
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{back}#ind-{indicator.pk}")
        return _item_form(request, strategy=strategy, form=form, item=name, back=back, status=400)
    return _item_form(request, strategy=strategy, form=form, item=name, back=back)


@require_http_methods(["GET", "POST"])
def indicator_delete(request, pk, item):
    strategy = _changeable_strategy(request, pk)
    indicator = get_object_or_404(strategy.indicators, pk=item)
    back = reverse("strategy:indicators", kwargs={"pk": pk})
    if request.method == "POST":
        try:
            services.indicator_delete(actor=request.user, indicator=indicator)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Removed."))
            return redirect(back)
    else:
        refusal = services.indicator_delete_refusal(indicator)
    response = _confirm_remove(
        request, strategy=strategy, what=indicator.name, back=back, refusal=refusal
    )
    if refusal and request.method == "POST":
        response.status_code = 400
    return response


# --- RIS3 and the consortium ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ris3_list(request):
    project = selectors.visible_project(request.user)
    if project is None:
        raise Http404
    if request.method == "POST":  # the coordinator's: 403 for anyone else, before the form
        services.require_coordinator_of_project(request.user, project)
    is_coordinator = access.is_coordinator(request.user)
    form = forms.Ris3PriorityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ris3_priority_save(
                    actor=request.user, project=project, **form.cleaned_data
                )
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The priority was added."))
                return redirect("strategy:ris3")
        status = 400
    priorities = list(selectors.ris3_list(project=project))
    versions = selectors.adopted_versions(user=request.user, project=project)
    context = {
        "alignment": selectors.ris3_alignment(versions, priorities),
        "form": form,
        "is_coordinator": is_coordinator,
    }
    return render(request, "strategy/ris3.html", context, status=status)


@require_http_methods(["GET", "POST"])
def ris3_edit(request, item):
    project = selectors.project_for_coordinator(request.user)
    priority = get_object_or_404(Ris3Priority, pk=item, project=project)
    form = forms.Ris3PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        try:
            services.ris3_priority_save(
                actor=request.user, project=project, priority=priority, **form.cleaned_data
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The priority was saved."))
            return redirect("strategy:ris3")
    return render(request, "strategy/ris3_edit.html", {"form": form, "priority": priority})


def _joint(request):
    project = selectors.project_for_coordinator(request.user)
    joint = JointStrategy.objects.filter(project=project).first()
    return project, joint


@require_http_methods(["GET", "POST"])
def joint_strategy(request):
    project, joint = _joint(request)
    if joint is None:
        joint = services.joint_strategy_get_or_create(actor=request.user, project=project)
    initial = {name: getattr(joint, name) for name in forms.JointHeadingsForm.base_fields}
    form = forms.JointHeadingsForm(request.POST or None, initial=initial)
    adopt_form = forms.AdoptForm(prefix="adopt", initial={"adopted_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and "adopt-adopted_on" in request.POST:
        adopt_form = forms.AdoptForm(request.POST, prefix="adopt")
        form = forms.JointHeadingsForm(initial=initial)
        if adopt_form.is_valid():
            try:
                services.joint_strategy_adopt(
                    actor=request.user, joint=joint, **adopt_form.cleaned_data
                )
            except ValidationError as error:
                _add_error(adopt_form, error)
            else:
                messages.success(request, _("The joint strategy was adopted."))
                return redirect("strategy:joint")
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.joint_strategy_update(actor=request.user, joint=joint, **form.cleaned_data)
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The joint strategy was saved."))
                return redirect("strategy:joint")
        status = 400
    context = {
        "joint": joint,
        "form": form,
        "adopt_form": adopt_form,
        "goals": joint.goals.prefetch_related("clusters"),
        "headings": [(label, getattr(joint, name)) for name, label in SHARED_HEADINGS],
    }
    return render(request, "strategy/joint.html", context, status=status)


@require_http_methods(["GET", "POST"])
def matching_view(request):
    project, joint = _joint(request)
    versions = selectors.adopted_versions(user=request.user, project=project)
    clusters = access.visible_clusters(request.user).filter(project=project).order_by("acronym")
    form = forms.JointGoalForm(request.POST or None, clusters=clusters)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if joint is None:
                joint = services.joint_strategy_get_or_create(actor=request.user, project=project)
            try:
                services.joint_goal_create_from_match(
                    actor=request.user, joint=joint, **form.cleaned_data
                )
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The joint goal was added to the joint strategy."))
                return redirect("strategy:matching")
        status = 400
    result = match_strategies(selectors.matching_profiles(versions))
    cluster_pks = {c.acronym: c.pk for c in clusters}
    context = {
        "versions": versions,
        "result": result,
        "form": form,
        "cluster_pks": cluster_pks,
        "joint": joint,
    }
    return render(request, "strategy/matching.html", context, status=status)


# --- PDF documents (rendered by the reports layer: strategy.pdf) --------------------------


@require_POST
def version_pdf(request, pk, number):
    """Ask for this version's strategy document; follow it on the report's page. Who
    reads the version but may not have its document (a viewer): 403; who cannot see the
    version: 404."""
    from django.utils.translation import get_language

    from tracekei.reports import services as reports_services

    version = selectors.version_get(user=request.user, strategy_pk=pk, number=number)
    cluster = version.strategy.cluster
    row = reports_services.report_request(
        actor=request.user,
        report_type="cluster-strategy",
        project=cluster.project,
        cluster=cluster,
        options={"version": version.pk},
        language=get_language(),
    )
    return redirect("reports:detail", pk=row.pk)


@require_POST
def joint_pdf(request):
    from django.utils.translation import get_language

    from tracekei.reports import services as reports_services

    project, _joint_strategy = _joint(request)
    try:
        row = reports_services.report_request(
            actor=request.user,
            report_type="joint-strategy",
            project=project,
            language=get_language(),
        )
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("reports:detail", pk=row.pk)
