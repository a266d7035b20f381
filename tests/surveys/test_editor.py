"""The questionnaire editor: who sees and edits what, translations, the parts' pages,
and versioning once a questionnaire has answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Answer, Choice, Question, Questionnaire, Section
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    QuestionnaireFactory,
    ResponseFactory,
    make_answer_questionnaire,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium(project):
    return make_answer_questionnaire(project)


@pytest.fixture
def own_a(cluster_a):
    return QuestionnaireFactory(
        project=cluster_a.project, cluster=cluster_a, key="alpha-own", title={"en": "Alpha own"}
    )


@pytest.fixture
def own_b(cluster_b):
    return QuestionnaireFactory(
        project=cluster_b.project, cluster=cluster_b, key="beta-own", title={"en": "Beta own"}
    )


def texts(prefix, en, **others):
    data = {f"{prefix}__en": en}
    data.update({f"{prefix}__{code}": text for code, text in others.items()})
    return data


# --- Who sees what ----------------------------------------------------------------------


def test_the_list_shows_the_consortium_and_the_own_cluster_only(
    client_for, manager_a, consortium, own_a, own_b
):
    response = client_for(manager_a).get("/surveys/questionnaires/")
    assert response.status_code == 200
    assert "Member survey" in response.text
    assert "Alpha own" in response.text
    assert "Beta own" not in response.text


def test_the_coordinator_sees_every_cluster_s_own(client_for, coordinator, own_a, own_b):
    response = client_for(coordinator).get("/surveys/questionnaires/")
    assert "Alpha own" in response.text and "Beta own" in response.text


def test_another_cluster_s_questionnaire_is_404(client_for, manager_b, own_a):
    client = client_for(manager_b)
    for path in ("", "edit/", "preview/", "section/new/"):
        assert client.get(f"/surveys/questionnaires/{own_a.pk}/{path}").status_code == 404
    assert client.post(f"/surveys/questionnaires/{own_a.pk}/edit/", {}).status_code == 404


def test_a_manager_reads_but_cannot_edit_the_consortium_s(client_for, manager_a, consortium):
    client = client_for(manager_a)
    detail = client.get(f"/surveys/questionnaires/{consortium.pk}/")
    assert detail.status_code == 200
    assert f"/surveys/questionnaires/{consortium.pk}/edit/" not in detail.text
    assert client.get(f"/surveys/questionnaires/{consortium.pk}/edit/").status_code == 403
    section = consortium.sections.first()
    post = client.post(
        f"/surveys/questionnaires/{consortium.pk}/section/{section.pk}/edit/",
        texts("title", "Hijacked"),
    )
    assert post.status_code == 403
    section.refresh_from_db()
    assert section.title["en"] != "Hijacked"


def test_a_viewer_reads_only(client_for, viewer_a, own_a):
    client = client_for(viewer_a)
    assert client.get(f"/surveys/questionnaires/{own_a.pk}/").status_code == 200
    response = client.post(f"/surveys/questionnaires/{own_a.pk}/edit/", texts("title", "X"))
    assert response.status_code == 403


def test_the_manager_edits_the_own_cluster_s(client_for, manager_a, own_a):
    response = client_for(manager_a).post(
        f"/surveys/questionnaires/{own_a.pk}/edit/",
        {**texts("title", "Renamed", it="Rinominato"), "purpose": "other"},
    )
    assert response.status_code == 302, response.context["form"].errors
    own_a.refresh_from_db()
    assert own_a.title == {"en": "Renamed", "it": "Rinominato"}
    assert own_a.version == 1


# --- Creating and translations ----------------------------------------------------------


def test_the_coordinator_creates_a_consortium_questionnaire(client_for, coordinator, project):
    client = client_for(coordinator)
    page = client.get("/surveys/questionnaires/new/")
    assert "The consortium" in page.text
    response = client.post(
        "/surveys/questionnaires/new/",
        {
            "key": "new-one",
            "owner": f"project-{project.pk}",
            "purpose": "sme_satisfaction",
            **texts("title", "New one", hu="Új"),
        },
    )
    assert response.status_code == 302
    created = Questionnaire.objects.get(key="new-one")
    assert created.cluster is None and created.title == {"en": "New one", "hu": "Új"}


def test_a_manager_may_create_only_for_the_own_cluster(client_for, manager_a, project, cluster_b):
    client = client_for(manager_a)
    page = client.get("/surveys/questionnaires/new/")
    assert "The consortium" not in page.text
    for owner in (f"project-{project.pk}", f"cluster-{cluster_b.pk}"):
        data = {"key": "sneaky", "owner": owner, "purpose": "other", **texts("title", "S")}
        response = client.post("/surveys/questionnaires/new/", data)
        assert response.status_code == 400
        assert "owner" in response.context["form"].errors
    assert not Questionnaire.objects.filter(key="sneaky").exists()


def test_english_is_required_and_the_error_is_next_to_it(client_for, manager_a, own_a):
    response = client_for(manager_a).post(
        f"/surveys/questionnaires/{own_a.pk}/section/new/", texts("title", "", it="Solo italiano")
    )
    assert response.status_code == 400
    assert "title__en" in response.context["form"].errors
    assert "Solo italiano" in response.text
    assert not own_a.sections.exists()


def test_missing_translations_are_shown(client_for, coordinator, consortium):
    response = client_for(coordinator).get(f"/surveys/questionnaires/{consortium.pk}/")
    assert "missing: hu, de, pt, ro, bg, sr-latn" in response.text


# --- Sections, questions, choices -------------------------------------------------------


def test_add_a_page_a_question_and_choices(client_for, manager_a, own_a):
    client = client_for(manager_a)
    base = f"/surveys/questionnaires/{own_a.pk}"
    assert client.post(f"{base}/section/new/", texts("title", "Page")).status_code == 302
    section = own_a.sections.get()
    question = {
        "code": "colour",
        "kind": "single",
        "required": "on",
        **texts("text", "Colour?", it="Colore?"),
    }
    assert client.post(f"{base}/question/new/?section={section.pk}", question).status_code == 302
    colour = Question.objects.get(code="colour")
    for code in ("red", "blue"):
        data = {"code": code, **texts("label", code.title())}
        assert client.post(f"{base}/choice/new/?question={colour.pk}", data).status_code == 302
    assert list(colour.choices.values_list("code", flat=True)) == ["red", "blue"]
    blue = colour.choices.get(code="blue")
    client.post(f"{base}/choice/{blue.pk}/move/", {"direction": "up"})
    assert list(colour.choices.values_list("code", flat=True)) == ["blue", "red"]
    follow = {
        "code": "why",
        "kind": "short_text",
        "show_if": colour.pk,
        "show_if_value": "green",
        **texts("text", "Why?"),
    }
    bad = client.post(f"{base}/question/new/?section={section.pk}", follow)
    assert bad.status_code == 400
    assert "show_if_value" in bad.context["form"].errors
    assert (
        client.post(
            f"{base}/question/new/?section={section.pk}", {**follow, "show_if_value": "red"}
        ).status_code
        == 302
    )
    assert Question.objects.get(code="why").show_if == colour


def test_a_duplicate_code_is_an_error_on_the_field(client_for, manager_a, own_a):
    client = client_for(manager_a)
    base = f"/surveys/questionnaires/{own_a.pk}"
    client.post(f"{base}/section/new/", texts("title", "Page"))
    section = own_a.sections.get()
    data = {"code": "same", "kind": "rating", **texts("text", "A?")}
    client.post(f"{base}/question/new/?section={section.pk}", data)
    response = client.post(f"{base}/question/new/?section={section.pk}", data)
    assert response.status_code == 400
    assert Question.objects.filter(code="same").count() == 1


def test_remove_and_reorder_sections_in_place_without_answers(client_for, coordinator, consortium):
    client = client_for(coordinator)
    first, second = consortium.sections.order_by("position")
    client.post(
        f"/surveys/questionnaires/{consortium.pk}/section/{second.pk}/move/", {"direction": "up"}
    )
    assert list(consortium.sections.order_by("position")) == [second, first]
    response = client.post(f"/surveys/questionnaires/{consortium.pk}/section/{first.pk}/remove/")
    assert response["Location"] == f"/surveys/questionnaires/{consortium.pk}/"
    assert list(consortium.sections.all()) == [second]
    assert Questionnaire.objects.filter(key=consortium.key).count() == 1


# --- Versioning -------------------------------------------------------------------------


@pytest.fixture
def answered(consortium, cluster_a):
    campaign = CampaignFactory(cluster=cluster_a, questionnaire=consortium)
    response = ResponseFactory(invitation__campaign=campaign)
    rating = consortium.questions.get(code="rating")
    AnswerFactory(response=response, question=rating, number=5)
    return consortium


def test_editing_a_questionnaire_with_answers_makes_a_new_version(
    client_for, coordinator, answered
):
    v1 = answered
    rating = v1.questions.get(code="rating")
    client = client_for(coordinator)
    response = client.post(
        f"/surveys/questionnaires/{v1.pk}/question/{rating.pk}/edit/",
        {"code": "rating", "kind": "rating", "required": "on", **texts("text", "Changed?")},
        follow=True,
    )
    assert "new version (v2)" in response.text
    v1.refresh_from_db()
    v2 = Questionnaire.objects.get(key=v1.key, version=2)
    assert (v1.is_current, v2.is_current) == (False, True)
    assert response.redirect_chain[-1][0] == f"/surveys/questionnaires/{v2.pk}/"
    # The answer still points to v1's question, whose text did not change.
    answer = Answer.objects.get()
    assert answer.question == rating
    rating.refresh_from_db()
    assert rating.text["en"] == "Question rating?"
    assert v2.questions.get(code="rating").text == {"en": "Changed?"}
    # Everything was copied and the show-if links point inside v2.
    assert v2.sections.count() == 2 and v2.questions.count() == v1.questions.count()
    assert Choice.objects.filter(question__questionnaire=v2).count() == 5
    why = v2.questions.get(code="why")
    assert why.show_if.questionnaire == v2 and why.show_if.code == "yes_no"
    # The old version is read only.
    old = client.get(f"/surveys/questionnaires/{v1.pk}/")
    assert "an earlier version" in old.text
    assert client.get(f"/surveys/questionnaires/{v1.pk}/edit/").status_code == 404


def test_removing_from_an_answered_version_removes_from_the_copy(client_for, coordinator, answered):
    rating = answered.questions.get(code="rating")
    client_for(coordinator).post(
        f"/surveys/questionnaires/{answered.pk}/question/{rating.pk}/remove/"
    )
    assert Question.objects.filter(pk=rating.pk).exists()
    v2 = Questionnaire.objects.get(key=answered.key, is_current=True)
    assert not v2.questions.filter(code="rating").exists()


def test_a_second_edit_goes_to_the_new_version_in_place(client_for, coordinator, answered):
    client = client_for(coordinator)
    client.post(
        f"/surveys/questionnaires/{answered.pk}/edit/", {**texts("title", "T2"), "purpose": "other"}
    )
    v2 = Questionnaire.objects.get(key=answered.key, is_current=True)
    client.post(
        f"/surveys/questionnaires/{v2.pk}/edit/", {**texts("title", "T3"), "purpose": "other"}
    )
    assert Questionnaire.objects.filter(key=answered.key).count() == 2
    v2.refresh_from_db()
    assert v2.title == {"en": "T3"}


# --- Preview ----------------------------------------------------------------------------


def test_the_preview_shows_a_page_in_any_language_and_saves_nothing(
    client_for, manager_a, consortium
):
    client = client_for(manager_a)
    page = client.get(f"/surveys/questionnaires/{consortium.pk}/preview/?language=it")
    assert page.status_code == 200
    assert "Domanda rating?" in page.text and "Su di noi" in page.text
    checked = client.post(
        f"/surveys/questionnaires/{consortium.pk}/preview/?language=en&page=2",
        {"q-number": "500"},
    )
    assert "less than or equal to 100" in checked.text
    # A consortium questionnaire's per-service question shows example rows.
    assert "Example service 1" in checked.text
    assert not Answer.objects.exists()


# --- Query counts -----------------------------------------------------------------------


def grow(project, cluster, n):
    for i in range(n):
        owner = cluster.pk if cluster else "all"
        make_answer_questionnaire(
            project, cluster=cluster, extra_ratings=i % 3, key=f"sme-{owner}-{i}"
        )


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_makes_constant_queries(client_for, coordinator, project, cluster_a):
    client = client_for(coordinator)
    grow(project, cluster_a, 1)
    few = count_queries(client, "/surveys/questionnaires/")
    grow(project, None, 6)
    assert Questionnaire.objects.count() == 7
    assert count_queries(client, "/surveys/questionnaires/") == few


def test_the_detail_makes_constant_queries(client_for, coordinator, project):
    client = client_for(coordinator)
    small = make_answer_questionnaire(project, key="small")
    large = make_answer_questionnaire(project, extra_ratings=20, key="large")
    for page in ("", "preview/"):
        assert count_queries(client, f"/surveys/questionnaires/{small.pk}/{page}") == count_queries(
            client, f"/surveys/questionnaires/{large.pk}/{page}"
        )
    assert Section.objects.filter(questionnaire=large).count() == 2
