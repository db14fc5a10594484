"""Results as the room sees them: counts only, never who answered what."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q

from polls.models import Ballot, BallotChoice, Choice, Poll, Survey
from seminar.models import Participant
from seminar.prepared import SAMPLE_ID, SAMPLE_OTHER_ID, PreparedQuery

WALL_SIZE = 60
CLOUD_SIZE = 40
# Words too common to say anything in a word cloud (bokmål, nynorsk, English).
STOPWORDS = frozenset(
    [
        "og",
        "i",
        "å",
        "at",
        "det",
        "er",
        "som",
        "en",
        "et",
        "på",
        "for",
        "med",
        "til",
        "av",
        "har",
        "de",
        "den",
        "ikke",
        "om",
        "var",
        "jeg",
        "vi",
        "seg",
        "men",
        "så",
        "kan",
        "vil",
        "skal",
        "ble",
        "blir",
        "dei",
        "ein",
        "eit",
        "ikkje",
        "eg",
        "me",
        "kva",
        "korleis",
        "kor",
        "frå",
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "is",
        "in",
        "it",
        "that",
        "for",
        "on",
        "be",
        "are",
        "or",
    ]
)


@dataclass(frozen=True)
class ResultRow:
    label: str
    count: int  # in a ranking: how many put it in their order
    percent: int  # in a ranking: its share of all the points given
    light: str = ""
    points: int | None = None  # a ranking's Borda points


@dataclass(frozen=True)
class CloudWord:
    word: str
    count: int
    size: int  # 1 (smallest) to 5


@dataclass(frozen=True)
class Results:
    answered: int
    joined: int
    rows: list[ResultRow] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    cloud: list[CloudWord] = field(default_factory=list)
    mean: Decimal | None = None  # to one decimal, by rounded()


def rounded(numerator: int, denominator: int, *, decimals: int = 0) -> Decimal:
    """numerator / denominator rounded half up, as people round by hand: 4.25 is 4.3,
    4.35 is 4.4 and 2.5 is 3. Python's round() rounds half to even, and on the float's
    binary value (round(4.25, 1) == 4.2, round(4.35, 1) == 4.3, round(2.5) == 2); here the
    division is exact in Decimal, so a half is a half. Every mean and share the screens,
    the console, the phones and the notes show is rounded here."""
    exact = Decimal(numerator) / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent_of(count: int, total: int) -> int:
    """A share in whole percent, rounded half up (1 of 8 is 13 %)."""
    return int(rounded(100 * count, total)) if total else 0


def _cloud(texts: list[str]) -> list[CloudWord]:
    words = Counter(
        word
        for text in texts
        for word in re.findall(r"[\w-]{3,}", text.lower())
        if word not in STOPWORDS
    )
    top = words.most_common(CLOUD_SIZE)
    if not top:
        return []
    most = top[0][1]
    return sorted(
        (
            CloudWord(word=w, count=n, size=1 + round(4 * (n - 1) / max(1, most - 1)))
            for w, n in top
        ),
        key=lambda cloud_word: cloud_word.word,
    )


def result_rows(
    poll: Poll, choices: Sequence[Choice], counts: Mapping[int, int], answered: int
) -> list[ResultRow]:
    """A poll's result rows from its counts, by choice id (a choice poll) or by value (a
    scale), however they were counted: by the database for the screens, from the
    ballots for the notes' breakdowns."""
    if poll.has_choices:
        return [
            ResultRow(
                label=choice.label,
                count=counts.get(choice.pk, 0),
                percent=percent_of(counts.get(choice.pk, 0), answered),
                light=choice.light,
            )
            for choice in choices
        ]
    if poll.kind == Poll.Kind.SCALE:
        return [
            ResultRow(
                label=str(v), count=counts.get(v, 0), percent=percent_of(counts.get(v, 0), answered)
            )
            for v in poll.scale_values
        ]
    return []


def borda_points(*, place: int, places: int) -> int:
    """With N places to give, first place earns N points, second N - 1, and so on; a
    choice left out earns none (nor does a place past N, should N have been lowered)."""
    return max(0, places + 1 - place)


