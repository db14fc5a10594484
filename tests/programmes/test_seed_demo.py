import json
from io import StringIO
from typing import Any

import pytest
from django.conf import LazySettings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest

from agenda.models import AgendaItem, Day, Slide
from seminar.models import Seminar
from tests.programmes.deck_titles import DECK_TITLES

pytestmark = pytest.mark.django_db


def seed_demo_json() -> dict[str, Any]:
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    printed: dict[str, Any] = json.loads(out.getvalue())
    return printed


def test_seed_demo_json_names_the_seminar_login_and_urls(settings: LazySettings):
    printed = seed_demo_json()

    seminar = Seminar.objects.get()
    stored = json.loads(settings.DEMO_CREDENTIALS_PATH.read_text())
    assert printed == {
        "seminar": {"slug": "sel-2023", "join_code": seminar.join_code},
        "facilitator": {"username": "fasilitator", "password": stored["password"]},
        "urls": {
            "console": "/seminars/sel-2023/console/",
            "projector": f"/p/{seminar.projector_token}/",
            "join": f"/j/{seminar.join_code}/",
        },
    }
    user = authenticate(HttpRequest(), username="fasilitator", password=stored["password"])
    assert list(seminar.facilitators.all()) == [user]


def test_the_demo_facilitator_has_a_name_the_notes_use_and_keeps_one_they_give():
    from django.contrib.auth.models import User

    from notes.export import export_notes
    from seminar.services import display_name, set_display_name

    seed_demo_json()
    user = User.objects.get(username="fasilitator")
    demo = Seminar.objects.get(slug="sel-2023")

    markdown = export_notes(seminar=demo, format="md").data.decode()

    assert display_name(user) == "Kari Nordmann"
    assert "Prosessveiledere: Kari Nordmann" in markdown.splitlines()
    assert "fasilitator" not in markdown
    set_display_name(user=user, name="Ingrid Haugen")
    seed_demo_json()
    assert display_name(User.objects.get(username="fasilitator")) == "Ingrid Haugen"


def test_seed_demo_makes_a_new_password_per_installation(settings: LazySettings, tmp_path):
    first = seed_demo_json()["facilitator"]["password"]
    settings.DEMO_CREDENTIALS_PATH = tmp_path / "another-installation.json"

    second = seed_demo_json()["facilitator"]["password"]

    assert len(first) == 16
    assert first != second
    assert authenticate(HttpRequest(), username="fasilitator", password=second) is not None


def test_a_restart_skips_hashing_the_password_but_a_changed_one_is_put_back(
    settings: LazySettings,
):
    from django.contrib.auth.models import User

    seed_demo_json()
    stored = json.loads(settings.DEMO_CREDENTIALS_PATH.read_text())
    user = User.objects.get(username="fasilitator")
    assert stored["checked_hash"] == user.password  # a restart compares strings, no hashing

    user.set_password("changed on the account page")
    user.save()
    seed_demo_json()

    user.refresh_from_db()
    assert user.check_password(stored["password"]) is True
    assert json.loads(settings.DEMO_CREDENTIALS_PATH.read_text())["checked_hash"] == user.password


def test_seed_demo_twice_changes_nothing():
    first = seed_demo_json()
    counts = (
        Seminar.objects.count(),
        Day.objects.count(),
        AgendaItem.objects.count(),
        Slide.objects.count(),
    )

    second = seed_demo_json()

    assert second == first
    assert (
        Seminar.objects.count(),
        Day.objects.count(),
        AgendaItem.objects.count(),
        Slide.objects.count(),
    ) == counts


def test_demo_holds_every_slide_of_the_deck_in_deck_order():
    seed_demo_json()

    titles = list(
        Slide.objects.filter(item__day__seminar__slug="sel-2023")
        .order_by("item__day__number", "item__order", "order")
        .values_list("title", flat=True)
    )

    assert titles == DECK_TITLES


def test_demo_days_end_as_the_deck_says():
    seed_demo_json()

    days = list(
        Day.objects.filter(seminar__slug="sel-2023").values_list("number", "date", "ends_at")
    )

    assert [(number, str(on), str(ends)) for number, on, ends in days] == [
        (1, "2023-10-30", "15:00:00"),
        (2, "2023-10-31", "14:30:00"),
    ]


