# ruff: noqa: RUF001 - Bulgarian is written in Cyrillic: its letters are meant
"""The TRACE-KEI training feedback questionnaire, shipped as data in the portal's eight
languages like the SME satisfaction one (``surveys.standard``): what the attendees of a
held activity (a joint training, a study visit, a workshop) thought of it.

``install(project)`` creates it once (key ``trace-kei-training-feedback``);
``manage.py load_standard_questionnaire`` installs it with the standard one, and the
trainings app's feedback launch (``trainings.feedback``) uses its current version. The
invitation e-mail's subject and text in the eight languages are here too.
"""

from __future__ import annotations

from django.db import transaction

from .models import Purpose, QuestionKind, Questionnaire
from .standard import SATISFIED_HIGH, SATISFIED_LOW, T, install_spec

KEY = "trace-kei-training-feedback"

OVERALL = "fb_overall"
RELEVANCE = "fb_relevance"
SPEAKERS = "fb_speakers"
ORGANISATION = "fb_organisation"
RATING_CODES = (OVERALL, RELEVANCE, SPEAKERS, ORGANISATION)
USEFUL_PARTS = "fb_useful_parts"
USEFUL_TOPICS = "fb_useful_topics"
IMPROVE = "fb_improve"
RECOMMEND = "fb_recommend"
USEFUL_PART_CODES = ("lectures", "case_work", "visits", "exchange", "materials")

TITLE = T(
    "Feedback on the activity you attended",
    "Il suo parere sull'attività a cui ha partecipato",
    "Visszajelzés a rendezvényről, amelyen részt vett",
    "Rückmeldung zur Veranstaltung, an der Sie teilgenommen haben",
    "A sua opinião sobre a atividade em que participou",
    "Părerea dvs. despre activitatea la care ați participat",
    "Обратна връзка за събитието, в което участвахте",
    "Vaše mišljenje o aktivnosti na kojoj ste učestvovali",
)
INTRODUCTION = T(
    "Thank you for taking part. Your answers help us plan the next activities. "
    "It takes about three minutes.",
    "Grazie per aver partecipato. Le sue risposte ci aiutano a organizzare le prossime "
    "attività. Servono circa tre minuti.",
    "Köszönjük, hogy részt vett. Válaszai segítenek a következő rendezvények "
    "megtervezésében. Körülbelül három percet vesz igénybe.",
    "Vielen Dank für Ihre Teilnahme. Ihre Antworten helfen uns, die nächsten "
    "Veranstaltungen zu planen. Es dauert etwa drei Minuten.",
    "Obrigado pela sua participação. As suas respostas ajudam-nos a planear as próximas "
    "atividades. Demora cerca de três minutos.",
    "Vă mulțumim pentru participare. Răspunsurile dvs. ne ajută să planificăm următoarele "
    "activități. Durează aproximativ trei minute.",
    "Благодарим Ви за участието. Вашите отговори ни помагат да планираме следващите "
    "събития. Отнема около три минути.",
    "Hvala vam na učešću. Vaši odgovori nam pomažu da planiramo sledeće aktivnosti. "
    "Potrebno je oko tri minuta.",
)

RELEVANT_LOW = T(
    "Not relevant",
    "Per niente pertinente",
    "Nem kapcsolódott",
    "Nicht relevant",
    "Nada relevante",
    "Deloc relevantă",
    "Не е свързано",
    "Nije relevantna",
)
RELEVANT_HIGH = T(
    "Very relevant",
    "Molto pertinente",
    "Szorosan kapcsolódott",
    "Sehr relevant",
    "Muito relevante",
    "Foarte relevantă",
    "Много свързано",
    "Veoma relevantna",
)
QUALITY_LOW = T(
    "Very poor",
    "Molto scarso",
    "Nagyon gyenge",
    "Sehr schlecht",
    "Muito fraco",
    "Foarte slab",
    "Много слабо",
    "Veoma loše",
)
QUALITY_HIGH = T(
    "Excellent",
    "Eccellente",
    "Kiváló",
    "Ausgezeichnet",
    "Excelente",
    "Excelent",
    "Отлично",
    "Odlično",
)

