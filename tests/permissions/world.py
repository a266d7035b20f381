"""The fixture world of the permission matrix: the demo consortium (every app's demo
data, so every kind of object exists) plus a viewer of cluster A only.

Cluster A is D.A.Re. (the coordinator's cluster), cluster B is INNOSKART."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command

from clusters.models import Cluster, Project
from tests.factories import make_viewer
from tracekei.accounts.models import User


@dataclass
class World:
    project: Project
    cluster_a: Cluster
    cluster_b: Cluster
    users: dict[str, User | None]  # role -> user (None: not signed in)
    #: objects the app modules' setup() functions make, by a name they choose
    objects: dict[str, Any] = field(default_factory=dict)
    #: role -> extra request headers / session set-up; the surveys app fills
    #: "survey_link" (e.g. a function that opens a survey link in the client)
    survey_link: Any = None
    #: role -> the cookies of its session, signed in once for the whole matrix (the
    #: matrix's fixture fills it after the setups)
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)


def build() -> World:
    call_command("load_demo_data", stdout=io.StringIO())
    project = Project.objects.get(acronym="TRACE-KEI")
    cluster_a = Cluster.objects.get(slug="dare")
    cluster_b = Cluster.objects.get(slug="innoskart")
    by_email = {user.email.split("@")[0]: user for user in User.objects.all()}
    users = {
        "anonymous": None,
        "survey_link": None,
        "viewer_a": make_viewer(cluster_a, email="viewer.a@portal.example"),
        "manager_a": by_email["manager.dare"],
        "manager_b": by_email["manager.innoskart"],
        "coordinator": by_email["coordinator"],
        "admin": by_email["admin"],
    }
    return World(project=project, cluster_a=cluster_a, cluster_b=cluster_b, users=users)