def test_demo_film_slides_link_to_the_films():
    seed_demo_json()

    films = list(
        Slide.objects.filter(item__day__seminar__slug="sel-2023", layout=Slide.Layout.FILM)
        .order_by("item__day__number", "item__order", "order")
        .values_list("link", flat=True)
    )

    assert films == ["https://youtu.be/u9m9k-pUE0", "https://youtu.be/3idwOkH358c"]


def test_demo_has_the_kommunepolitikk_poll_the_ranking_the_three_dilemmas_and_the_evaluation():
    from polls.models import Poll, Survey

    seed_demo_json()

    polls = list(
        Poll.objects.filter(seminar__slug="sel-2023")
        .order_by("order")
        .values_list(
            "slide__title", "kind", "series_part", "results", "answer_key_is_judgement", "survey"
        )
    )
    # The evaluation is one survey on its slide: four questions answered on one page.
    survey = Survey.objects.get(seminar__slug="sel-2023")
    assert (survey.title, survey.slide.title) == ("Evaluering", "Evaluering")
    assert polls == [
        ("Hva er egentlig kommunepolitikk?", "multiple", "", "live", False, None),
        ("Utfordringer for kommunal sektor", "ranking", "", "live", False, None),
        ("Rødt eller grønt lys? Del 1", "traffic_light", "Del 1", "on_reveal", True, None),
        ("Rødt eller grønt lys? Del 2", "traffic_light", "Del 2", "on_reveal", True, None),
        ("Rødt eller grønt lys? Del 3", "traffic_light", "Del 3", "on_reveal", True, None),
        ("Evaluering", "scale", "1", "live", False, survey.pk),
        ("Evaluering", "scale", "2", "live", False, survey.pk),
        ("Evaluering", "scale", "3", "live", False, survey.pk),
        ("Evaluering", "open_text", "4", "live", False, survey.pk),
    ]
    kommunepolitikk = Poll.objects.get(seminar__slug="sel-2023", order=1)
    assert (kommunepolitikk.choices.count(), kommunepolitikk.max_choices) == (8, 3)
    dilemma = Poll.objects.get(seminar__slug="sel-2023", series_part="Del 3")
    assert "§ 8 andre ledd" in dilemma.answer_key_rules
    assert "LOV-2025-06-20-81" in dilemma.answer_key_law_version
    assert [c.light for c in dilemma.choices.order_by("order")] == ["green", "yellow", "red"]


def test_demo_has_every_exercise_of_the_deck_on_its_slide_with_its_prompt():
    from exercises.models import Exercise

    seed_demo_json()

    exercises = list(
        Exercise.objects.filter(seminar__slug="sel-2023")
        .order_by("order")
        .values_list(
            "slide__title", "kind", "grouping", "limit", "timer_minutes", "poll__series_part"
        )
    )
    assert exercises == [
        ("Visittkort", "card", "individual", 0, 10, None),
        (
            "Hva risikerer vi som kommune hvis vi ikke planlegger godt for framtiden?",
            "brainstorm",
            "table",
            0,
            10,
            None,
        ),
        ("Sykehjemsplass", "case", "table", 0, 0, None),
        ("En oppgave om planlegging og samspill.", "contest", "table", 0, 10, None),
        ("Rødt eller grønt lys? Del 1", "dilemma", "table", 0, 0, "Del 1"),
        ("Rødt eller grønt lys? Del 2", "dilemma", "table", 0, 0, "Del 2"),
        ("Rødt eller grønt lys? Del 3", "dilemma", "table", 0, 0, "Del 3"),
        ("Hvordan håndtere habilitet?", "case", "table", 0, 0, None),
        ("Hets mot folkevalgte", "case", "table", 0, 0, None),
        (
            "Når jeg tenker på dag 1: hva ble jeg mest opptatt av / hva lærte jeg?",
            "notes",
            "individual",
            3,
            3,
            None,
        ),
        ("Gruppemøter i partiene", "speech", "party", 0, 20, None),
        ("Forventningsavklaring", "expectations", "side", 3, 0, None),
        ("Er alle relevante dokumenter med?", "case", "table", 0, 0, None),
    ]
    questions = {
        exercise.title: [q.text for q in exercise.questions.all()]
        for exercise in Exercise.objects.filter(seminar__slug="sel-2023", kind="case")
    }
    assert questions["Hets mot folkevalgte"] == [
        "Hva kan kommunestyret som kollegium gjøre?",
        "Hva kan administrasjonen bidra med?",
    ]
    assert questions["Habilitet i gruppens behandling"] == [
        "Hva gjør dere i gruppens behandling av den samme saken?"
    ]
    sykehjem = Exercise.objects.get(seminar__slug="sel-2023", title__endswith="Sykehjemsplass")
    assert sykehjem.case_text.startswith("I lokalavisa kan vi lese om 90 år gamle Sverre")
    brainstorm = Exercise.objects.get(seminar__slug="sel-2023", kind="brainstorm")
    assert brainstorm.prompt == (
        "Hva risikerer vi som kommune hvis vi ikke planlegger godt for framtiden?"
    )


