"""The work-package apps plug into the cross-cutting layers through modules of a known
name, found here, so that adding an app never means editing a central list of imports:

- ``<app>.urls``     pages (included at the site root; each app names its own paths);
- ``<app>.api``      ``register(router)`` adds the app's viewsets to ``/api/``;
- ``<app>.kpis``     indicator calculators (``tracekei.kpi.registry``);
- ``<app>.demo``     ``load(project, clusters) -> int`` extends ``load_demo_data``;
- ``<app>.pdf``      ``register(catalogue)`` adds report types or sections to the PDF
                     reports (``tracekei.reports.catalogue``; not ``reports.py``, which
                     is the KPI engine's manual-report workflow);
- ``<app>.exports``  ``register(registry)`` adds the app's datasets to the CSV/XLSX
                     exports (``tracekei.exports``);
- ``<app>/nav.html`` (template) the app's entries in the side navigation.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

# In the order they appear in the navigation and the demo data (later apps may use
# what earlier ones created: deliveries need services, feedback needs activities).
WORK_PACKAGE_APPS = ("clusters", "services", "surveys", "trainings", "strategy", "dissemination")
# Cross-cutting layers that plug in the same way (urls, api, demo), after every
# work-package app: the KPI demo's rollup counts what the apps' demos created.
CROSS_CUTTING_APPS = (
    "tracekei.kpi",
    "tracekei.reports",
    "tracekei.deliverables",
    "tracekei.exports",
    "tracekei.privacy",
    "tracekei.audit",
)


def app_modules(name: str) -> list[ModuleType]:
    """``<app>.<name>`` of every work-package (then cross-cutting) app that has one."""
    modules = []
    for app in (*WORK_PACKAGE_APPS, *CROSS_CUTTING_APPS):
        dotted = f"{app}.{name}"
        if importlib.util.find_spec(dotted) is not None:
            modules.append(importlib.import_module(dotted))
    return modules