def ranking_rows(
    poll: Poll, choices: Sequence[Choice], placed: Mapping[tuple[int, int], int]
) -> list[ResultRow]:
    """A ranking's rows, most points first (a tie keeps the poll's order), from how many
    ballots put each choice in each place: placed[(choice id, place)]."""
    points = dict.fromkeys((choice.pk for choice in choices), 0)
    ranked_by = dict.fromkeys(points, 0)
    for (choice_id, place), ballots in placed.items():
        if choice_id in points:
            points[choice_id] += ballots * borda_points(place=place, places=poll.max_choices)
            ranked_by[choice_id] += ballots
    total = sum(points.values())
    rows = [
        ResultRow(
            label=choice.label,
            count=ranked_by[choice.pk],
            percent=percent_of(points[choice.pk], total),
            points=points[choice.pk],
        )
        for choice in choices
    ]
    return sorted(rows, key=lambda row: -(row.points or 0))


def scale_mean(counts: Mapping[int, int]) -> Decimal | None:
    """A scale's average to one decimal, rounded half up (4.25 is 4.3)."""
    answered = sum(counts.values())
    if not answered:
        return None
    return rounded(sum(v * n for v, n in counts.items()), answered, decimals=1)


def poll_results(poll: Poll) -> Results:
    """Everything a result screen shows, in three queries whatever the turnout."""
    answered = Ballot.objects.filter(poll=poll).count()
    joined = Participant.objects.filter(
        seminar_id=poll.seminar_id, admission=Participant.Admission.ADMITTED
    ).count()
    if poll.ranked:
        placed = {
            (choice_id, place): n
            for choice_id, place, n in BallotChoice.objects.filter(ballot__poll=poll)
            .values_list("choice_id", "rank")
            .annotate(n=Count("id"))
            .values_list("choice_id", "rank", "n")
            .order_by()
            if place is not None
        }
        return Results(
            answered=answered,
            joined=joined,
            rows=ranking_rows(poll, poll_choices(poll), placed),
        )
    if poll.has_choices:
        choices = list(
            Choice.objects.filter(poll=poll).annotate(votes=Count("ballots")).order_by("order")
        )
        counts = {choice.pk: choice.votes for choice in choices}
        return Results(
            answered=answered, joined=joined, rows=result_rows(poll, choices, counts, answered)
        )
    if poll.kind == Poll.Kind.SCALE:
        counts = {
            value: n
            for value, n in Ballot.objects.filter(poll=poll)
            .values_list("value")
            .annotate(n=Count("id"))
            .values_list("value", "n")
            if value is not None
        }
        return Results(
            answered=answered,
            joined=joined,
            rows=result_rows(poll, [], counts, answered),
            mean=scale_mean(counts),
        )
    texts = list(
        Ballot.objects.filter(poll=poll).order_by("-updated_at").values_list("text", flat=True)
    )
    return Results(answered=answered, joined=joined, answers=texts[:WALL_SIZE], cloud=_cloud(texts))


@dataclass(frozen=True)
class VoteDraft:
    """What the phone's form shows as chosen or written (a ranking's choices by place,
    first place first)."""

    choice_ids: tuple[int, ...] = ()
    value: int | None = None
    text: str = ""


@dataclass(frozen=True)
class MyAnswer:
    """What this phone has answered, for its own confirmation only."""

    ballot: Ballot | None
    text: str  # the stored answer, said in words
    draft: VoteDraft

    def context(self, poll: Poll, choices: list[Choice]) -> dict[str, object]:
        return {
            "poll": poll,
            "choices": choices,
            "my_ballot": self.ballot,
            "my_answer": self.text,
            "draft": self.draft,
        }


def answer_words(
    poll: Poll, *, labels: Sequence[str], value: int | None, text: str, separator: str = ", "
) -> str:
    """One ballot's answer in words: its choices' labels (a ranking's numbered by place),
    its value, or its text."""
    if poll.ranked:
        return separator.join(f"{place}. {label}" for place, label in enumerate(labels, 1))
    if poll.has_choices:
        return separator.join(labels)
    if poll.kind == Poll.Kind.SCALE:
        return "" if value is None else str(value)
    return text


def answer_text(poll: Poll, ballot: Ballot, chosen: list[Choice]) -> str:
    return answer_words(
        poll, labels=[choice.label for choice in chosen], value=ballot.value, text=ballot.text
    )


def stored_answer(poll: Poll, ballot: Ballot, chosen: list[Choice]) -> MyAnswer:
    draft = VoteDraft(
        choice_ids=tuple(choice.pk for choice in chosen), value=ballot.value, text=ballot.text
    )
    return MyAnswer(ballot=ballot, text=answer_text(poll, ballot, chosen), draft=draft)


