# ruff: noqa: RUF001 - Bulgarian is written in Cyrillic: its letters are meant
"""The TRACE-KEI SME satisfaction questionnaire, shipped as data in the portal's eight
languages: (a) satisfaction with the cluster's performance, (b) usefulness of each
service received, (c) tailor-made services and readiness to pay, plus open comments.

``install(project)`` creates it once (key ``trace-kei-sme-satisfaction``); the results
pages, the KPIs and the PDF read its answers through the codes named below.
"""

from __future__ import annotations

from django.db import transaction

from .models import Choice, Purpose, Question, QuestionKind, Questionnaire, Section

KEY = "trace-kei-sme-satisfaction"

#: The 1-5 ratings whose mean is the satisfaction index.
SATISFACTION_CODES = (
    "sat_information",
    "sat_networking",
    "sat_internationalisation",
    "sat_innovation",
    "sat_value_for_fee",
    "sat_overall",
)
OVERALL_CODE = "sat_overall"
USEFULNESS_CODE = "service_usefulness"
WANTS_TAILOR_MADE = "tailor_made_wanted"
TAILOR_MADE_AREAS = "tailor_made_areas"
PAY_BAND = "tailor_made_pay"
COMMENTS = "comments"
PAY_BAND_CODES = ("none", "up_to_500", "500_2000", "2000_5000", "over_5000")

LANGUAGES = ("en", "it", "hu", "de", "pt", "ro", "bg", "sr-latn")


def T(*texts: str) -> dict[str, str]:
    """A text in the eight languages, in the order of ``LANGUAGES``."""
    assert len(texts) == len(LANGUAGES), texts  # noqa: S101 - data shape, checked by a test
    return dict(zip(LANGUAGES, texts, strict=True))


TITLE = T(
    "SME satisfaction survey",
    "Indagine sulla soddisfazione delle PMI",
    "KKV elégedettségi felmérés",
    "Zufriedenheitsumfrage für KMU",
    "Inquérito de satisfação das PME",
    "Sondaj de satisfacție a IMM-urilor",
    "Проучване на удовлетвореността на МСП",
    "Anketa o zadovoljstvu MSP",
)
INTRODUCTION = T(
    "Your cluster asks its member companies how it is doing. It takes about five minutes.",
    "Il tuo cluster chiede alle imprese associate come sta lavorando. Servono circa cinque minuti.",
    "A klaszter megkérdezi tagvállalatait, hogyan teljesít. Körülbelül öt percet vesz igénybe.",
    "Ihr Cluster fragt seine Mitgliedsunternehmen, wie gut er arbeitet. "
    "Es dauert etwa fünf Minuten.",
    "O seu cluster pergunta às empresas associadas como está a trabalhar. "
    "Demora cerca de cinco minutos.",
    "Clusterul își întreabă firmele membre cum se descurcă. Durează aproximativ cinci minute.",
    "Вашият клъстер пита фирмите членове как се справя. Отнема около пет минути.",
    "Vaš klaster pita članice kako radi. Potrebno je oko pet minuta.",
)

SATISFIED_LOW = T(
    "Very dissatisfied",
    "Per niente soddisfatto",
    "Egyáltalán nem elégedett",
    "Sehr unzufrieden",
    "Muito insatisfeito",
    "Foarte nemulțumit",
    "Много неудовлетворен",
    "Veoma nezadovoljan",
)
SATISFIED_HIGH = T(
    "Very satisfied",
    "Molto soddisfatto",
    "Nagyon elégedett",
    "Sehr zufrieden",
    "Muito satisfeito",
    "Foarte mulțumit",
    "Много удовлетворен",
    "Veoma zadovoljan",
)
USEFUL_LOW = T(
    "Not useful",
    "Per niente utile",
    "Nem hasznos",
    "Nicht nützlich",
    "Nada útil",
    "Deloc util",
    "Безполезна",
    "Nije korisna",
)
USEFUL_HIGH = T(
    "Very useful",
    "Molto utile",
    "Nagyon hasznos",
    "Sehr nützlich",
    "Muito útil",
    "Foarte util",
    "Много полезна",
    "Veoma korisna",
)

