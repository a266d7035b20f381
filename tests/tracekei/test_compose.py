"""docker-compose.yml and the Dockerfile point at things that exist.

There is no Docker engine to run the stack in CI, so these tests read both files and
check each piece against the code: the modules gunicorn and Celery would import, the
management commands, the options (with the programs' own argument parsers), the files
the image copies, and the settings the containers' environment produces.
"""

import fnmatch
import importlib
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands, load_command_class
from django.http.request import validate_host
from django.urls import resolve
from gunicorn.config import Config as GunicornConfig
from packaging.specifiers import SpecifierSet

import tracekei

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SERVICES = ("postgres", "redis", "web", "worker", "beat")
APP_SERVICES = ("web", "worker", "beat")  # the services that run the portal's image
SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash")


# --- Reading the files -------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions(DOCKERFILE.read_text())


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """[(INSTRUCTION, arguments)], with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        keyword, _, arguments = (current + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    assert not current, "the Dockerfile ends in a continuation line"
    return instructions


def exec_form_or_shell(arguments: str) -> list[str]:
    """CMD ["a", "b"] or CMD a b, as a list of words."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return shlex.split(arguments)


def environment_of(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: "" if value is None else str(value) for key, value in environment.items()}


class MissingVariable(Exception):
    pass


