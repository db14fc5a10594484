"""What an exercise looks like on the screens, read in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from exercises.models import Card, Contribution, Exercise, Question, Theme
from polls.models import Poll
from polls.queries import Results, poll_results
from seminar.models import Group, Membership, Participant


@dataclass
class Sheet:
    """One group's work on one exercise: everything it wrote, visible or not."""

    group: Group
    contributions: list[Contribution] = field(default_factory=list)
    members: int = 0
    leader: str | None = None  # "" when chosen but unnamed (no nicknames)
    referent: str | None = None
    leader_id: int | None = None  # participants: for roles_key, never shown
    referent_id: int | None = None
    presenter: str = ""  # speech: who presents, as the projector names them
    present: int = 0  # elected members in the room: a party with none is not in the queue
    # Case questions, each with this group's answer (or None).
    answers: list[tuple[Question, Contribution | None]] = field(default_factory=list)

    @property
    def visible(self) -> list[Contribution]:
        return [c for c in self.contributions if not c.hidden]

    @property
    def entry(self) -> Contribution | None:
        """The group's one answer, for kinds with one per group (none per question)."""
        return next((c for c in self.contributions if c.question_id is None), None)

    @property
    def shown_entry(self) -> Contribution | None:
        entry = self.entry
        return entry if entry is not None and not entry.hidden else None

    def answer_to(self, question: Question) -> Contribution | None:
        return next((c for c in self.contributions if c.question_id == question.pk), None)

    @property
    def roles_key(self) -> str:
        return roles_key(
            group_id=self.group.pk, leader_id=self.leader_id, referent_id=self.referent_id
        )


def roles_key(*, group_id: int, leader_id: int | None, referent_id: int | None) -> str:
    """Who holds a group's roles, in a form no phone reads an id from. A phone's own line
    ("You are the referent") is kept while the group's sheet is redrawn under it, as long
    as this stays the same; when someone else takes the role, it changes and the phone
    asks for its line again."""
    holders = f"{group_id}:{leader_id}:{referent_id}"
    return salted_hmac("exercises.roles", holders).hexdigest()[:12]


def group_roles_key(group_id: int) -> str:
    """roles_key of the group as it is stored now: one query."""
    holders = dict(
        Membership.objects.filter(
            group_id=group_id, role__in=[Membership.Role.LEADER, Membership.Role.REFERENT]
        ).values_list("role", "participant_id")
    )
    return roles_key(
        group_id=group_id,
        leader_id=holders.get(Membership.Role.LEADER),
        referent_id=holders.get(Membership.Role.REFERENT),
    )


@dataclass(frozen=True)
class ThemeNotes:
    theme: Theme | None
    notes: list[Contribution]


@dataclass(frozen=True)
class Standing:
    rank: int
    sheet: Sheet
    height_cm: Decimal
    entry: Contribution


@dataclass(frozen=True)
class InQueue:
    """A party group in the speaking queue, or left out of it (`state` says which)."""

    SPOKEN = "spoken"
    SPEAKING = "speaking"
    WAITING = "waiting"
    SKIPPED = "skipped"  # waiting at the end of the queue
    ABSENT = "absent"  # no elected member in the room: not in the queue

    sheet: Sheet
    state: str
    first: bool = False  # the first of those waiting: it cannot move up
    last: bool = False

    @property
    def waiting(self) -> bool:
        return self.state in {self.WAITING, self.SKIPPED}


def speaking_order(exercise: Exercise, group_ids: list[int]) -> list[int]:
    """The party groups in the order they speak: the facilitator's order, then groups
    made since, in the party list's order (`group_ids`)."""
    known = set(group_ids)
    chosen = [pk for pk in dict.fromkeys(exercise.speaking_order) if pk in known]
    return chosen + [pk for pk in group_ids if pk not in set(chosen)]