SECTIONS = [
    {
        "title": T(
            "Your rating",
            "La sua valutazione",
            "Az Ön értékelése",
            "Ihre Bewertung",
            "A sua avaliação",
            "Evaluarea dvs.",
            "Вашата оценка",
            "Vaša ocena",
        ),
        "introduction": {},
        "questions": [
            {
                "code": OVERALL,
                "kind": QuestionKind.RATING,
                "text": T(
                    "Overall, how satisfied are you with the activity?",
                    "Nel complesso, quanto è soddisfatto dell'attività?",
                    "Összességében mennyire elégedett a rendezvénnyel?",
                    "Wie zufrieden sind Sie insgesamt mit der Veranstaltung?",
                    "No geral, qual a sua satisfação com a atividade?",
                    "Per ansamblu, cât de mulțumit sunteți de activitate?",
                    "Като цяло, доколко сте доволни от събитието?",
                    "Sve u svemu, koliko ste zadovoljni aktivnošću?",
                ),
            },
            {
                "code": RELEVANCE,
                "kind": QuestionKind.RATING,
                "low": RELEVANT_LOW,
                "high": RELEVANT_HIGH,
                "text": T(
                    "How relevant was it to your work?",
                    "Quanto è stata pertinente per il suo lavoro?",
                    "Mennyire kapcsolódott a munkájához?",
                    "Wie relevant war sie für Ihre Arbeit?",
                    "Qual a relevância para o seu trabalho?",
                    "Cât de relevantă a fost pentru munca dvs.?",
                    "Доколко беше свързано с Вашата работа?",
                    "Koliko je bila relevantna za vaš posao?",
                ),
            },
            {
                "code": SPEAKERS,
                "kind": QuestionKind.RATING,
                "low": QUALITY_LOW,
                "high": QUALITY_HIGH,
                "text": T(
                    "Quality of the speakers and hosts",
                    "Qualità dei relatori e di chi ci ha ospitato",
                    "Az előadók és a vendéglátók színvonala",
                    "Qualität der Vortragenden und Gastgeber",
                    "Qualidade dos oradores e anfitriões",
                    "Calitatea vorbitorilor și a gazdelor",
                    "Качество на лекторите и домакините",
                    "Kvalitet predavača i domaćina",
                ),
            },
            {
                "code": ORGANISATION,
                "kind": QuestionKind.RATING,
                "low": QUALITY_LOW,
                "high": QUALITY_HIGH,
                "text": T(
                    "Organisation (information beforehand, venue, timing)",
                    "Organizzazione (informazioni preliminari, sede, tempi)",
                    "Szervezés (előzetes tájékoztatás, helyszín, időbeosztás)",
                    "Organisation (Vorabinformation, Ort, Zeitplan)",
                    "Organização (informação prévia, local, horários)",
                    "Organizarea (informare prealabilă, locație, program)",
                    "Организация (предварителна информация, място, график)",
                    "Organizacija (prethodne informacije, mesto, satnica)",
                ),
            },
        ],
    },
    {
        "title": T(
            "Useful parts and suggestions",
            "Parti utili e suggerimenti",
            "Hasznos részek és javaslatok",
            "Nützliches und Vorschläge",
            "Partes úteis e sugestões",
            "Părți utile și sugestii",
            "Полезни части и предложения",
            "Korisni delovi i predlozi",
        ),
        "introduction": {},
        "questions": [
            {
                "code": USEFUL_PARTS,
                "kind": QuestionKind.MULTIPLE,
                "required": False,
                "text": T(
                    "Which parts were most useful?",
                    "Quali parti sono state più utili?",
                    "Mely részek voltak a leghasznosabbak?",
                    "Welche Teile waren am nützlichsten?",
                    "Que partes foram mais úteis?",
                    "Care părți au fost cele mai utile?",
                    "Кои части бяха най-полезни?",
                    "Koji delovi su bili najkorisniji?",
                ),
                "choices": [
                    (
                        "lectures",
                        T(
                            "Lectures and presentations",
                            "Lezioni e presentazioni",
                            "Előadások és prezentációk",
                            "Vorträge und Präsentationen",
                            "Palestras e apresentações",
                            "Prelegeri și prezentări",
                            "Лекции и презентации",
                            "Predavanja i prezentacije",
                        ),
                    ),
                    (
                        "case_work",
                        T(
                            "Case work on our own cluster",
                            "Lavoro su casi del proprio cluster",
                            "Esetfeldolgozás a saját klaszterünkről",
                            "Fallarbeit zum eigenen Cluster",
                            "Trabalho de casos sobre o nosso cluster",
                            "Studii de caz pe propriul cluster",
                            "Работа по казуси за собствения клъстер",
                            "Rad na slučajevima iz sopstvenog klastera",
                        ),
                    ),
                    (
                        "visits",
                        T(
                            "Visits to companies and organisations",
                            "Visite ad aziende e organizzazioni",
                            "Vállalat- és intézménylátogatások",
                            "Besuche bei Unternehmen und Organisationen",
                            "Visitas a empresas e organizações",
                            "Vizite la firme și organizații",
                            "Посещения на фирми и организации",
                            "Posete firmama i organizacijama",
                        ),
                    ),
                    (
                        "exchange",
                        T(
                            "Exchange with other cluster managers",
                            "Scambio con altri cluster manager",
                            "Tapasztalatcsere más klasztermenedzserekkel",
                            "Austausch mit anderen Clustermanagern",
                            "Troca de experiências com outros gestores de clusters",
                            "Schimbul de experiență cu alți manageri de cluster",
                            "Обмен с други мениджъри на клъстери",
                            "Razmena sa drugim menadžerima klastera",
                        ),
                    ),
                    (
                        "materials",
                        T(
                            "Training materials",
                            "Materiali didattici",
                            "Képzési anyagok",
                            "Schulungsunterlagen",
                            "Materiais de formação",
                            "Materialele de instruire",
                            "Учебни материали",
                            "Materijali za obuku",
                        ),
                    ),
                ],
            },
            {
                "code": USEFUL_TOPICS,
                "kind": QuestionKind.SHORT_TEXT,
                "required": False,
                "text": T(
                    "Which topics or modules were most useful to you?",
                    "Quali temi o moduli le sono stati più utili?",
                    "Mely témák vagy modulok voltak a leghasznosabbak az Ön számára?",
                    "Welche Themen oder Module waren für Sie am nützlichsten?",
                    "Que temas ou módulos lhe foram mais úteis?",
                    "Ce teme sau module v-au fost cele mai utile?",
                    "Кои теми или модули Ви бяха най-полезни?",
                    "Koje teme ili moduli su vam bili najkorisniji?",
                ),
            },
            {
                "code": IMPROVE,
                "kind": QuestionKind.LONG_TEXT,
                "required": False,
                "text": T(
                    "What should we improve?",
                    "Cosa dovremmo migliorare?",
                    "Min kellene javítanunk?",
                    "Was sollten wir verbessern?",
                    "O que devemos melhorar?",
                    "Ce ar trebui să îmbunătățim?",
                    "Какво трябва да подобрим?",
                    "Šta bi trebalo da poboljšamo?",
                ),
            },
            {
                "code": RECOMMEND,
                "kind": QuestionKind.YES_NO,
                "text": T(
                    "Would you recommend this activity to a colleague?",
                    "Consiglierebbe questa attività a un collega?",
                    "Ajánlaná ezt a rendezvényt egy kollégájának?",
                    "Würden Sie diese Veranstaltung Kolleginnen und Kollegen empfehlen?",
                    "Recomendaria esta atividade a um colega?",
                    "Ați recomanda această activitate unui coleg?",
                    "Бихте ли препоръчали това събитие на колега?",
                    "Da li biste ovu aktivnost preporučili kolegi?",
                ),
            },
        ],
    },
]