_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|(?P<bare>\w+))"
)


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's variable substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR:?error}, $$."""

    def substitute(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name, op, arg = match["name"] or match["bare"], match["op"], match["arg"]
        current = env.get(name)
        missing = current is None or (op is not None and op.startswith(":") and current == "")
        if missing and op in (":-", "-"):
            return arg
        if missing and op in (":?", "?"):
            raise MissingVariable(f"{name}: {arg}")
        return current or ""

    return _VARIABLE.sub(substitute, value)


def command_steps(command: str | list[str]) -> list[list[str]]:
    """The programs a command runs, in order: `sh -c "a && exec b"` gives [[a...], [b...]]."""
    argv = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
    if argv[0] in SHELLS and argv[1:2] == ["-c"]:
        steps = []
        for part in re.split(r"&&|\|\||;", argv[2]):
            words = shlex.split(part)
            if words[:1] == ["exec"]:
                words = words[1:]
            if words:
                steps.append(words)
        return steps
    return [argv]


def probe_settings(environment: dict[str, str]) -> dict:
    """Load tracekei.settings in a fresh interpreter with exactly this environment."""
    probe = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "DATABASE": {key: database.get(key) for key in ("ENGINE", "HOST", "PORT", "NAME", "USER",
                                                    "PASSWORD")},
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
}))
"""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "tracekei.settings",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"the settings do not load:\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Checking one program's command line against the code --------------------------


def check_manage_py(argv: list[str]) -> None:
    assert argv[1] == "manage.py", argv
    assert (ROOT / "manage.py").is_file()
    name, options = argv[2], argv[3:]
    commands = get_commands()
    assert name in commands, f"`{name}` is not a management command"
    command = load_command_class(commands[name], name)
    # The command's own parser: an unknown option raises CommandError.
    command.create_parser("manage.py", name).parse_args(options)


def check_gunicorn(argv: list[str]) -> dict:
    arguments = GunicornConfig().parser().parse_args(argv[1:])
    assert len(arguments.args) == 1, f"gunicorn needs exactly one application: {argv}"
    module_name, _, attribute = arguments.args[0].partition(":")
    assert importlib.util.find_spec(module_name) is not None, f"no module {module_name}"
    application = getattr(importlib.import_module(module_name), attribute or "application", None)
    assert callable(application), f"{arguments.args[0]} is not a WSGI application"
    return {"bind": arguments.bind or []}


def check_celery(argv: list[str]) -> dict:
    position = next(
        (index for index, word in enumerate(argv[1:], 1) if word in celery_cli.commands), None
    )
    assert position is not None, f"no celery subcommand in {argv}"
    context = CLIContext(app=tracekei.celery_app, no_color=True, workdir=None, quiet=True)
    group = celery_cli.make_context("celery", argv[1 : position + 1], obj=context)
    app_name = group.params["app"]
    assert app_name, "celery needs -A <the project's app>"
    assert importlib.util.find_spec(app_name.partition(":")[0]) is not None
    # What `celery -A <name>` finds is the app the project configures.
    assert find_app(app_name) is tracekei.celery_app
    subcommand = argv[position]
    # The subcommand's own options, parsed by Celery (a bad log level or option fails).
    parsed = celery_cli.commands[subcommand].make_context(
        subcommand, argv[position + 1 :], parent=group
    )
    return {"subcommand": subcommand, "params": parsed.params}


def check_program(argv: list[str]) -> dict:
    program = PurePosixPath(argv[0]).name
    if program in ("python", "python3"):
        check_manage_py(argv)
        return {"program": "manage.py", "command": argv[2]}
    if program == "gunicorn":
        return {"program": "gunicorn", **check_gunicorn(argv)}
    if program == "celery":
        return {"program": "celery", **check_celery(argv)}
    pytest.fail(f"no check for the program {argv[0]!r}: add one here")


# --- docker-compose.yml --------------------------------------------------------------


def test_the_stack_has_its_five_services(services):
    assert set(SERVICES) <= set(services)


def test_postgres_and_redis_images(services):
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_portal_services_build_this_repository(services, name):
    build = services[name]["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (ROOT / context / dockerfile).resolve() == DOCKERFILE.resolve()


def test_every_command_runs_code_that_exists(services):
    checked = []
    for name, service in services.items():
        if "command" not in service:
            continue
        for argv in command_steps(service["command"]):
            check_program(argv)
            checked.append(name)
    # The three portal services have commands; a silently skipped one is a failure.
    assert set(APP_SERVICES) <= set(checked)


def test_web_migrates_then_serves_gunicorn_on_all_interfaces(services):
    steps = [check_program(argv) for argv in command_steps(services["web"]["command"])]
    programs = [step["program"] for step in steps]
    assert programs[-1] == "gunicorn", "gunicorn must be the last (long-running) step"
    migrate = next(
        (index for index, step in enumerate(steps) if step.get("command") == "migrate"), None
    )
    assert migrate is not None and migrate < len(steps) - 1, "migrate must run before gunicorn"
    assert "0.0.0.0:8000" in steps[-1]["bind"]


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_services(services, name):
    (step,) = (check_program(argv) for argv in command_steps(services[name]["command"]))
    assert step["program"] == "celery"
    assert step["subcommand"] == name


def test_beat_writes_its_schedule_where_the_image_user_may_write(services, dockerfile):
    (argv,) = command_steps(services["beat"]["command"])
    schedule = PurePosixPath(check_celery(argv)["params"]["schedule"])
    workdir = PurePosixPath("/")
    for keyword, arguments in dockerfile:
        if keyword == "WORKDIR":
            workdir = workdir / arguments
    schedule = workdir / schedule  # a relative path is relative to the WORKDIR
    user = image_user(dockerfile)
    writable = [
        PurePosixPath(path)
        for keyword, arguments in dockerfile
        if keyword == "RUN"
        for path in re.findall(rf"chown\s+(?:-R\s+)?{re.escape(user)}(?::\S+)?\s+(\S+)", arguments)
    ]
    assert any(schedule.parent.is_relative_to(path) for path in writable), (
        f"beat's schedule {schedule} is not under a directory owned by {user}: {writable}"
    )


def test_web_healthcheck_probes_healthz_on_the_gunicorn_port(services):
    web = services["web"]
    test = web["healthcheck"]["test"]
    words = test if isinstance(test, list) else ["CMD-SHELL", test]
    assert words[0] in ("CMD", "CMD-SHELL")
    # python:3.11-slim has neither curl nor wget.
    program = shlex.split(words[1])[0] if words[0] == "CMD-SHELL" else words[1]
    assert PurePosixPath(program).name in ("python", "python3"), program
    (url,) = re.findall(r"https?://[^\s'\"]+", " ".join(words[1:]))
    parts = urlsplit(url)
    assert resolve(parts.path).url_name == "healthz"
    gunicorn = check_program(command_steps(web["command"])[-1])
    assert any(bind.endswith(f":{parts.port}") for bind in gunicorn["bind"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_secret_key_comes_from_outside_the_file(services, name):
    raw = environment_of(services[name])["SECRET_KEY"]
    with pytest.raises(MissingVariable):
        interpolate(raw, {})
    assert interpolate(raw, {"SECRET_KEY": "from-the-environment"}) == "from-the-environment"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_containers_environment_gives_working_production_settings(services, name):
    environment = {
        key: interpolate(value, {"SECRET_KEY": "x" * 50})
        for key, value in environment_of(services[name]).items()
    }
    assert environment["DEBUG"] == "0"
    loaded = probe_settings(environment)
    assert loaded["DEBUG"] is False
    # No TLS locally: no redirect to https, and cookies that plain HTTP keeps.
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["CSRF_COOKIE_SECURE"] is False
    # The healthcheck asks for http://localhost:8000/healthz; the published port is too.
    assert validate_host("localhost", loaded["ALLOWED_HOSTS"])
    # The database is the compose postgres service, with the credentials it is created with.
    postgres = {
        key: interpolate(value, {}) for key, value in environment_of(services["postgres"]).items()
    }
    database = loaded["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] in services
    assert services[database["HOST"]]["image"].startswith("postgres:")
    assert database["NAME"] == postgres["POSTGRES_DB"]
    assert database["USER"] == postgres["POSTGRES_USER"]
    assert database["PASSWORD"] == postgres["POSTGRES_PASSWORD"]
    # Cache and Celery broker are the compose redis service; tasks go to the worker.
    for url in (loaded["CACHE_LOCATION"], loaded["CELERY_BROKER_URL"]):
        host = urlsplit(url).hostname
        assert host in services and services[host]["image"].startswith("redis:"), url
    assert loaded["CELERY_TASK_ALWAYS_EAGER"] is False


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_portal_waits_for_its_database_and_redis(services, name):
    def waits_for(service_name, seen=()):
        depends_on = services[service_name].get("depends_on") or {}
        direct = set(depends_on)
        return direct | {
            indirect
            for other in direct - set(seen)
            for indirect in waits_for(other, (*seen, service_name))
        }

    assert {"postgres", "redis"} <= waits_for(name)
    for dependency in ("postgres", "redis"):
        assert "healthcheck" in services[dependency]


# --- Dockerfile ----------------------------------------------------------------------


def image_user(dockerfile) -> str:
    users = [arguments for keyword, arguments in dockerfile if keyword == "USER"]
    assert users, "the image runs as root: add a USER"
    return users[-1].split(":")[0]


def dockerignore_patterns() -> list[str]:
    path = ROOT / ".dockerignore"
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line.rstrip("/") for line in lines if line and not line.startswith(("#", "!"))]


def test_the_image_is_python_311_slim_bookworm_as_the_project_requires(dockerfile):
    bases = [arguments for keyword, arguments in dockerfile if keyword == "FROM"]
    assert bases == ["python:3.11-slim-bookworm"]
    version = re.match(r"python:(\d+\.\d+)", bases[0])[1]
    requires = re.search(r'requires-python\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text())
    assert SpecifierSet(requires[1]).contains(f"{version}.0")
    # requirements.lock was resolved for that same Python.
    lock_python = re.search(r"with Python (\d+\.\d+)", (ROOT / "requirements.lock").read_text())
    assert lock_python[1] == version


def test_copied_files_exist_and_reach_the_build_context(dockerfile):
    ignored = dockerignore_patterns()
    copies = [arguments for keyword, arguments in dockerfile if keyword in ("COPY", "ADD")]
    assert copies
    for arguments in copies:
        words = exec_form_or_shell(arguments)
        if any(word.startswith("--from") for word in words):
            continue
        sources = [word for word in words if not word.startswith("--")][:-1]
        assert sources, arguments
        for source in sources:
            if source in (".", "./"):
                continue
            assert list(ROOT.glob(source)), f"COPY {source}: no such file in the repository"
            assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), (
                f"COPY {source} is excluded by .dockerignore"
            )


def test_the_build_context_leaves_out_the_local_venv_and_data():
    ignored = dockerignore_patterns()
    for local_only in (".venv", "var"):
        assert any(fnmatch.fnmatch(local_only, pattern) for pattern in ignored), local_only


def test_pip_installs_the_lock_file_after_copying_it(dockerfile):
    copied: set[str] = set()
    installed = []
    for keyword, arguments in dockerfile:
        if keyword == "COPY":
            words = [word for word in exec_form_or_shell(arguments) if not word.startswith("--")]
            copied.update(words[:-1])
        if keyword == "RUN" and "pip install" in arguments:
            for requirement in re.findall(r"(?:-r|--requirement)\s+(\S+)", arguments):
                assert (ROOT / requirement).is_file(), f"pip install -r {requirement}: no such file"
                assert requirement in copied or "." in copied, f"{requirement} is not copied yet"
                installed.append(requirement)
    assert installed == ["requirements.lock"]


def test_the_image_has_the_runtime_libraries_of_the_laptop_setup(dockerfile):
    script = (ROOT / "scripts" / "install-system-deps.sh").read_text()
    packages = re.search(r"packages=\((.*?)\)", script, re.DOTALL)[1].split()
    runtime = {name for name in packages if name.startswith(("lib", "fonts-"))}
    assert {"libpango-1.0-0", "fonts-dejavu-core"} <= runtime  # the script still lists them
    installed = set()
    for keyword, arguments in dockerfile:
        if keyword == "RUN" and "apt-get install" in arguments:
            for part in arguments.split("&&"):
                words = part.split()
                if words[:2] == ["apt-get", "install"]:
                    installed.update(word for word in words[2:] if not word.startswith("-"))
    assert runtime <= installed, f"missing from the image: {sorted(runtime - installed)}"


def test_static_files_are_collected_at_build_time_without_baking_in_a_secret(dockerfile):
    for keyword, arguments in dockerfile:
        if keyword in ("ENV", "ARG"):
            assert "SECRET_KEY" not in arguments, "the image must not carry a SECRET_KEY"
    (collect,) = [a for k, a in dockerfile if k == "RUN" and "collectstatic" in a]
    words = shlex.split(collect.split("&&")[0])
    assignments = {}
    while words and re.fullmatch(r"\w+=.*", words[0]):
        key, _, value = words.pop(0).partition("=")
        assignments[key] = value
    assert assignments.get("SECRET_KEY"), "collectstatic needs a throwaway SECRET_KEY"
    assert assignments.get("DEBUG") == "0"
    check_manage_py(words)
    # With exactly that environment the settings load in production mode.
    assert probe_settings(assignments)["DEBUG"] is False


def test_the_image_runs_as_an_unprivileged_user_it_creates(dockerfile):
    user = image_user(dockerfile)
    assert user not in ("root", "0")
    keywords = [keyword for keyword, _ in dockerfile]
    creates = [
        index
        for index, (keyword, arguments) in enumerate(dockerfile)
        if keyword == "RUN"
        and re.search(rf"\b(useradd|adduser)\b.*\b{re.escape(user)}\b", arguments)
    ]
    assert creates, f"no RUN creates the user {user}"
    assert creates[0] < keywords.index("USER")


def test_the_image_default_command_serves_the_portal(dockerfile):
    (command,) = [arguments for keyword, arguments in dockerfile if keyword == "CMD"]
    (argv,) = command_steps(exec_form_or_shell(command))
    step = check_program(argv)
    assert step["program"] == "gunicorn"
    assert "0.0.0.0:8000" in step["bind"]
    exposed = [arguments for keyword, arguments in dockerfile if keyword == "EXPOSE"]
    assert exposed == ["8000"]


def test_celery_app_is_what_the_package_exposes():
    assert isinstance(tracekei.celery_app, Celery)
    assert tracekei.celery_app.main == "tracekei"