def speaking_queue(exercise: Exercise, sheets: list[Sheet]) -> list[InQueue]:
    """The speaking queue as the console shows it: the parties that have spoken, the one
    speaking, those waiting in turn, then the parties with nobody in the room."""
    by_id = {sheet.group.pk: sheet for sheet in sheets}
    order = speaking_order(exercise, list(by_id))
    spoken = [pk for pk in dict.fromkeys(exercise.spoken_groups) if pk in by_id]
    skipped = set(exercise.skipped_groups)
    current = exercise.speaking_group_id
    done = [InQueue(by_id[pk], InQueue.SPOKEN) for pk in spoken if pk != current]
    now = [InQueue(by_id[current], InQueue.SPEAKING)] if current in by_id else []
    waiting = [pk for pk in order if by_id[pk].present and pk != current and pk not in set(spoken)]
    line = [
        InQueue(
            by_id[pk],
            InQueue.SKIPPED if pk in skipped else InQueue.WAITING,
            first=index == 0,
            last=index == len(waiting) - 1,
        )
        for index, pk in enumerate(waiting)
    ]
    absent = [
        InQueue(by_id[pk], InQueue.ABSENT)
        for pk in order
        if not by_id[pk].present and pk != current and pk not in set(spoken)
    ]
    return done + now + line + absent


@dataclass(frozen=True)
class Spotlight:
    """What the projector shows full screen: a contribution (with its group's sheet, if
    a group wrote it) or a business card."""

    contribution: Contribution | None = None
    sheet: Sheet | None = None
    card: Card | None = None


@dataclass
class Board:
    exercise: Exercise
    sheets: list[Sheet]
    questions: list[Question]
    themes: list[Theme]
    notes: list[Contribution]  # individual kinds: every person's contributions
    cards: list[Card]
    poll_results: Results | None

    @property
    def focus(self) -> Sheet | None:
        return next((s for s in self.sheets if s.group.pk == self.exercise.focus_group_id), None)

    @property
    def speaking(self) -> Sheet | None:
        return next((s for s in self.sheets if s.group.pk == self.exercise.speaking_group_id), None)

    @property
    def queue(self) -> list[InQueue]:
        """Speech: the speaking queue, the parties left out of it last."""
        return speaking_queue(self.exercise, self.sheets)

    @property
    def in_queue(self) -> list[InQueue]:
        """Speech: the parties the projector lists, in turn."""
        return [entry for entry in self.queue if entry.state != InQueue.ABSENT]

    @property
    def by_side(self) -> list[tuple[str, list[Sheet]]]:
        """Expectations: the sheets in two columns, elected members first."""
        columns: dict[str, list[Sheet]] = {side: [] for side in Participant.Side.values}
        for sheet in self.sheets:
            columns.setdefault(sheet.group.side or "", []).append(sheet)
        headings: dict[str, str] = {
            Participant.Side.ELECTED: gettext("Elected members"),
            Participant.Side.ADMINISTRATION: gettext("The administration"),
        }
        return [(headings.get(side, ""), sheets) for side, sheets in columns.items() if sheets]

    @property
    def wall(self) -> list[ThemeNotes]:
        """Sticky notes under their themes, then the ones not sorted yet."""
        visible = [note for note in self.notes if not note.hidden]
        groups = [
            ThemeNotes(theme, [note for note in visible if note.theme_id == theme.pk])
            for theme in self.themes
        ]
        unsorted = [note for note in visible if note.theme_id is None]
        return [*groups, ThemeNotes(None, unsorted)] if unsorted or not groups else groups

    @property
    def leaderboard(self) -> list[Standing]:
        """Contest entries, tallest first; equal heights share a rank."""
        entries = [
            (sheet, entry)
            for sheet in self.sheets
            if (entry := sheet.entry) is not None
            and entry.height_cm is not None
            and not entry.hidden
        ]
        entries.sort(key=lambda pair: (-(pair[1].height_cm or 0), pair[0].group.order))
        standings: list[Standing] = []
        for index, (sheet, entry) in enumerate(entries):
            assert entry.height_cm is not None
            tied = standings and standings[-1].height_cm == entry.height_cm
            rank = standings[-1].rank if tied else index + 1
            standings.append(Standing(rank, sheet, entry.height_cm, entry))
        return standings

    @property
    def winners(self) -> list[Standing]:
        return [standing for standing in self.leaderboard if standing.rank == 1]

    @property
    def spotlight(self) -> Spotlight | None:
        """The exercise's full-screen item, from what is already read (no query); None when
        it is hidden since."""
        exercise = self.exercise
        if exercise.spotlight_card_id is not None:
            card = next((c for c in self.visible_cards if c.pk == exercise.spotlight_card_id), None)
            return Spotlight(card=card) if card is not None else None
        if exercise.spotlight_note_id is None:
            return None
        for note in self.notes:
            if note.pk == exercise.spotlight_note_id and not note.hidden:
                return Spotlight(contribution=note)
        for sheet in self.sheets:
            for contribution in sheet.visible:
                if contribution.pk == exercise.spotlight_note_id:
                    return Spotlight(contribution=contribution, sheet=sheet)
        return None

    @property
    def sorting(self) -> list[ThemeNotes]:
        """The console's sorting board: every theme, then the unsorted, each always there
        to drop notes on; hidden notes too (the facilitator sorts them all)."""
        columns = [
            ThemeNotes(theme, [note for note in self.notes if note.theme_id == theme.pk])
            for theme in self.themes
        ]
        return [*columns, ThemeNotes(None, [n for n in self.notes if n.theme_id is None])]

    @property
    def visible_cards(self) -> list[Card]:
        return [card for card in self.cards if not card.hidden]

    @property
    def contribution_count(self) -> int:
        grouped = sum(len(sheet.contributions) for sheet in self.sheets)
        return grouped + len(self.notes) + len(self.cards)


