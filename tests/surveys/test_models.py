"""The surveys data model's invariants, held by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from surveys.models import Answer, Questionnaire, localized, missing_languages, validate_text
from surveys.tokens import hash_token, looks_like_token, new_token
from tests.factories import (
    AnswerFactory,
    InvitationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_localized_falls_back_to_english():
    text = {"en": "How satisfied are you?", "it": "Quanto è soddisfatto?"}
    assert localized(text, "it") == "Quanto è soddisfatto?"
    assert localized(text, "hu") == "How satisfied are you?"
    with translation.override("it"):
        assert localized(text) == "Quanto è soddisfatto?"
    assert "hu" in missing_languages(text)
    assert "it" not in missing_languages(text)


def test_text_needs_english_and_known_languages():
    with pytest.raises(ValidationError):
        validate_text({"it": "Solo italiano"})
    with pytest.raises(ValidationError):
        validate_text({"en": "Fine", "xx": "Unknown"})
    validate_text({"en": "Fine", "hu": "Rendben"})


def test_questionnaire_title_is_validated_by_full_clean(project):
    questionnaire = Questionnaire(project=project, key="k", title={"it": "Solo"})
    with pytest.raises(ValidationError) as error:
        questionnaire.full_clean()
    assert "title" in error.value.message_dict


def test_only_one_current_version_per_key(project):
    QuestionnaireFactory(project=project, key="sat", version=1)
    with pytest.raises(IntegrityError):
        QuestionnaireFactory(project=project, key="sat", version=2)


def test_token_is_long_random_and_only_its_hash_is_stored():
    token, digest = new_token()
    assert len(token) >= 22  # 128 bits in URL-safe base64
    assert digest == hash_token(token) and digest != token
    assert new_token()[0] != token
    assert not looks_like_token("x" * 101) and looks_like_token(token)
    invitation = InvitationFactory()
    assert invitation.token_hash == hash_token(invitation.token)


def test_one_answer_per_question_and_per_service():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError):
        AnswerFactory(response=answer.response, question=answer.question)


def test_a_matrix_question_answers_once_per_service():
    response = ResponseFactory()
    question = QuestionFactory(kind="service_matrix")
    first, second = (
        ServiceFactory(cluster=response.cluster),
        ServiceFactory(cluster=response.cluster),
    )
    AnswerFactory(response=response, question=question, service=first)
    AnswerFactory(response=response, question=question, service=second)
    assert Answer.objects.filter(response=response).count() == 2
    with pytest.raises(IntegrityError):
        AnswerFactory(response=response, question=question, service=first)