def my_answer(poll: Poll, participant: Participant) -> MyAnswer:
    ballot = Ballot.objects.filter(poll=poll, participant=participant).first()
    if ballot is None:
        return MyAnswer(ballot=None, text="", draft=VoteDraft())
    chosen = [
        placed.choice
        for placed in BallotChoice.objects.filter(ballot=ballot)
        .select_related("choice")
        .order_by("rank", "choice__order")
    ]
    return stored_answer(poll, ballot, chosen)


@dataclass(frozen=True)
class Ticked:
    """What a phone has answered to a poll with choices or a scale, as its form shows it:
    the same for every phone that answered the same (an open answer is its own)."""

    answered: bool
    choice_ids: tuple[int, ...] = ()
    value: int | None = None

    def context(self, poll: Poll, choices: Sequence[Choice]) -> dict[str, object]:
        """As MyAnswer.context, for the phone's form (polls/poll.html#vote_form)."""
        labels = [choice.label for choice in choices if choice.pk in self.choice_ids]
        return {
            "poll": poll,
            "choices": choices,
            "my_ballot": self.answered,
            "my_answer": answer_words(poll, labels=labels, value=self.value, text="")
            if self.answered
            else "",
            "draft": VoteDraft(choice_ids=self.choice_ids, value=self.value),
        }


def ticked(*, poll_id: int, participant_id: int) -> Ticked:
    """This phone's answer to a poll with choices or a scale: one query (prepared: every
    phone's page asks it while a poll is open)."""
    rows = _TICKED.run(poll_id=poll_id, participant_id=participant_id)
    if not rows:
        return Ticked(answered=False)
    # By place in a ranking (no other poll's choices have one), else by id.
    placed = sorted((rank or 0, choice_id) for _value, choice_id, rank in rows if choice_id)
    return Ticked(answered=True, choice_ids=tuple(c for _rank, c in placed), value=rows[0][0])


_TICKED = PreparedQuery(
    lambda *, poll_id, participant_id: Ballot.objects.filter(
        poll_id=poll_id, participant_id=participant_id
    ).values_list("value", "ballotchoice__choice_id", "ballotchoice__rank"),
    poll_id=SAMPLE_ID,
    participant_id=SAMPLE_OTHER_ID,
)


def poll_in_seminar(*, seminar_id: int, poll_id: int) -> Poll | None:
    """A poll of this seminar with the slide it is asked on, for its editor."""
    return Poll.objects.select_related("slide").filter(pk=poll_id, seminar_id=seminar_id).first()


def poll_choices(poll: Poll) -> list[Choice]:
    return list(Choice.objects.filter(poll=poll).order_by("order"))


def votes_given(poll: Poll) -> int:
    """How many people have answered the poll (one ballot each)."""
    return Ballot.objects.filter(poll=poll).count()


# Surveys ----------------------------------------------------------------------------------


def survey_questions(survey: Survey) -> list[Poll]:
    """The survey's questions in order, with their choices: two queries."""
    return list(
        Poll.objects.filter(survey=survey)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order")))
    )


def required_questions(questions: Sequence[Poll]) -> list[Poll]:
    """The questions a person must answer to have finished: every one but the open
    ones, which may be left blank (all of them if the survey asks nothing else)."""
    required = [q for q in questions if q.kind != Poll.Kind.OPEN_TEXT]
    return required or list(questions)


@dataclass(frozen=True)
class SurveyProgress:
    finished: int
    joined: int


def survey_progress(survey: Survey, questions: Sequence[Poll]) -> SurveyProgress:
    """How many have finished the survey, of how many have joined: two queries."""
    required = [q.pk for q in required_questions(questions)]
    finished = 0
    if required:
        finished = (
            Ballot.objects.filter(poll_id__in=required)
            .values("participant_id")
            .annotate(answered=Count("poll_id", distinct=True))
            .filter(answered=len(required))
            .count()
        )
    joined = Participant.objects.filter(
        seminar_id=survey.seminar_id, admission=Participant.Admission.ADMITTED
    ).count()
    return SurveyProgress(finished=finished, joined=joined)


@dataclass(frozen=True)
class QuestionResults:
    question: Poll
    results: Results