# The invitation e-mail. ``[activity]`` and ``[dates]`` are filled when the campaign is
# made (the text is stored with it); the {placeholders} are surveys.mail's, filled per
# recipient when each e-mail is sent.
SUBJECT = T(
    "{cluster}: how was the activity you attended?",
    "{cluster}: com'è andata l'attività a cui ha partecipato?",
    "{cluster}: milyen volt a rendezvény, amelyen részt vett?",
    "{cluster}: Wie war die Veranstaltung, an der Sie teilgenommen haben?",
    "{cluster}: como correu a atividade em que participou?",
    "{cluster}: cum a fost activitatea la care ați participat?",
    "{cluster}: как премина събитието, в което участвахте?",
    "{cluster}: kako je bilo na aktivnosti na kojoj ste učestvovali?",
)
BODY = T(
    "Dear {contact},\n\nthank you for taking part in “[activity]” ([dates]). Please tell us "
    "in about three minutes how it went: your answers help us plan the next activities."
    "\n\nYour personal link (please do not forward it):\n{link}\n\n"
    "The form is open until {closes_on}.\n\nThank you,\n{cluster}",
    "Gentile {contact},\n\ngrazie per aver partecipato a «[activity]» ([dates]). Ci dica in "
    "circa tre minuti come è andata: le sue risposte ci aiutano a organizzare le prossime "
    "attività.\n\nIl suo link personale (per favore non lo inoltri):\n{link}\n\n"
    "Il modulo è aperto fino al {closes_on}.\n\nGrazie,\n{cluster}",
    "Kedves {contact}!\n\nKöszönjük, hogy részt vett a(z) „[activity]” rendezvényen "
    "([dates]). Kérjük, körülbelül három percben mondja el, milyen volt: válaszai segítenek "
    "a következő rendezvények megtervezésében.\n\nAz Ön személyes linkje (kérjük, ne "
    "továbbítsa):\n{link}\n\nAz űrlap {closes_on} napig érhető el.\n\nKöszönjük,\n{cluster}",
    "Guten Tag {contact},\n\nvielen Dank für Ihre Teilnahme an „[activity]“ ([dates]). "
    "Bitte sagen Sie uns in etwa drei Minuten, wie es war: Ihre Antworten helfen uns, die "
    "nächsten Veranstaltungen zu planen.\n\nIhr persönlicher Link (bitte nicht "
    "weiterleiten):\n{link}\n\nDas Formular ist bis zum {closes_on} geöffnet.\n\n"
    "Vielen Dank,\n{cluster}",
    "Caro/a {contact},\n\nobrigado por ter participado em «[activity]» ([dates]). Diga-nos "
    "em cerca de três minutos como correu: as suas respostas ajudam a planear as próximas "
    "atividades.\n\nA sua ligação pessoal (por favor não a reencaminhe):\n{link}\n\n"
    "O formulário está aberto até {closes_on}.\n\nObrigado,\n{cluster}",
    "Stimate/Stimată {contact},\n\nvă mulțumim că ați participat la „[activity]” "
    "([dates]). Spuneți-ne în aproximativ trei minute cum a fost: răspunsurile dvs. ne "
    "ajută să planificăm următoarele activități.\n\nLinkul dvs. personal (vă rugăm să nu "
    "îl redirecționați):\n{link}\n\nFormularul este deschis până la {closes_on}.\n\n"
    "Vă mulțumim,\n{cluster}",
    "Уважаеми/а {contact},\n\nблагодарим Ви за участието в „[activity]“ ([dates]). Моля, "
    "кажете ни за около три минути как премина: Вашите отговори ни помагат да планираме "
    "следващите събития.\n\nВашата лична връзка (моля, не я препращайте):\n{link}\n\n"
    "Формулярът е отворен до {closes_on}.\n\nБлагодарим,\n{cluster}",
    "Poštovani/a {contact},\n\nhvala vam što ste učestvovali na „[activity]” ([dates]). "
    "Recite nam za oko tri minuta kako je bilo: vaši odgovori nam pomažu da planiramo "
    "sledeće aktivnosti.\n\nVaš lični link (molimo vas da ga ne prosleđujete):\n{link}\n\n"
    "Formular je otvoren do {closes_on}.\n\nHvala,\n{cluster}",
)