# (code, kind, text, help, required, low, high, show_if (code, value), choices)
SECTIONS = [
    {
        "title": T(
            "Satisfaction with the cluster",
            "Soddisfazione per il cluster",
            "Elégedettség a klaszterrel",
            "Zufriedenheit mit dem Cluster",
            "Satisfação com o cluster",
            "Satisfacția față de cluster",
            "Удовлетвореност от клъстера",
            "Zadovoljstvo klasterom",
        ),
        "introduction": T(
            "How satisfied are you with what the cluster does for your company?",
            "Quanto è soddisfatto di ciò che il cluster fa per la sua impresa?",
            "Mennyire elégedett azzal, amit a klaszter a vállalatáért tesz?",
            "Wie zufrieden sind Sie mit dem, was der Cluster für Ihr Unternehmen tut?",
            "Qual a sua satisfação com o que o cluster faz pela sua empresa?",
            "Cât de mulțumit sunteți de ceea ce face clusterul pentru firma dvs.?",
            "Доколко сте доволни от това, което клъстерът прави за Вашата фирма?",
            "Koliko ste zadovoljni onim što klaster radi za vašu firmu?",
        ),
        "questions": [
            {
                "code": "sat_information",
                "kind": QuestionKind.RATING,
                "text": T(
                    "Information (news, calls for proposals, events)",
                    "Informazione (notizie, bandi, eventi)",
                    "Tájékoztatás (hírek, pályázati felhívások, rendezvények)",
                    "Information (Neuigkeiten, Ausschreibungen, Veranstaltungen)",
                    "Informação (notícias, concursos, eventos)",
                    "Informare (știri, apeluri de proiecte, evenimente)",
                    "Информация (новини, покани за проекти, събития)",
                    "Informisanje (vesti, javni pozivi, događaji)",
                ),
            },
            {
                "code": "sat_networking",
                "kind": QuestionKind.RATING,
                "text": T(
                    "Networking and matchmaking with other companies and partners",
                    "Networking e incontri con altre imprese e partner",
                    "Kapcsolatépítés és partnerkeresés más vállalatokkal",
                    "Vernetzung und Partnervermittlung mit anderen Unternehmen",
                    "Networking e contactos com outras empresas e parceiros",
                    "Networking și întâlniri cu alte firme și parteneri",
                    "Контакти и срещи с други фирми и партньори",
                    "Umrežavanje i povezivanje sa drugim firmama i partnerima",
                ),
            },
            {
                "code": "sat_internationalisation",
                "kind": QuestionKind.RATING,
                "text": T(
                    "Support for internationalisation (markets and partners abroad)",
                    "Supporto all'internazionalizzazione (mercati e partner esteri)",
                    "Nemzetköziesedés támogatása (külföldi piacok és partnerek)",
                    "Unterstützung bei der Internationalisierung (Auslandsmärkte, Partner)",
                    "Apoio à internacionalização (mercados e parceiros no estrangeiro)",
                    "Sprijin pentru internaționalizare (piețe și parteneri din străinătate)",
                    "Подкрепа за интернационализация (пазари и партньори в чужбина)",
                    "Podrška internacionalizaciji (tržišta i partneri u inostranstvu)",
                ),
            },
            {
                "code": "sat_innovation",
                "kind": QuestionKind.RATING,
                "text": T(
                    "Support for innovation (projects, research partners, funding)",
                    "Supporto all'innovazione (progetti, partner di ricerca, finanziamenti)",
                    "Innováció támogatása (projektek, kutatási partnerek, finanszírozás)",
                    "Unterstützung bei Innovation (Projekte, Forschungspartner, Förderung)",
                    "Apoio à inovação (projetos, parceiros de investigação, financiamento)",
                    "Sprijin pentru inovare (proiecte, parteneri de cercetare, finanțare)",
                    "Подкрепа за иновации (проекти, научни партньори, финансиране)",
                    "Podrška inovacijama (projekti, istraživački partneri, finansiranje)",
                ),
            },
            {
                "code": "sat_value_for_fee",
                "kind": QuestionKind.RATING,
                "text": T(
                    "Value for your membership fee",
                    "Rapporto qualità/prezzo della quota associativa",
                    "A tagdíjért kapott érték",
                    "Gegenwert für Ihren Mitgliedsbeitrag",
                    "Valor obtido pela quota de associado",
                    "Valoarea primită pentru cotizația de membru",
                    "Стойност срещу членския внос",
                    "Vrednost za članarinu",
                ),
            },
            {
                "code": "sat_overall",
                "kind": QuestionKind.RATING,
                "text": T(
                    "Overall, how satisfied are you with the cluster's performance?",
                    "Nel complesso, quanto è soddisfatto del lavoro del cluster?",
                    "Összességében mennyire elégedett a klaszter teljesítményével?",
                    "Wie zufrieden sind Sie insgesamt mit der Arbeit des Clusters?",
                    "No geral, qual a sua satisfação com o desempenho do cluster?",
                    "Per ansamblu, cât de mulțumit sunteți de activitatea clusterului?",
                    "Като цяло, доколко сте доволни от работата на клъстера?",
                    "Sve u svemu, koliko ste zadovoljni radom klastera?",
                ),
            },
        ],
    },
    {
        "title": T(
            "Usefulness of the services",
            "Utilità dei servizi",
            "A szolgáltatások hasznossága",
            "Nutzen der Leistungen",
            "Utilidade dos serviços",
            "Utilitatea serviciilor",
            "Полезност на услугите",
            "Korisnost usluga",
        ),
        "introduction": {},
        "questions": [
            {
                "code": USEFULNESS_CODE,
                "kind": QuestionKind.SERVICE_MATRIX,
                "required": False,
                "low": USEFUL_LOW,
                "high": USEFUL_HIGH,
                "text": T(
                    "How useful was each service your company received?",
                    "Quanto è stato utile ciascun servizio ricevuto dalla sua impresa?",
                    "Mennyire volt hasznos az egyes szolgáltatás, amelyet vállalata kapott?",
                    "Wie nützlich war jede Leistung, die Ihr Unternehmen erhalten hat?",
                    "Qual a utilidade de cada serviço que a sua empresa recebeu?",
                    "Cât de util a fost fiecare serviciu primit de firma dvs.?",
                    "Колко полезна беше всяка услуга, която фирмата Ви получи?",
                    "Koliko je bila korisna svaka usluga koju je vaša firma dobila?",
                ),
            }
        ],
    },
    {
        "title": T(
            "Tailor-made services",
            "Servizi su misura",
            "Személyre szabott szolgáltatások",
            "Maßgeschneiderte Leistungen",
            "Serviços à medida",
            "Servicii personalizate",
            "Услуги по поръчка",
            "Usluge po meri",
        ),
        "introduction": {},
        "questions": [
            {
                "code": WANTS_TAILOR_MADE,
                "kind": QuestionKind.YES_NO,
                "text": T(
                    "Would you like the cluster to offer services tailor-made for your company?",
                    "Vorrebbe che il cluster offrisse servizi su misura per la sua impresa?",
                    "Szeretné, ha a klaszter a vállalatára szabott szolgáltatásokat kínálna?",
                    "Wünschen Sie sich vom Cluster Leistungen, die auf Ihr Unternehmen "
                    "zugeschnitten sind?",
                    "Gostaria que o cluster oferecesse serviços à medida da sua empresa?",
                    "Ați dori ca clusterul să ofere servicii adaptate firmei dvs.?",
                    "Бихте ли искали клъстерът да предлага услуги, съобразени с Вашата фирма?",
                    "Da li biste želeli da klaster nudi usluge po meri vaše firme?",
                ),
            },
            {
                "code": TAILOR_MADE_AREAS,
                "kind": QuestionKind.MULTIPLE,
                "show_if": (WANTS_TAILOR_MADE, "yes"),
                "text": T(
                    "In which areas?",
                    "In quali ambiti?",
                    "Milyen területeken?",
                    "In welchen Bereichen?",
                    "Em que áreas?",
                    "În ce domenii?",
                    "В кои области?",
                    "U kojim oblastima?",
                ),
                "choices": [
                    (
                        "internationalisation",
                        T(
                            "Internationalisation",
                            "Internazionalizzazione",
                            "Nemzetköziesedés",
                            "Internationalisierung",
                            "Internacionalização",
                            "Internaționalizare",
                            "Интернационализация",
                            "Internacionalizacija",
                        ),
                    ),
                    (
                        "innovation",
                        T(
                            "Innovation and research",
                            "Innovazione e ricerca",
                            "Innováció és kutatás",
                            "Innovation und Forschung",
                            "Inovação e investigação",
                            "Inovare și cercetare",
                            "Иновации и научни изследвания",
                            "Inovacije i istraživanje",
                        ),
                    ),
                    (
                        "funding",
                        T(
                            "Access to finance and EU funding",
                            "Accesso al credito e fondi UE",
                            "Finanszírozás és uniós források",
                            "Finanzierung und EU-Fördermittel",
                            "Acesso a financiamento e fundos da UE",
                            "Acces la finanțare și fonduri UE",
                            "Достъп до финансиране и средства от ЕС",
                            "Pristup finansiranju i fondovima EU",
                        ),
                    ),
                    (
                        "training",
                        T(
                            "Training and skills of staff",
                            "Formazione e competenze del personale",
                            "Munkatársak képzése",
                            "Schulung und Qualifizierung der Mitarbeiter",
                            "Formação e competências dos colaboradores",
                            "Instruirea și competențele personalului",
                            "Обучение и умения на персонала",
                            "Obuka i veštine zaposlenih",
                        ),
                    ),
                    (
                        "digitalisation",
                        T(
                            "Digitalisation",
                            "Digitalizzazione",
                            "Digitalizáció",
                            "Digitalisierung",
                            "Digitalização",
                            "Digitalizare",
                            "Дигитализация",
                            "Digitalizacija",
                        ),
                    ),
                    (
                        "marketing",
                        T(
                            "Marketing and branding",
                            "Marketing e comunicazione del marchio",
                            "Marketing és márkaépítés",
                            "Marketing und Markenbildung",
                            "Marketing e marca",
                            "Marketing și branding",
                            "Маркетинг и изграждане на марка",
                            "Marketing i brendiranje",
                        ),
                    ),
                    (
                        "energy",
                        T(
                            "Energy efficiency and sustainability",
                            "Efficienza energetica e sostenibilità",
                            "Energiahatékonyság és fenntarthatóság",
                            "Energieeffizienz und Nachhaltigkeit",
                            "Eficiência energética e sustentabilidade",
                            "Eficiență energetică și sustenabilitate",
                            "Енергийна ефективност и устойчивост",
                            "Energetska efikasnost i održivost",
                        ),
                    ),
                    (
                        "other",
                        T(
                            "Other",
                            "Altro",
                            "Egyéb",
                            "Sonstiges",
                            "Outro",
                            "Altele",
                            "Друго",
                            "Drugo",
                        ),
                    ),
                ],
            },
            {
                "code": PAY_BAND,
                "kind": QuestionKind.SINGLE,
                "show_if": (WANTS_TAILOR_MADE, "yes"),
                "text": T(
                    "How much would your company be ready to pay for them per year?",
                    "Quanto sarebbe disposta a pagare la sua impresa all'anno?",
                    "Évente mennyit lenne hajlandó fizetni ezekért a vállalata?",
                    "Wie viel wäre Ihr Unternehmen bereit, dafür pro Jahr zu zahlen?",
                    "Quanto estaria a sua empresa disposta a pagar por ano?",
                    "Cât ar fi dispusă firma dvs. să plătească pe an pentru acestea?",
                    "Колко би била готова да плаща фирмата Ви за тях годишно?",
                    "Koliko bi vaša firma bila spremna da plati za njih godišnje?",
                ),
                "choices": [
                    (
                        "none",
                        T(
                            "Nothing",
                            "Niente",
                            "Semmit",
                            "Nichts",
                            "Nada",
                            "Nimic",
                            "Нищо",
                            "Ništa",
                        ),
                    ),
                    (
                        "up_to_500",
                        T(
                            "Up to 500 EUR",
                            "Fino a 500 EUR",
                            "Legfeljebb 500 EUR",
                            "Bis 500 EUR",
                            "Até 500 EUR",
                            "Până la 500 EUR",
                            "До 500 EUR",
                            "Do 500 EUR",
                        ),
                    ),
                    (
                        "500_2000",
                        T(
                            "500 to 2,000 EUR",
                            "Da 500 a 2.000 EUR",
                            "500-2000 EUR",
                            "500 bis 2.000 EUR",
                            "500 a 2.000 EUR",
                            "Între 500 și 2.000 EUR",
                            "От 500 до 2000 EUR",
                            "Od 500 do 2.000 EUR",
                        ),
                    ),
                    (
                        "2000_5000",
                        T(
                            "2,000 to 5,000 EUR",
                            "Da 2.000 a 5.000 EUR",
                            "2000-5000 EUR",
                            "2.000 bis 5.000 EUR",
                            "2.000 a 5.000 EUR",
                            "Între 2.000 și 5.000 EUR",
                            "От 2000 до 5000 EUR",
                            "Od 2.000 do 5.000 EUR",
                        ),
                    ),
                    (
                        "over_5000",
                        T(
                            "Over 5,000 EUR",
                            "Oltre 5.000 EUR",
                            "Több mint 5000 EUR",
                            "Über 5.000 EUR",
                            "Mais de 5.000 EUR",
                            "Peste 5.000 EUR",
                            "Над 5000 EUR",
                            "Preko 5.000 EUR",
                        ),
                    ),
                ],
            },
            {
                "code": COMMENTS,
                "kind": QuestionKind.LONG_TEXT,
                "required": False,
                "text": T(
                    "Any other comments or suggestions for the cluster?",
                    "Altri commenti o suggerimenti per il cluster?",
                    "Egyéb megjegyzés vagy javaslat a klaszter számára?",
                    "Weitere Anmerkungen oder Vorschläge an den Cluster?",
                    "Outros comentários ou sugestões para o cluster?",
                    "Alte comentarii sau sugestii pentru cluster?",
                    "Други коментари или предложения към клъстера?",
                    "Drugi komentari ili predlozi za klaster?",
                ),
            },
        ],
    },
]