def _person(nickname: str, card_name: str) -> str:
    return nickname or card_name


def exercise_board(exercise: Exercise) -> Board:
    """The exercise with every group's sheet: six queries (eight for a dilemma's vote)."""
    individual = exercise.is_individual
    groups = (
        []
        if individual
        else list(
            Group.objects.filter(seminar_id=exercise.seminar_id, kind=exercise.grouping).order_by(
                "order", "pk"
            )
        )
    )
    contributions = list(
        Contribution.objects.filter(exercise=exercise).order_by("created_at", "pk")
    )
    questions = list(exercise.questions.all())
    themes = list(exercise.themes.all())
    cards = (
        list(Card.objects.filter(exercise=exercise).order_by("created_at", "pk"))
        if exercise.kind == Exercise.Kind.CARD
        else []
    )
    sheets = {group.pk: Sheet(group=group) for group in groups}
    if sheets:
        memberships = Membership.objects.filter(group_id__in=list(sheets)).values_list(
            "group_id",
            "role",
            "participant_id",
            "participant__nickname",
            "participant__side",
            "participant__admission",
        )
        member_groups: dict[int, int] = {}
        nicknames: dict[int, str] = {}
        for group_id, role, participant_id, nickname, side, admission in memberships:
            sheet = sheets[group_id]
            sheet.members += 1
            if side == Participant.Side.ELECTED and admission == Participant.Admission.ADMITTED:
                sheet.present += 1
            member_groups[participant_id] = group_id
            nicknames[participant_id] = nickname
            if role == Membership.Role.LEADER:
                sheet.leader, sheet.leader_id = nickname, participant_id
            elif role == Membership.Role.REFERENT:
                sheet.referent, sheet.referent_id = nickname, participant_id
        if exercise.kind == Exercise.Kind.SPEECH:
            _name_presenters(exercise, sheets, contributions, member_groups, nicknames)
    notes: list[Contribution] = []
    by_id = {question.pk: question for question in questions}
    for contribution in contributions:
        if contribution.question_id is not None:
            contribution.question = by_id[contribution.question_id]  # no query per answer
        if contribution.group_id in sheets:
            sheets[contribution.group_id].contributions.append(contribution)
        elif individual:
            notes.append(contribution)
    for sheet in sheets.values():
        sheet.answers = [(question, sheet.answer_to(question)) for question in questions]
    results = (
        poll_results(exercise.poll)
        if exercise.kind == Exercise.Kind.DILEMMA and exercise.poll is not None
        else None
    )
    return Board(
        exercise=exercise,
        sheets=list(sheets.values()),
        questions=questions,
        themes=themes,
        notes=notes,
        cards=cards,
        poll_results=results,
    )