def survey_results(questions: Sequence[Poll], joined: int) -> list[QuestionResults]:
    """Each question's results as poll_results gives them, in four queries however many
    questions there are (their choices come loaded with `questions`), and one more where
    some are rankings."""
    ids = [q.pk for q in questions]
    answered = dict(
        Ballot.objects.filter(poll_id__in=ids)
        .values_list("poll_id")
        .annotate(n=Count("id"))
        .values_list("poll_id", "n")
    )
    choice_counts = dict(
        Choice.objects.filter(poll_id__in=[q.pk for q in questions if q.has_choices])
        .annotate(votes=Count("ballots"))
        .values_list("pk", "votes")
    )
    scale_counts: dict[int, dict[int, int]] = {}
    for poll_id, value, n in (
        Ballot.objects.filter(
            poll_id__in=[q.pk for q in questions if q.kind == Poll.Kind.SCALE],
            value__isnull=False,
        )
        .values_list("poll_id", "value")
        .annotate(n=Count("id"))
        .values_list("poll_id", "value", "n")
    ):
        if value is not None:
            scale_counts.setdefault(poll_id, {})[value] = n
    placed: dict[int, dict[tuple[int, int], int]] = {}
    for poll_id, choice_id, place, n in (
        BallotChoice.objects.filter(ballot__poll_id__in=[q.pk for q in questions if q.ranked])
        .values_list("ballot__poll_id", "choice_id", "rank")
        .annotate(n=Count("id"))
        .values_list("ballot__poll_id", "choice_id", "rank", "n")
        .order_by()
    ):
        if place is not None:
            placed.setdefault(poll_id, {})[(choice_id, place)] = n
    texts: dict[int, list[str]] = {}
    for poll_id, text in (
        Ballot.objects.filter(
            Q(poll_id__in=[q.pk for q in questions if q.kind == Poll.Kind.OPEN_TEXT])
        )
        .order_by("-updated_at")
        .values_list("poll_id", "text")
    ):
        texts.setdefault(poll_id, []).append(text)
    results = []
    for question in questions:
        count = answered.get(question.pk, 0)
        if question.ranked:
            rows = ranking_rows(question, list(question.choices.all()), placed.get(question.pk, {}))
            result = Results(answered=count, joined=joined, rows=rows)
        elif question.has_choices:
            choices = list(question.choices.all())
            counts = {c.pk: choice_counts.get(c.pk, 0) for c in choices}
            result = Results(
                answered=count, joined=joined, rows=result_rows(question, choices, counts, count)
            )
        elif question.kind == Poll.Kind.SCALE:
            counts = scale_counts.get(question.pk, {})
            result = Results(
                answered=count,
                joined=joined,
                rows=result_rows(question, [], counts, count),
                mean=scale_mean(counts),
            )
        else:
            answers = texts.get(question.pk, [])
            result = Results(
                answered=count, joined=joined, answers=answers[:WALL_SIZE], cloud=_cloud(answers)
            )
        results.append(QuestionResults(question=question, results=result))
    return results


@dataclass(frozen=True)
class SurveyAnswer:
    """One question of the survey with what this phone has answered (or sent)."""

    question: Poll
    answer: MyAnswer
    error: str = ""


def my_survey_answers(
    questions: Sequence[Poll],
    participant: Participant,
    *,
    sent: Mapping[int, VoteDraft] | None = None,
    errors: Mapping[int, str] | None = None,
) -> list[SurveyAnswer]:
    """This phone's answers to each question: two queries. After a refused send, `sent`
    is what the form said and `errors` why, by question."""
    ballots = {
        ballot.poll_id: ballot
        for ballot in Ballot.objects.filter(
            poll_id__in=[q.pk for q in questions], participant=participant
        ).prefetch_related(
            Prefetch(  # a ranking's by place, any other's in the poll's order
                "ballotchoice_set",
                queryset=BallotChoice.objects.select_related("choice").order_by(
                    "rank", "choice__order"
                ),
            )
        )
    }
    mine = []
    for question in questions:
        ballot = ballots.get(question.pk)
        if ballot is None:
            answer = MyAnswer(ballot=None, text="", draft=VoteDraft())
        else:
            chosen = [placed.choice for placed in ballot.ballotchoice_set.all()]
            answer = stored_answer(question, ballot, chosen)
        if sent is not None:
            answer = MyAnswer(
                ballot=answer.ballot, text=answer.text, draft=sent.get(question.pk, VoteDraft())
            )
        mine.append(
            SurveyAnswer(
                question=question, answer=answer, error=(errors or {}).get(question.pk, "")
            )
        )
    return mine


def finished_survey(answers: Sequence[SurveyAnswer]) -> bool:
    required = {q.pk for q in required_questions([a.question for a in answers])}
    return all(a.answer.ballot is not None for a in answers if a.question.pk in required)


def survey_in_seminar(*, seminar_id: int, survey_id: int) -> Survey | None:
    return Survey.objects.filter(pk=survey_id, seminar_id=seminar_id).first()
