"""Questions from the room: what phones may do and what the facilitator does, as stored."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from live.activities import ask_the_room
from live.audiences import CONSOLE
from live.screens import render_results
from questions import services
from questions.models import QuestionRound, RoomQuestion, Upvote
from questions.queries import my_questions, question_board
from seminar.models import Participant, Seminar
from tests.factories import make_participant, make_seminar

pytestmark = pytest.mark.django_db


def make_round(seminar: Seminar, *, held: bool = False, state: str = "open") -> QuestionRound:
    return QuestionRound.objects.create(
        seminar=seminar,
        title="Spørsmål til ordføreren",
        moderation=QuestionRound.Moderation.HELD if held else QuestionRound.Moderation.AT_ONCE,
        state=state,
    )


def do(
    question_round: QuestionRound,
    participant: Participant,
    action: str,
    *,
    question: RoomQuestion | None = None,
    text: str = "",
    client_id: uuid.UUID | None = None,
    now=None,
) -> services.ActionResult:
    with translation.override("nb"):
        (result,) = services.act(
            actions=[
                services.PhoneAction(
                    round_id=question_round.pk,
                    participant_id=participant.pk,
                    seminar_id=participant.seminar_id,
                    action=action,
                    question_id=question.pk if question else None,
                    text=text,
                    client_id=client_id or uuid.uuid4(),
                )
            ],
            now=now,
        )
    return result


def ask(question_round, participant, text, **kwargs) -> RoomQuestion:
    result = do(question_round, participant, "ask", text=text, **kwargs)
    assert result.error == ""
    assert result.asked is not None
    return result.asked


def counts(question_round: QuestionRound) -> list[tuple[str, int]]:
    board = question_board(question_round, nicknames=False)
    return [(row.text, row.upvotes) for row in board.shown]


def test_one_upvote_per_person_per_question_and_it_can_be_taken_back():
    seminar = make_seminar()
    room = make_round(seminar)
    asker, first, second = (make_participant(seminar) for _ in range(3))
    question = ask(room, asker, "Hva koster ny skole?")

    do(room, first, "upvote", question=question)
    do(room, first, "upvote", question=question)  # again: still one
    do(room, second, "upvote", question=question)
    assert counts(room) == [("Hva koster ny skole?", 2)]

    do(room, first, "unvote", question=question)
    do(room, first, "unvote", question=question)  # not there: nothing changes
    assert counts(room) == [("Hva koster ny skole?", 1)]
    assert my_questions(room.pk, [first.pk, second.pk])[second.pk].upvoted == {question.pk}


def test_the_room_sees_the_most_upvoted_first_and_equals_in_the_order_asked():
    seminar = make_seminar()
    room = make_round(seminar)
    people = [make_participant(seminar) for _ in range(3)]
    early = ask(room, people[0], "Først")
    late = ask(room, people[1], "Senere")
    top = ask(room, people[2], "Mest stemt")
    for person in people:
        do(room, person, "upvote", question=top)
    do(room, people[0], "upvote", question=late)
    do(room, people[1], "upvote", question=early)

    assert counts(room) == [("Mest stemt", 3), ("Først", 1), ("Senere", 1)]


def test_a_question_resent_with_its_client_id_is_stored_once():
    seminar = make_seminar()
    room = make_round(seminar)
    asker = make_participant(seminar)
    client_id = uuid.uuid4()

    first = ask(room, asker, "Når kommer gang- og sykkelveien?", client_id=client_id)
    again = ask(room, asker, "Når kommer gang- og sykkelveien?", client_id=client_id)

    assert first.pk == again.pk
    assert list(RoomQuestion.objects.values_list("text", flat=True)) == [
        "Når kommer gang- og sykkelveien?"
    ]


def test_an_empty_or_too_long_question_is_refused_with_the_reason_and_kept():
    seminar = make_seminar()
    room = make_round(seminar)
    asker = make_participant(seminar)

    empty = do(room, asker, "ask", text="   \u200b ")
    long = do(room, asker, "ask", text="x" * 281)

    assert empty.error == "Skriv spørsmålet ditt først."
    assert long.error == "Spørsmålet ditt er 281 tegn langt; det er plass til 280."
    assert long.text == "x" * 281
    assert RoomQuestion.objects.count() == 0


def test_a_flood_is_refused_with_when_the_person_can_ask_again():
    seminar = make_seminar()
    room = make_round(seminar)
    asker = make_participant(seminar)
    start = timezone.now()
    for second in range(3):
        ask(room, asker, f"Spørsmål {second}", now=start + timedelta(seconds=second))

    refused = do(room, asker, "ask", text="Ett til", now=start + timedelta(seconds=20))
    later = do(room, asker, "ask", text="Ett til", now=start + timedelta(seconds=61))

    assert refused.error == (
        "Du har stilt 3 spørsmål på ett minutt. Du kan spørre igjen om 40 sekunder."
    )
    assert refused.text == "Ett til"
    assert later.error == ""
    assert RoomQuestion.objects.filter(participant=asker).count() == 4


def test_withdrawing_and_asking_again_still_counts_against_flooding():
    seminar = make_seminar()
    room = make_round(seminar)
    asker, voter = make_participant(seminar), make_participant(seminar)
    question = ask(room, asker, "Hvem bestemmer?")
    do(room, voter, "upvote", question=question)

    do(room, asker, "withdraw", question=question)

    assert counts(room) == []
    assert my_questions(room.pk, [asker.pk])[asker.pk].asked == ()
    assert RoomQuestion.objects.get().text == ""  # the words are gone
    assert Upvote.objects.count() == 0
    for second in range(2):
        ask(room, asker, f"Nytt {second}")
    assert do(room, asker, "ask", text="Ett til").error.startswith("Du har stilt 3 spørsmål")


def test_only_the_asker_can_withdraw():
    seminar = make_seminar()
    room = make_round(seminar)
    asker, other = make_participant(seminar), make_participant(seminar)
    question = ask(room, asker, "Mitt spørsmål")

    do(room, other, "withdraw", question=question)

    assert counts(room) == [("Mitt spørsmål", 0)]


def test_held_questions_wait_for_approval_and_only_then_can_be_upvoted():
    seminar = make_seminar()
    room = make_round(seminar, held=True)
    asker, voter = make_participant(seminar), make_participant(seminar)
    question = ask(room, asker, "Hvordan meldes hets?")

    assert counts(room) == []
    assert [row.waiting for row in my_questions(room.pk, [asker.pk])[asker.pk].asked] == [True]
    assert do(room, voter, "upvote", question=question).error == (
        "Det spørsmålet kan ikke få stemmer nå."
    )

    services.approve(question=question)
    do(room, voter, "upvote", question=question)
    assert counts(room) == [("Hvordan meldes hets?", 1)]

    services.hide(question=question)
    board = question_board(room, nicknames=False)
    assert (board.shown, [row.text for row in board.hidden]) == ([], ["Hvordan meldes hets?"])


def test_the_askers_own_list_says_what_became_of_each_question_and_never_a_stale_count():
    from live.question_actions import render_my_questions

    seminar = make_seminar()
    room = make_round(seminar)
    asker, voter = make_participant(seminar), make_participant(seminar)
    question = ask(room, asker, "Når åpner svømmehallen?")

    def own_status() -> str:
        html = render_my_questions(room, asker.pk, language="nb")
        (status,) = re.findall(r'class="my-questions__status">(.*?)</p>', html)
        return re.sub(r"<[^>]+>", "", status)

    assert own_status() == "Vist for salen"
    do(room, voter, "upvote", question=question)
    # The asker's part is only sent when the asker acts: a count there would still say
    # "0 stemmer" while the shared list, which every upvote updates, says "1 stemme".
    assert own_status() == "Vist for salen"
    services.mark_answered(question=question)
    assert own_status() == "Besvart"


def test_answering_now_then_answered_moves_the_question_to_the_answered_list():
    seminar = make_seminar()
    room = make_round(seminar)
    asker = make_participant(seminar)
    first = ask(room, asker, "Først")
    ask(room, asker, "Neste")

    services.answer_now(question=first)
    board = question_board(QuestionRound.objects.get(), nicknames=False)
    assert board.answering is not None and board.answering.text == "Først"
    assert [row.text for row in board.top] == ["Neste"]

    services.mark_answered(question=first)
    board = question_board(QuestionRound.objects.get(), nicknames=False)
    assert board.answering is None
    assert [row.text for row in board.answered] == ["Først"]
    assert [row.text for row in board.shown] == ["Neste"]


def test_nothing_is_taken_while_the_round_is_closed_or_from_another_seminar():
    seminar, other = make_seminar(), make_seminar(municipality="Annenvik kommune")
    room = make_round(seminar, state="closed")
    asker, stranger = make_participant(seminar), make_participant(other)

    closed = do(room, asker, "ask", text="For sent?")
    elsewhere = do(make_round(seminar), stranger, "ask", text="Fra en annen kommune")

    assert closed.error == "Spørsmålene er stengt. Ingenting ble lagret."
    assert elsewhere.error == "Disse spørsmålene er ikke på skjermen lenger."
    assert elsewhere.question_round is None
    assert RoomQuestion.objects.count() == 0


def test_nicknames_show_only_where_the_seminar_allows_them():
    seminar = make_seminar()
    room = make_round(seminar)
    asker = Participant.objects.create(seminar=seminar, side="elected", nickname="Kari")
    ask(room, asker, "Et spørsmål")

    assert [row.asked_by for row in question_board(room, nicknames=False).rows] == [""]
    assert [row.asked_by for row in question_board(room, nicknames=True).rows] == ["Kari"]


@pytest.mark.parametrize("questions", [1, 30])
def test_the_board_is_one_query_and_a_batch_a_fixed_number(questions, django_assert_num_queries):
    seminar = make_seminar()
    room = make_round(seminar)
    people = [make_participant(seminar) for _ in range(questions)]
    asked = [ask(room, person, f"Spørsmål {n}") for n, person in enumerate(people)]
    actions = [
        services.PhoneAction(
            round_id=room.pk,
            participant_id=person.pk,
            seminar_id=seminar.pk,
            action="upvote",
            question_id=question.pk,
        )
        for person in people
        for question in asked[:3]
    ] + [
        services.PhoneAction(
            round_id=room.pk,
            participant_id=person.pk,
            seminar_id=seminar.pk,
            action="ask",
            text="Enda et spørsmål",
            client_id=uuid.uuid4(),
        )
        for person in people
    ]

    # rounds, questions named, askers' recent and sent, questions, upvotes (SAVEPOINTs
    # are not counted on SQLite's autocommit; the test's own transaction holds them)
    with django_assert_num_queries(6):
        services.act(actions=actions)
    with django_assert_num_queries(1):
        board = question_board(room, nicknames=False)
    with django_assert_num_queries(2):
        my_questions(room.pk, [person.pk for person in people])

    assert len(board.shown) == 2 * questions
    assert board.upvotes == questions * min(3, questions)


def test_a_phone_lists_the_forty_most_upvoted_and_the_twenty_newest_of_the_rest():
    seminar = make_seminar()
    room = make_round(seminar)
    start = timezone.now()
    people = [make_participant(seminar) for _ in range(70)]
    asked = [
        ask(room, person, f"Q{n}", now=start + timedelta(seconds=n))
        for n, person in enumerate(people)
    ]
    for voter in people[:3]:
        for question in asked[10:50]:
            do(room, voter, "upvote", question=question)

    board = question_board(room, nicknames=False)

    listed = [row.text for row in board.on_phones]
    assert listed[:40] == [f"Q{n}" for n in range(10, 50)]  # 3 upvotes each, oldest first
    assert sorted(listed[40:], key=lambda text: int(text[1:])) == [f"Q{n}" for n in range(50, 70)]
    assert board.not_on_phones == 10


def test_the_phones_list_follows_once_a_second_or_slower_for_a_large_hall():
    from live.hub import phone_list_interval

    assert phone_list_interval(20_000, 150) == 1.0  # a room: 3 MB a second is nothing
    assert phone_list_interval(40_000, 1000) == 2.0  # a hall: 40 MB, spread over 2 s


def console_rows(seminar: Seminar) -> list[tuple[str, str, list[str]]]:
    """The console's rows as the facilitator reads them: count, question, buttons."""
    html = render_results(seminar.pk)["screens"][CONSOLE]
    rows = re.findall(r'<li class="console-question[^"]*">(.*?)</li>', html, re.S)
    return [
        (
            re.search(r'class="console-question__count"[^>]*>(\d+)', row)[1],
            re.search(r'id="console-question-\d+">([^<]+)', row)[1],
            re.findall(r"<button[^>]*>([^<]+)</button>", row),
        )
        for row in rows
    ]