def invitation_texts(*, activity_title: str, dates: str) -> tuple[dict, dict]:
    """The e-mail's subject and text in the eight languages for one activity. Braces in
    the title are dropped: they would read as placeholders."""
    title = activity_title.replace("{", "").replace("}", "")
    body = {
        code: text.replace("[activity]", title).replace("[dates]", dates)
        for code, text in BODY.items()
    }
    return dict(SUBJECT), body


def all_texts():
    """Every text of the questionnaire and its e-mail (for the eight-languages test)."""
    yield TITLE
    yield INTRODUCTION
    yield SUBJECT
    yield BODY
    for section in SECTIONS:
        yield section["title"]
        for spec in section["questions"]:
            yield spec["text"]
            if spec["kind"] == QuestionKind.RATING:
                yield spec.get("low", SATISFIED_LOW)
                yield spec.get("high", SATISFIED_HIGH)
            for _code, label in spec.get("choices", ()):
                yield label


def current(project) -> Questionnaire | None:
    return Questionnaire.objects.filter(project=project, key=KEY, is_current=True).first()


@transaction.atomic
def install(project, *, actor=None) -> Questionnaire:
    """The training feedback questionnaire of ``project``, created once."""
    return install_spec(
        project,
        key=KEY,
        purpose=Purpose.TRAINING_FEEDBACK,
        title=TITLE,
        introduction=INTRODUCTION,
        sections=SECTIONS,
        low=SATISFIED_LOW,
        high=SATISFIED_HIGH,
        actor=actor,
    )
