"""The editor's services on their own: permissions, show-if rules, copies of versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from surveys import editing
from surveys.models import Choice, Question, Questionnaire
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    ResponseFactory,
    make_answer_questionnaire,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium(project):
    return make_answer_questionnaire(project)


def test_only_the_coordinator_edits_the_consortium_s(consortium, manager_a, coordinator):
    section = consortium.sections.first()
    with pytest.raises(PermissionDenied):
        editing.section_save(
            actor=manager_a, questionnaire=consortium, section=section, title={"en": "X"}
        )
    saved, made = editing.section_save(
        actor=coordinator, questionnaire=consortium, section=section, title={"en": "X"}
    )
    assert (saved.pk, saved.title, made) == (section.pk, {"en": "X"}, False)


def test_a_show_if_rule_must_point_to_an_earlier_yes_no_or_choice_question(consortium, coordinator):
    first = consortium.sections.get(position=0)
    rating = consortium.questions.get(code="rating")
    yes_no = consortium.questions.get(code="yes_no")
    with pytest.raises(ValidationError) as error:
        editing.question_save(
            actor=coordinator, section=first, question=rating, show_if=yes_no, show_if_value="yes"
        )
    assert "show_if" in error.value.message_dict
    with pytest.raises(ValidationError):
        editing.question_save(
            actor=coordinator,
            section=first,
            question=consortium.questions.get(code="why"),
            show_if=consortium.questions.get(code="rating"),
            show_if_value="3",
        )
    rating.refresh_from_db()
    assert rating.show_if is None


def test_an_old_version_cannot_be_changed(consortium, coordinator):
    copy, _maps = editing.questionnaire_new_version(actor=coordinator, questionnaire=consortium)
    consortium.refresh_from_db()
    assert (consortium.is_current, copy.is_current, copy.version) == (False, True, 2)
    with pytest.raises(ValidationError):
        editing.questionnaire_update(actor=coordinator, questionnaire=consortium, title={"en": "Y"})


def test_removing_a_choice_clears_the_rules_that_used_it(consortium, coordinator):
    single = consortium.questions.get(code="single")
    follow = consortium.questions.get(code="short")
    follow.show_if, follow.show_if_value = single, "a"
    follow.save()
    editing.choice_remove(actor=coordinator, choice=single.choices.get(code="a"))
    follow.refresh_from_db()
    assert follow.show_if is None and follow.show_if_value == ""
    assert list(single.choices.values_list("code", "position")) == [("b", 0), ("c", 1)]


def test_a_change_to_an_answered_version_lands_in_the_copy(consortium, coordinator, cluster_a):
    campaign = CampaignFactory(cluster=cluster_a, questionnaire=consortium)
    AnswerFactory(
        response=ResponseFactory(invitation__campaign=campaign),
        question=consortium.questions.get(code="rating"),
    )
    single = consortium.questions.get(code="single")
    choice, made = editing.choice_save(
        actor=coordinator, question=single, code="d", label={"en": "Option d"}
    )
    assert made
    assert choice.question.questionnaire.version == 2
    assert not Choice.objects.filter(question=single, code="d").exists()
    assert Questionnaire.objects.get(pk=consortium.pk).is_current is False
    assert Question.objects.filter(questionnaire__key=consortium.key).count() == 18