def _name_presenters(
    exercise: Exercise,
    sheets: dict[int, Sheet],
    contributions: list[Contribution],
    member_groups: dict[int, int],
    nicknames: dict[int, str],
) -> None:
    """Who speaks for each group: the one who said so on their phone, else the group's
    youngest by the business cards, else nobody yet (the group chooses). One query."""
    cards = Card.objects.filter(
        exercise__seminar_id=exercise.seminar_id, participant_id__in=list(member_groups)
    ).values_list("participant_id", "name", "age")
    youngest: dict[int, tuple[int, str, int]] = {}
    card_names: dict[int, str] = defaultdict(str)
    for participant_id, name, age in cards:
        card_names[participant_id] = card_names[participant_id] or name
        if age is None:
            continue
        group_id = member_groups[participant_id]
        if group_id not in youngest or age < youngest[group_id][0]:
            youngest[group_id] = (age, name, participant_id)
    volunteered = {
        c.group_id: c.participant_id
        for c in contributions
        if c.group_id is not None and c.participant_id is not None and not c.hidden
    }
    for group_id, sheet in sheets.items():
        if (volunteer := volunteered.get(group_id)) is not None:
            sheet.presenter = _person(
                nicknames.get(volunteer, ""), card_names.get(volunteer, "")
            ) or gettext("chosen by the group")
        elif group_id in youngest:
            age, name, youngest_id = youngest[group_id]
            sheet.presenter = _person(nicknames.get(youngest_id, ""), name) or gettext(
                "the youngest (%(age)s)"
            ) % {"age": age}


def group_of(participant: Participant, exercise: Exercise) -> Group | None:
    """The participant's group for this exercise, or None (also when it is individual)."""
    if exercise.is_individual:
        return None
    membership = _membership(participant, exercise)
    return membership.group if membership else None


def _membership(participant: Participant, exercise: Exercise) -> Membership | None:
    return (
        Membership.objects.filter(participant=participant, kind=exercise.grouping)
        .select_related("group")
        .first()
    )


@dataclass(frozen=True)
class Mine:
    """One phone's own part of an exercise: its group and role (or the groups it can
    choose from), or its own notes and card."""

    group: Group | None = None
    role: str = ""
    choices: list[Group] = field(default_factory=list)
    notes: list[Contribution] = field(default_factory=list)
    card: Card | None = None


def my_part(exercise: Exercise, participant: Participant) -> Mine:
    """Two queries."""
    if exercise.is_individual:
        notes = list(
            Contribution.objects.filter(exercise=exercise, participant=participant).order_by(
                "created_at", "pk"
            )
        )
        card = Card.objects.filter(exercise=exercise, participant=participant).first()
        return Mine(notes=notes, card=card)
    membership = _membership(participant, exercise)
    if membership is not None:
        return Mine(group=membership.group, role=membership.role)
    choices = Group.objects.filter(seminar_id=exercise.seminar_id, kind=exercise.grouping)
    if exercise.grouping == Exercise.Grouping.SIDE:
        choices = choices.filter(side=participant.side)
    return Mine(choices=list(choices.order_by("order", "pk")))


# The programme editor ----------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """How much the room has written for an exercise, as an edit must say before it
    removes any of it."""

    contributions: int = 0
    cards: int = 0
    per_question: dict[int, int] = field(default_factory=dict)
    per_theme: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.contributions + self.cards


def written_for(exercise: Exercise) -> Written:
    """Two queries, whatever was written."""
    per_question: dict[int, int] = defaultdict(int)
    per_theme: dict[int, int] = defaultdict(int)
    contributions = 0
    counts = (
        Contribution.objects.filter(exercise=exercise)
        .values_list("question_id", "theme_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for question_id, theme_id, count in counts:
        contributions += count
        if question_id is not None:
            per_question[question_id] += count
        if theme_id is not None:
            per_theme[theme_id] += count
    return Written(
        contributions=contributions,
        cards=Card.objects.filter(exercise=exercise).count(),
        per_question=dict(per_question),
        per_theme=dict(per_theme),
    )


def polls_to_follow(*, slide_id: int | None, current_poll_id: int | None) -> list[Poll]:
    """The polls a dilemma may follow: those asked on its slide, and the one it follows
    now wherever that is asked. One query."""
    return list(
        Poll.objects.filter(Q(slide_id=slide_id or 0) | Q(pk=current_poll_id or 0))
        .only("pk", "question", "kind", "series", "series_part")
        .order_by("order", "pk")
    )
