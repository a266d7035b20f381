"""The security page: one's own two-factor log-in, and the coordinator's requirement."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import TwoFactorPolicyForm


@require_http_methods(["GET", "POST"])
def settings_page(request):
    projects = list(selectors.coordinated_projects(request.user).order_by("acronym"))
    bound = None
    if request.method == "POST":
        if not projects:
            raise Http404
        project = get_object_or_404(
            selectors.coordinated_projects(request.user), pk=request.POST.get("project")
        )
        bound = TwoFactorPolicyForm(
            request.POST, instance=selectors.policy_for(project), prefix=f"p{project.pk}"
        )
        if bound.is_valid():
            services.two_factor_policy_set(
                actor=request.user,
                project=project,
                required=bound.cleaned_data["required_for_coordinators"],
            )
            messages.success(request, _("The security settings were saved."))
            return redirect("security:settings")
    forms = []
    for project in projects:
        form = (
            bound
            if bound is not None and bound.instance.project_id == project.pk
            else TwoFactorPolicyForm(
                instance=selectors.policy_for(project), prefix=f"p{project.pk}"
            )
        )
        forms.append((project, form))
    context = {
        "has_totp": selectors.has_totp(request.user),
        "required": selectors.two_factor_required(request.user),
        "project_forms": forms,
    }
    return render(request, "security/settings.html", context, status=400 if bound else 200)