def test_demo_has_tables_party_groups_and_the_two_sides():
    from seminar.models import Group

    seed_demo_json()

    groups = Group.objects.filter(seminar__slug="sel-2023")
    assert list(groups.filter(kind="table").values_list("name", flat=True)) == [
        f"Bord {n}" for n in range(1, 7)
    ]
    assert groups.filter(kind="party").count() == 6
    assert list(groups.filter(kind="side").values_list("name", "side")) == [
        ("Folkevalgte", "elected"),
        ("Administrasjonen", "administration"),
    ]


def test_with_answers_fills_every_poll_and_exercise_of_the_demo_once(capsys):
    from exercises.models import Card, Contribution, Exercise
    from polls.models import Ballot, Poll, Survey

    call_command("seed_demo", "--with-answers")
    call_command("seed_demo", "--with-answers")
    out = capsys.readouterr().out

    demo = Seminar.objects.get(slug="sel-2023")
    assert out.splitlines()[0] == "Answers: 38 participants, 311 votes, 185 contributions"
    assert "The demo already has participants: answers left as they are." in out
    unanswered_polls = Poll.objects.filter(seminar=demo).exclude(
        pk__in=Ballot.objects.values("poll_id")
    )
    assert list(unanswered_polls) == []
    written = set(Contribution.objects.values_list("exercise__kind", flat=True))
    assert written == {"brainstorm", "case", "contest", "dilemma", "notes", "expectations"}
    assert Card.objects.filter(exercise__seminar=demo).exclude(drawing="").count() == 30
    assert set(Exercise.objects.filter(seminar=demo).values_list("state", flat=True)) == {"closed"}
    # The evaluation was answered and shown, survey and questions alike.
    assert list(Survey.objects.filter(seminar=demo).values_list("state", "results_shown")) == [
        ("closed", True)
    ]


def test_the_demo_ranks_the_eight_challenges_of_the_sector_three_first():
    from polls.models import Poll

    seed_demo_json()

    ranking = Poll.objects.get(seminar__slug="sel-2023", kind="ranking")
    assert (ranking.slide.title, ranking.question, ranking.max_choices) == (
        "Utfordringer for kommunal sektor",
        "Hvilke tre utfordringer bør vår kommune ta først?",
        3,
    )
    assert [choice.label for choice in ranking.choices.order_by("order")][:2] == [
        "Trangere økonomi krever tøffere prioriteringer",
        "Mangel på kompetanse og arbeidskraft",
    ]
    assert ranking.choices.count() == 8


def test_the_demo_takes_questions_from_the_room_and_holds_those_about_harassment():
    from questions.models import QuestionRound

    seed_demo_json()

    rounds = QuestionRound.objects.filter(seminar__slug="sel-2023").order_by("order")
    assert [(r.slide.title, r.title, r.moderation, r.state) for r in rounds] == [
        (
            "Om Sel kommune ved kommunedirektør",
            "Spørsmål til kommunedirektøren",
            "at_once",
            "draft",
        ),
        ("Hets mot folkevalgte", "Spørsmål om hets", "held", "draft"),
        ("Takk for meg!", "Spørsmål til ordføreren", "at_once", "draft"),
    ]
