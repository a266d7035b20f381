"""The OpenAPI schema of every app together: the apps are written apart, and two of
them naming a serializer or an enum alike silently corrupts the schema clients use."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_of_all_apps_builds_without_warnings(tmp_path):
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    for path in ("/api/clusters/", "/api/services/", "/api/activities/", "/api/strategies/"):
        assert f"{path}:" in text