def all_texts():
    """Every text of the questionnaire (for the test that each has all 8 languages)."""
    yield TITLE
    yield INTRODUCTION
    for section in SECTIONS:
        yield section["title"]
        if section["introduction"]:
            yield section["introduction"]
        for spec in section["questions"]:
            yield spec["text"]
            if spec["kind"] in (QuestionKind.RATING, QuestionKind.SERVICE_MATRIX):
                yield spec.get("low", SATISFIED_LOW)
                yield spec.get("high", SATISFIED_HIGH)
            for _code, label in spec.get("choices", ()):
                yield label


def current(project) -> Questionnaire | None:
    return Questionnaire.objects.filter(project=project, key=KEY, is_current=True).first()


@transaction.atomic
def install(project, *, actor=None) -> Questionnaire:
    """The standard questionnaire of ``project``, created once (a second call, or a later
    version made in the editor, is returned as it is)."""
    return install_spec(
        project,
        key=KEY,
        purpose=Purpose.SME_SATISFACTION,
        title=TITLE,
        introduction=INTRODUCTION,
        sections=SECTIONS,
        low=SATISFIED_LOW,
        high=SATISFIED_HIGH,
        actor=actor,
    )


@transaction.atomic
def install_spec(
    project, *, key, purpose, title, introduction, sections, low, high, actor=None
) -> Questionnaire:
    """Create a questionnaire shipped as data (``SECTIONS``-shaped ``sections``) once per
    project under ``key``; an existing one (any version) is returned as it is. ``low`` and
    ``high`` are the scale ends of rating questions that name none."""
    existing = (
        Questionnaire.objects.select_for_update()
        .filter(project=project, key=key)
        .order_by("-is_current", "-version")
        .first()
    )
    if existing is not None:
        return existing
    questionnaire = Questionnaire(
        project=project,
        cluster=None,
        key=key,
        version=1,
        purpose=purpose,
        title=title,
        introduction=introduction,
        all_services=False,
        created_by=actor,
    )
    questionnaire.full_clean(exclude=["created_by"])  # installed by the system too
    questionnaire.save()
    by_code: dict[str, Question] = {}
    position = 0
    for section_position, section_spec in enumerate(sections):
        section = Section(
            questionnaire=questionnaire,
            position=section_position,
            title=section_spec["title"],
            introduction=section_spec["introduction"],
        )
        section.full_clean()
        section.save()
        for spec in section_spec["questions"]:
            position += 1
            kind = spec["kind"]
            scale = kind in (QuestionKind.RATING, QuestionKind.SERVICE_MATRIX)
            show_if = spec.get("show_if")
            question = Question(
                questionnaire=questionnaire,
                section=section,
                position=position,
                code=spec["code"],
                kind=kind,
                text=spec["text"],
                required=spec.get("required", True),
                low_label=spec.get("low", low) if scale else {},
                high_label=spec.get("high", high) if scale else {},
                show_if=by_code[show_if[0]] if show_if else None,
                show_if_value=show_if[1] if show_if else "",
            )
            question.full_clean()
            question.save()
            by_code[question.code] = question
            for choice_position, (code, label) in enumerate(spec.get("choices", ())):
                choice = Choice(question=question, position=choice_position, code=code, label=label)
                choice.full_clean()
                choice.save()
    return questionnaire