def test_the_consoles_rows_follow_each_change_and_its_language():
    seminar = make_seminar()
    question_round = ask_the_room(seminar_id=seminar.pk, title="Spørsmål til ordføreren")
    kari, ola = make_participant(seminar), make_participant(seminar)
    first = ask(question_round, kari, "Hvordan følger vi opp?")
    ask(question_round, ola, "Når er neste møte?")

    before = console_rows(seminar)
    do(question_round, ola, "upvote", question=first)
    after = console_rows(seminar)
    services.answer_now(question=first)
    answering = console_rows(seminar)
    Seminar.objects.filter(pk=seminar.pk).update(language="en")
    in_english = console_rows(seminar)

    assert before == [
        ("0", "Hvordan følger vi opp?", ["Svar nå", "Besvart", "Skjul"]),
        ("0", "Når er neste møte?", ["Svar nå", "Besvart", "Skjul"]),
    ]
    assert after == [
        ("1", "Hvordan følger vi opp?", ["Svar nå", "Besvart", "Skjul"]),
        ("0", "Når er neste møte?", ["Svar nå", "Besvart", "Skjul"]),
    ]
    assert answering == [
        ("1", "Hvordan følger vi opp?", ["Besvart"]),
        ("0", "Når er neste møte?", ["Svar nå", "Besvart", "Skjul"]),
    ]
    assert in_english == [
        ("1", "Hvordan følger vi opp?", ["Answered"]),
        ("0", "Når er neste møte?", ["Answer now", "Answered", "Hide"]),
    ]
