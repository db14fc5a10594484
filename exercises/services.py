"""The rules of exercises: their state, what a phone may write, and what the facilitator
may do with it.

This app knows nothing of screens: the live layer puts an exercise on them
(live/activities.py), and every change to what the room wrote sends `answers_changed`,
which the live layer turns into a coalesced update of the sheets after commit.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from agenda.programme_spec import ExerciseSpec
from agenda.queries import slides_in_show_order
from exercises.images import ImageRefused, clean_drawing, clean_photo
from exercises.models import Card, Contribution, Exercise, Question, Theme
from exercises.queries import group_of, speaking_order, written_for
from exercises.signals import answers_changed
from polls.models import Poll
from seminar.models import Group, Membership, Participant
from seminar.services import lock_seminar
from seminar.text import clean_text

MAX_HEIGHT_CM = Decimal("1000")
MAX_THEMES = 20
NAME_LENGTH = 80


class ContributionRefused(Exception):
    """Something a phone (or the facilitator) sent that was not stored, with the reason
    in the user's language. Nothing already stored is changed. `current` is the group's
    answer as it now stands, when that is why."""

    def __init__(self, message: str, *, current: Contribution | None = None) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Entry:
    """What a phone sent for an exercise, as it arrived."""

    text: str = ""
    verdict: str = ""
    height: str = ""
    photo: UploadedFile | None = None
    question_id: int | None = None
    client_id: uuid.UUID | None = None
    seen: str = ""  # the version of the group's answer the phone's form showed


@dataclass(frozen=True)
class CardEntry:
    name: str = ""
    age: str = ""
    home: str = ""
    occupation: str = ""
    motivation: str = ""
    drawing: UploadedFile | None = None


# The programme -------------------------------------------------------------------------


def build_exercises(*, seminar_id: int, specs: tuple[ExerciseSpec, ...]) -> list[Exercise]:
    """The programme's exercises, each on the slide with its title (the first such slide);
    a case without its own text takes the slide's."""
    slides: dict[str, tuple[int | None, str]] = {}
    for slide_id, title, body in slides_in_show_order(seminar_id).values_list(
        "id", "title", "body"
    ):
        slides.setdefault(title, (slide_id, body))
    polls = {
        (poll.series, poll.series_part): poll.pk
        for poll in Poll.objects.filter(seminar_id=seminar_id).exclude(series="")
    }
    made = []
    for order, spec in enumerate(specs):
        on_slide, slide_text = slides.get(spec.slide_title, (None, ""))
        case_text = spec.case_text or (slide_text if spec.kind == Exercise.Kind.CASE else "")
        exercise = Exercise.objects.create(
            seminar_id=seminar_id,
            slide_id=on_slide,
            order=order,
            kind=spec.kind,
            grouping=spec.grouping,
            title=spec.title,
            prompt=spec.prompt,
            case_text=case_text,
            limit=spec.limit,
            max_length=spec.max_length,
            timer_minutes=spec.timer_minutes,
            speech_seconds=spec.speech_seconds,
            poll_id=polls.get((spec.poll_series, spec.poll_part)) if spec.poll_series else None,
        )
        Question.objects.bulk_create(
            Question(exercise=exercise, order=index, text=text)
            for index, text in enumerate(spec.questions)
        )
        made.append(exercise)
    return made


# Running an exercise: its state (the live layer puts it on the screens) ------------------


# A reveal, another group in focus or the way back to the slide ends a full-screen view.
NO_SPOTLIGHT: dict[str, object] = {"spotlight_note": None, "spotlight_card": None}


def _change(exercise: Exercise, **fields: object) -> Exercise:
    """Change an exercise under its row lock, from the row as it is now: a second click
    right after the first must see the first one's change (the queue, the speaker)."""
    exercise.refresh_from_db(from_queryset=Exercise.objects.select_for_update())
    for name, value in fields.items():
        setattr(exercise, name, value)
    if fields:
        exercise.save(update_fields=list(fields))
    return exercise


@transaction.atomic
def hold_exercise(*, exercise: Exercise) -> Exercise:
    """The exercise as it stands: before it is shown."""
    return _change(exercise)


@transaction.atomic
def open_exercise(*, exercise: Exercise) -> Exercise:
    return _change(exercise, state=Exercise.State.OPEN)


@transaction.atomic
def close_exercise(*, exercise: Exercise) -> Exercise:
    return _change(exercise, state=Exercise.State.CLOSED)


@transaction.atomic
def reveal(*, exercise: Exercise) -> Exercise:
    """The contest's winner, or the groups' verdicts next to the room's vote."""
    return _change(exercise, revealed=True, **NO_SPOTLIGHT)


def timer_on_opening(exercise: Exercise) -> int:
    """Seconds on the room's timer when the exercise opens: its own planned time (a speech
    round times each speech instead)."""
    return exercise.timer_minutes * 60 if exercise.kind != Exercise.Kind.SPEECH else 0


def planned_seconds(exercise: Exercise) -> int:
    """The exercise's planned time (the speech kind: its group meeting), for the timer."""
    if not exercise.timer_minutes:
        raise ContributionRefused(_("This exercise has no planned time."))
    return exercise.timer_minutes * 60


def _groups(exercise: Exercise) -> list[Group]:
    return list(
        Group.objects.filter(seminar_id=exercise.seminar_id, kind=exercise.grouping).order_by(
            "order", "pk"
        )
    )


@transaction.atomic
def focus_group(*, exercise: Exercise, group_id: int | None) -> Exercise:
    """One group's sheet in focus, full size (None: every group again)."""
    if group_id is not None and group_id not in {group.pk for group in _groups(exercise)}:
        raise ContributionRefused(_("That group does not take part in this exercise."))
    return _change(exercise, focus_group_id=group_id, **NO_SPOTLIGHT)


@transaction.atomic
def step_focus(*, exercise: Exercise, by: int) -> Exercise:
    """The next (or previous) group's sheet in focus, for the plenum round."""
    ids = [group.pk for group in _groups(exercise)]
    if not ids:
        return exercise
    if exercise.focus_group_id in ids:
        index = ids.index(exercise.focus_group_id) + by
    else:
        index = 0 if by > 0 else len(ids) - 1
    return _change(
        exercise, focus_group_id=ids[index] if 0 <= index < len(ids) else None, **NO_SPOTLIGHT
    )


# The speaking queue (speech): only party groups with an elected member in the room are in
# it; the facilitator moves them up and down, skips one (to the end), or calls one next.


def _queue(exercise: Exercise) -> tuple[list[int], list[int]]:
    """The whole speaking order, and the parties waiting in it, in turn: those with an
    elected member in the room, neither speaking nor done. Two queries."""
    order = speaking_order(exercise, [group.pk for group in _groups(exercise)])
    present = set(
        Membership.objects.filter(
            group_id__in=order,
            participant__side=Participant.Side.ELECTED,
            participant__admission=Participant.Admission.ADMITTED,
        ).values_list("group_id", flat=True)
    )
    done = set(exercise.spoken_groups) | {exercise.speaking_group_id}
    return order, [pk for pk in order if pk in present and pk not in done]


def _waiting_party(exercise: Exercise, group_id: int | None) -> tuple[list[int], list[int], int]:
    """The queue, refused unless the party posted is waiting in it."""
    order, waiting = _queue(exercise)
    if group_id is None or group_id not in waiting:
        raise ContributionRefused(_("That party is not waiting in the speaking queue."))
    return order, waiting, group_id


def _reordered(order: list[int], waiting: list[int]) -> list[int]:
    """The whole speaking order with the waiting parties in their new order."""
    moving, slots = set(waiting), iter(waiting)
    return [next(slots) if pk in moving else pk for pk in order]


@transaction.atomic
def next_speaker(*, exercise: Exercise) -> Exercise:
    """The party speaking has spoken; the first one waiting speaks (None after the last)."""
    _change(exercise)  # locked before the queue is read
    speaking = exercise.speaking_group_id
    if speaking is not None and speaking not in exercise.spoken_groups:
        exercise.spoken_groups = [*exercise.spoken_groups, speaking]
    _order, waiting = _queue(exercise)
    exercise.speaking_group_id = waiting[0] if waiting else None
    exercise.save(update_fields=["spoken_groups", "speaking_group"])
    return exercise


@transaction.atomic
def move_in_queue(*, exercise: Exercise, group_id: int | None, by: int) -> Exercise:
    """A waiting party one place up (by=-1) or down (by=1) the queue."""
    _change(exercise)
    order, waiting, party = _waiting_party(exercise, group_id)
    index = waiting.index(party)
    other = index + by
    if not 0 <= other < len(waiting):
        raise ContributionRefused(
            _("That party is already first in the queue.")
            if by < 0
            else _("That party is already last in the queue.")
        )
    waiting[index], waiting[other] = waiting[other], waiting[index]
    exercise.speaking_order = _reordered(order, waiting)
    exercise.save(update_fields=["speaking_order"])
    return exercise


@transaction.atomic
def call_next(*, exercise: Exercise, group_id: int | None) -> Exercise:
    """A waiting party goes to the front of the queue: it speaks next."""
    _change(exercise)
    order, waiting, party = _waiting_party(exercise, group_id)
    exercise.speaking_order = _reordered(order, [party, *(pk for pk in waiting if pk != party)])
    exercise.skipped_groups = [pk for pk in exercise.skipped_groups if pk != party]
    exercise.save(update_fields=["speaking_order", "skipped_groups"])
    return exercise


@transaction.atomic
def skip_speaker(*, exercise: Exercise, group_id: int | None) -> Exercise:
    """A party not ready goes to the end of the queue, marked skipped. The party speaking
    may be skipped too: the first one waiting then has the floor."""
    _change(exercise)
    speaking = exercise.speaking_group_id
    if group_id is not None and group_id == speaking:
        order, waiting = _queue(exercise)  # without the party skipped: it is speaking
        party = group_id
        exercise.speaking_group_id = waiting[0] if waiting else None
    else:
        order, waiting, party = _waiting_party(exercise, group_id)
    exercise.speaking_order = [pk for pk in order if pk != party] + [party]
    exercise.skipped_groups = [pk for pk in exercise.skipped_groups if pk != party] + [party]
    exercise.save(update_fields=["speaking_order", "skipped_groups", "speaking_group"])
    return exercise


def _answers_changed(seminar_id: int) -> None:
    answers_changed.send(None, seminar_id=seminar_id)


# What phones write -----------------------------------------------------------------------


def _text(raw: str, limit: int, *, required: bool = True) -> str:
    text = clean_text(raw)
    if required and not text:
        raise ContributionRefused(_("Write something first."))
    if len(text) > limit:
        raise ContributionRefused(
            _("That is %(length)s characters; at most %(limit)s fit. Shorten it and send again.")
            % {"length": len(text), "limit": limit}
        )
    return text


def parse_height(raw: str) -> Decimal:
    """A tower's height as people type it: "143", "143,5", "143.5 cm"."""
    cleaned = raw.strip().lower().removesuffix("cm").strip().replace(",", ".")
    try:
        height = Decimal(cleaned)
    except InvalidOperation:
        raise ContributionRefused(
            _("Write the height as a number of centimetres, for example 143.")
        ) from None
    if not height.is_finite() or height <= 0:
        raise ContributionRefused(_("The height must be a positive number of centimetres."))
    if height > MAX_HEIGHT_CM:
        raise ContributionRefused(
            _("%(height)s cm is taller than any paper tower; check the number.")
            % {"height": cleaned}
        )
    return height.quantize(Decimal("0.1"))


def _open_exercise(exercise_id: int, seminar_id: int) -> Exercise:
    # Locked: limits are counted exactly, and nothing is stored after a close.
    exercise = Exercise.objects.select_for_update().filter(pk=exercise_id, seminar_id=seminar_id)
    found = exercise.first()
    if found is None:
        raise ContributionRefused(_("This exercise is not part of the seminar."))
    if found.state != Exercise.State.OPEN:
        raise ContributionRefused(
            _("This exercise is closed. What you wrote was not stored; keep a copy if you need it.")
            if found.state == Exercise.State.CLOSED
            else _("This exercise has not started yet.")
        )
    return found


def _group(exercise: Exercise, participant: Participant) -> Group | None:
    group = group_of(participant, exercise)
    if group is None and not exercise.is_individual:
        raise ContributionRefused(_("Choose your group first."))
    return group


def contribute(*, exercise_id: int, participant: Participant, entry: Entry) -> Contribution:
    """Store what a phone sent, once: a resend with the same client id returns what was
    stored the first time. A photo is checked and shrunk before the transaction, so that
    a large picture never holds up the room's votes."""
    photo = _picture(entry.photo, clean_photo)
    return _store(exercise_id=exercise_id, participant=participant, entry=entry, photo=photo)


def _picture(
    upload: UploadedFile | None, clean: Callable[[UploadedFile], ContentFile[bytes]]
) -> ContentFile[bytes] | None:
    if upload is None:
        return None
    try:
        return clean(upload)
    except ImageRefused as refused:
        raise ContributionRefused(str(refused)) from refused


def answer_version(contribution: Contribution | None) -> str:
    """What a form says it showed of a group's one answer: "" for none yet."""
    return contribution.updated_at.isoformat() if contribution is not None else ""


@transaction.atomic
def _store(
    *,
    exercise_id: int,
    participant: Participant,
    entry: Entry,
    photo: ContentFile[bytes] | None,
) -> Contribution:
    exercise = _open_exercise(exercise_id, participant.seminar_id)
    if entry.client_id is not None:
        earlier = Contribution.objects.filter(exercise=exercise, client_id=entry.client_id).first()
        if earlier is not None:
            same_form = earlier.question_id == (
                entry.question_id if exercise.kind == Exercise.Kind.CASE else None
            )
            if earlier.participant_id != participant.pk or not same_form:
                raise ContributionRefused(_("That was sent from another phone."))
            return earlier
    group = _group(exercise, participant)
    kind = exercise.kind
    if kind == Exercise.Kind.CARD:
        raise ContributionRefused(_("Fill in the business card form."))
    if kind in {Exercise.Kind.BRAINSTORM, Exercise.Kind.NOTES, Exercise.Kind.EXPECTATIONS}:
        text = _text(entry.text, exercise.max_length)
        _check_limit(exercise, participant, group)
        contribution = Contribution.objects.create(
            exercise=exercise,
            group=group,
            participant=participant,
            text=text,
            client_id=entry.client_id,
        )
        _answers_changed(exercise.seminar_id)
        return contribution
    return _store_group_answer(exercise, participant, group, entry, photo)


def _store_group_answer(
    exercise: Exercise,
    participant: Participant,
    group: Group | None,
    entry: Entry,
    photo: ContentFile[bytes] | None,
) -> Contribution:
    """The group's one answer (per question), changed in place: only by a phone that had
    seen the answer it changes, so nobody overwrites a newer one unawares."""
    kind = exercise.kind
    question = None
    fields: dict[str, object]
    if kind == Exercise.Kind.CASE:
        question = exercise.questions.filter(pk=entry.question_id or 0).first()
        if question is None:
            raise ContributionRefused(_("Choose one of the case's questions."))
        fields = {"text": _text(entry.text, exercise.max_length)}
    elif kind == Exercise.Kind.DILEMMA:
        if entry.verdict not in Contribution.Verdict.values:
            raise ContributionRefused(_("Choose red or green light."))
        fields = {
            "verdict": entry.verdict,
            "text": _text(entry.text, exercise.max_length, required=False),
        }
    elif kind == Exercise.Kind.CONTEST:
        fields = {"height_cm": parse_height(entry.height), "confirmed": False}
        if photo is not None:
            fields["photo"] = photo
    else:  # speech: this person will present for the group
        fields = {"text": ""}
    existing = Contribution.objects.filter(
        exercise=exercise, group=group, question=question
    ).first()
    if existing is not None and entry.seen != answer_version(existing):
        raise ContributionRefused(
            _(
                "Someone in your group saved an answer meanwhile; it is on the group's sheet. "
                "What you wrote is still here: send it again to replace theirs."
            ),
            current=existing,
        )
    replaced_photo = existing.photo.name if existing and photo and existing.photo else ""
    contribution = existing or Contribution(exercise=exercise, group=group, question=question)
    for name, value in {"participant": participant, "client_id": entry.client_id, **fields}.items():
        setattr(contribution, name, value)
    contribution.save()
    if replaced_photo:
        transaction.on_commit(lambda: default_storage.delete(replaced_photo))
    _answers_changed(exercise.seminar_id)
    return contribution


def _check_limit(exercise: Exercise, participant: Participant, group: Group | None) -> None:
    if not exercise.limit:
        return
    if exercise.kind == Exercise.Kind.NOTES:
        written = Contribution.objects.filter(exercise=exercise, participant=participant).count()
        if written >= exercise.limit:
            raise ContributionRefused(
                _("You have written your %(limit)s notes. Change one instead.")
                % {"limit": exercise.limit}
            )
    elif exercise.kind == Exercise.Kind.EXPECTATIONS:
        written = Contribution.objects.filter(exercise=exercise, group=group, hidden=False).count()
        if written >= exercise.limit:
            raise ContributionRefused(
                _("Your group has its %(limit)s points. Agree which to change first.")
                % {"limit": exercise.limit}
            )


@transaction.atomic
def remove_own(*, contribution_id: int, participant: Participant) -> None:
    """A phone takes back its own note or point while the exercise is open."""
    contribution = Contribution.objects.filter(pk=contribution_id).first()
    if contribution is None or contribution.participant_id != participant.pk:
        raise ContributionRefused(_("You can only take back what you wrote yourself."))
    _open_exercise(contribution.exercise_id, participant.seminar_id)
    contribution.delete()
    _answers_changed(participant.seminar_id)


def _age(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdecimal()) or not 1 <= int(raw) <= 120:
        raise ContributionRefused(_("Write your age as a whole number, or leave it empty."))
    return int(raw)


def save_card(*, exercise_id: int, participant: Participant, entry: CardEntry) -> Card:
    """A business card, made or changed. A drawing sent again replaces the old one; no
    drawing sent keeps the old one; a white page sent (the phone's "start the drawing
    again") takes it away. The drawing is cleaned before the transaction."""
    drawing = _picture(entry.drawing, clean_drawing)
    blank = drawing is not None and _white_page(drawing)
    return _store_card(
        exercise_id=exercise_id,
        participant=participant,
        entry=entry,
        drawing=None if blank else drawing,
        drop_drawing=blank,
    )


def _white_page(drawing: ContentFile[bytes]) -> bool:
    """Whether a cleaned drawing (a small PNG) is white paper only: every pixel opaque white."""
    data = drawing.read()
    drawing.seek(0)
    with Image.open(io.BytesIO(data)) as image:
        bands = image.convert("RGBA").getextrema()  # (lowest, highest) in each band
    return all(isinstance(band, tuple) and band[0] == 255 for band in bands)


@transaction.atomic
def _store_card(
    *,
    exercise_id: int,
    participant: Participant,
    entry: CardEntry,
    drawing: ContentFile[bytes] | None,
    drop_drawing: bool = False,
) -> Card:
    exercise = _open_exercise(exercise_id, participant.seminar_id)
    if exercise.kind != Exercise.Kind.CARD:
        raise ContributionRefused(_("This exercise has no business card."))
    fields: dict[str, object] = {
        "name": _text(entry.name, NAME_LENGTH, required=False),
        "age": _age(entry.age),
        "home": _text(entry.home, NAME_LENGTH, required=False),
        "occupation": _text(entry.occupation, NAME_LENGTH, required=False),
        "motivation": _text(entry.motivation, exercise.max_length, required=False),
    }
    existing = Card.objects.filter(exercise=exercise, participant=participant).first()
    changed = drawing is not None or drop_drawing
    replaced = existing.drawing.name if existing and changed and existing.drawing else ""
    if drawing is not None:
        fields["drawing"] = drawing
    elif drop_drawing:
        fields["drawing"] = ""
    card = existing or Card(exercise=exercise, participant=participant)
    for name, value in fields.items():
        setattr(card, name, value)
    card.save()
    if replaced:
        transaction.on_commit(lambda: default_storage.delete(replaced))
    _answers_changed(exercise.seminar_id)
    return card


@transaction.atomic
def take_role(*, participant: Participant, exercise_id: int, role: str) -> Membership:
    """A phone says "I am the group leader" (or referent) for its group."""
    exercise = Exercise.objects.filter(pk=exercise_id, seminar_id=participant.seminar_id).first()
    if exercise is None or exercise.is_individual:
        raise ContributionRefused(_("This exercise has no groups."))
    if role not in {Membership.Role.LEADER, Membership.Role.REFERENT}:
        raise ContributionRefused(_("Unknown role."))
    group = _group(exercise, participant)
    assert group is not None
    Group.objects.select_for_update().filter(pk=group.pk).exists()  # one leader, even at once
    Membership.objects.filter(group=group, role=role).update(role=Membership.Role.MEMBER)
    membership = Membership.objects.get(group=group, participant=participant)
    membership.role = role
    membership.save(update_fields=["role"])
    _answers_changed(exercise.seminar_id)
    return membership


# Moderation: only facilitators -----------------------------------------------------------


@transaction.atomic
def moderate(
    *, contribution: Contribution, hidden: bool | None = None, highlighted: bool | None = None
) -> Contribution:
    """Hide a contribution from every screen (kept for the notes, marked hidden) or
    highlight it."""
    fields = []
    if hidden is not None:
        contribution.hidden = hidden
        fields.append("hidden")
    if highlighted is not None:
        contribution.highlighted = highlighted
        fields.append("highlighted")
    contribution.save(update_fields=[*fields, "updated_at"])
    _answers_changed(contribution.exercise.seminar_id)
    return contribution


@transaction.atomic
def moderate_card(
    *, card: Card, hidden: bool | None = None, highlighted: bool | None = None
) -> Card:
    if hidden is not None:
        card.hidden = hidden
    if highlighted is not None:
        card.highlighted = highlighted
    card.save(update_fields=["hidden", "highlighted", "updated_at"])
    _answers_changed(card.exercise.seminar_id)
    return card


@transaction.atomic
def edit_text(*, contribution: Contribution, text: str) -> Contribution:
    """Mend an obvious typo; the facilitator's text replaces the phone's."""
    contribution.text = _text(text, contribution.exercise.max_length)
    contribution.save(update_fields=["text", "updated_at"])
    _answers_changed(contribution.exercise.seminar_id)
    return contribution


@transaction.atomic
def confirm_height(*, contribution: Contribution, height: str = "") -> Contribution:
    """The facilitator measured it: confirm the team's height, or correct it."""
    if height.strip():
        contribution.height_cm = parse_height(height)
    if contribution.height_cm is None:
        raise ContributionRefused(_("There is no height to confirm."))
    contribution.confirmed = True
    contribution.save(update_fields=["height_cm", "confirmed", "updated_at"])
    _answers_changed(contribution.exercise.seminar_id)
    return contribution


@transaction.atomic
def add_theme(*, exercise: Exercise, name: str) -> Theme:
    cleaned = _text(name, NAME_LENGTH)
    if exercise.themes.count() >= MAX_THEMES:
        raise ContributionRefused(_("At most %(count)s themes.") % {"count": MAX_THEMES})
    if exercise.themes.filter(name__iexact=cleaned).exists():
        raise ContributionRefused(
            _("There is already a theme called “%(name)s”.") % {"name": cleaned}
        )
    theme = Theme.objects.create(exercise=exercise, name=cleaned, order=exercise.themes.count())
    _answers_changed(exercise.seminar_id)
    return theme


@transaction.atomic
def sort_note(*, contribution: Contribution, theme_id: int | None) -> Contribution:
    """Put a sticky note under a theme (None: back among the unsorted)."""
    if theme_id is not None and not contribution.exercise.themes.filter(pk=theme_id).exists():
        raise ContributionRefused(_("That theme belongs to another exercise."))
    contribution.theme_id = theme_id
    contribution.save(update_fields=["theme", "updated_at"])
    _answers_changed(contribution.exercise.seminar_id)
    return contribution


MAX_NOTES_MOVED = 500  # far beyond a room's notes: more ids is not a console's form


@transaction.atomic
def sort_notes(*, exercise: Exercise, note_ids: Sequence[int], theme_id: int | None) -> int:
    """Put several sticky notes under a theme at once (None: back among the unsorted), in
    two queries whatever their number. Every id must be one of this exercise's notes, or
    nothing moves. Returns how many moved."""
    if exercise.kind != Exercise.Kind.NOTES:
        raise ContributionRefused(_("Only sticky notes are sorted into themes."))
    ids = set(note_ids)
    if not ids:
        raise ContributionRefused(_("Tick the notes to move first."))
    if len(ids) > MAX_NOTES_MOVED:
        raise ContributionRefused(_("Too many notes at once."))
    if theme_id is not None and not exercise.themes.filter(pk=theme_id).exists():
        raise ContributionRefused(_("That theme belongs to another exercise."))
    moved = Contribution.objects.filter(exercise=exercise, pk__in=ids).update(
        theme_id=theme_id, updated_at=timezone.now()
    )
    if moved != len(ids):
        # Rolled back with the transaction: an id from elsewhere moves nothing at all.
        raise ContributionRefused(_("Some of those notes are not part of this exercise."))
    _answers_changed(exercise.seminar_id)
    return moved


@transaction.atomic
def spotlight(
    *, exercise: Exercise, contribution_id: int | None = None, card_id: int | None = None
) -> Exercise:
    """Show one note, answer, photo or business card of this exercise full screen on the
    projector; neither id: back to the whole board."""
    note = card = None
    if contribution_id is not None:
        note = Contribution.objects.filter(
            pk=contribution_id, exercise=exercise, hidden=False
        ).first()
        if note is None:
            raise ContributionRefused(_("That is not shown in this exercise."))
    elif card_id is not None:
        card = Card.objects.filter(pk=card_id, exercise=exercise, hidden=False).first()
        if card is None:
            raise ContributionRefused(_("That card is not shown in this exercise."))
    _change(exercise, spotlight_note=note, spotlight_card=card)
    _answers_changed(exercise.seminar_id)
    return exercise


# The programme editor: making, changing and removing an exercise ---------------------------

# The groupings each kind can be run in, the first being the one it starts with. The boards
# draw sticky notes and cards person by person, expectations side by side, and every other
# kind group by group.
GROUPINGS: dict[str, tuple[str, ...]] = {
    Exercise.Kind.BRAINSTORM: (
        Exercise.Grouping.TABLE,
        Exercise.Grouping.PARTY,
        Exercise.Grouping.SIDE,
    ),
    Exercise.Kind.NOTES: (Exercise.Grouping.INDIVIDUAL,),
    Exercise.Kind.CASE: (Exercise.Grouping.TABLE, Exercise.Grouping.PARTY, Exercise.Grouping.SIDE),
    Exercise.Kind.EXPECTATIONS: (Exercise.Grouping.SIDE,),
    Exercise.Kind.SPEECH: (
        Exercise.Grouping.PARTY,
        Exercise.Grouping.TABLE,
        Exercise.Grouping.SIDE,
    ),
    Exercise.Kind.CONTEST: (
        Exercise.Grouping.TABLE,
        Exercise.Grouping.PARTY,
        Exercise.Grouping.SIDE,
    ),
    Exercise.Kind.DILEMMA: (
        Exercise.Grouping.TABLE,
        Exercise.Grouping.PARTY,
        Exercise.Grouping.SIDE,
    ),
    Exercise.Kind.CARD: (Exercise.Grouping.INDIVIDUAL,),
}


class ExerciseRefused(Exception):
    """An exercise the editor could not store as it was sent, with the reason in the
    user's language. Nothing is changed."""


@dataclass(frozen=True)
class Row:
    """A question or a theme as the editor sent it: its id when it is stored already."""

    id: int | None
    text: str


@dataclass(frozen=True)
class ExerciseDraft:
    """An exercise as the editor sent it, its texts already cleaned and bounded."""

    kind: str
    grouping: str
    title: str
    prompt: str
    case_text: str = ""
    limit: int = 0
    max_length: int = 280
    timer_minutes: int = 0
    speech_seconds: int = 120
    poll_id: int | None = None
    questions: tuple[Row, ...] = ()
    themes: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Removal:
    """What saving an edit takes from what the room wrote."""

    # (text, its answers) of each question that goes, answers and all.
    questions: tuple[tuple[str, int], ...] = ()
    # (name, its notes) of each theme that goes; its notes stay, not sorted.
    themes: tuple[tuple[str, int], ...] = ()
    # Everything written goes: a new kind or grouping cannot show it.
    everything: int = 0

    def __bool__(self) -> bool:
        return bool(self.everything or self.questions or self.themes)

    @property
    def key(self) -> str:
        """What the facilitator agreed to lose: a later answer makes it another removal."""
        parts = [f"all:{self.everything}"]
        parts += [f"q:{count}:{text}" for text, count in self.questions]
        parts += [f"t:{count}:{name}" for name, count in self.themes]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


class RemovalNotConfirmed(Exception):
    """The edit would remove what the room wrote: ask first, and save with its key."""

    def __init__(self, removal: Removal) -> None:
        super().__init__(removal.key)
        self.removal = removal


def _settled(draft: ExerciseDraft) -> ExerciseDraft:
    """The draft as its kind runs it: its own grouping, and nothing it does not show."""
    groupings = GROUPINGS.get(draft.kind)
    if groupings is None:
        raise ExerciseRefused(_("Choose one of the kinds of exercise."))
    kind = draft.kind
    return replace(
        draft,
        grouping=draft.grouping if draft.grouping in groupings else groupings[0],
        case_text=draft.case_text if kind == Exercise.Kind.CASE else "",
        poll_id=draft.poll_id if kind == Exercise.Kind.DILEMMA else None,
        questions=draft.questions if kind == Exercise.Kind.CASE else (),
        themes=draft.themes if kind == Exercise.Kind.NOTES else (),
    )


def _check_poll(seminar_id: int, poll_id: int | None) -> None:
    if poll_id is not None and not Poll.objects.filter(pk=poll_id, seminar_id=seminar_id).exists():
        raise ExerciseRefused(_("That poll is not part of this seminar."))


DRAFT_FIELDS = (  # what an editor's draft sets on an exercise
    "kind",
    "grouping",
    "title",
    "prompt",
    "case_text",
    "limit",
    "max_length",
    "timer_minutes",
    "speech_seconds",
    "poll_id",
)


@transaction.atomic
def create_exercise(*, seminar_id: int, slide_id: int, draft: ExerciseDraft) -> Exercise:
    """A new exercise on the slide, after the seminar's others."""
    draft = _settled(draft)
    _check_poll(seminar_id, draft.poll_id)
    lock_seminar(seminar_id)  # two new exercises at once take two places
    last = Exercise.objects.filter(seminar_id=seminar_id).aggregate(last=Max("order"))["last"]
    exercise = Exercise.objects.create(
        seminar_id=seminar_id,
        slide_id=slide_id,
        order=0 if last is None else last + 1,
        **{name: getattr(draft, name) for name in DRAFT_FIELDS},
    )
    Question.objects.bulk_create(
        Question(exercise=exercise, order=order, text=row.text)
        for order, row in enumerate(draft.questions)
    )
    Theme.objects.bulk_create(
        Theme(exercise=exercise, order=order, name=row.text)
        for order, row in enumerate(draft.themes)
    )
    return exercise


def what_an_edit_removes(*, exercise: Exercise, draft: ExerciseDraft) -> Removal:
    """What the room wrote that saving `draft` over `exercise` would take: the answers to
    questions left out, the sorting of themes left out, or everything when the kind or
    the grouping changes."""
    return _removal(
        exercise,
        _settled(draft),
        list(exercise.questions.all()),
        list(exercise.themes.all()),
    )


def _removal(
    exercise: Exercise, draft: ExerciseDraft, questions: list[Question], themes: list[Theme]
) -> Removal:
    written = written_for(exercise)
    if written.total and (draft.kind, draft.grouping) != (exercise.kind, exercise.grouping):
        return Removal(everything=written.total)
    kept_questions = {row.id for row in draft.questions}
    kept_themes = {row.id for row in draft.themes}
    return Removal(
        questions=tuple(
            (question.text, written.per_question[question.pk])
            for question in questions
            if question.pk not in kept_questions and written.per_question.get(question.pk)
        ),
        themes=tuple(
            (theme.name, written.per_theme[theme.pk])
            for theme in themes
            if theme.pk not in kept_themes and written.per_theme.get(theme.pk)
        ),
    )


@transaction.atomic
def update_exercise(*, exercise: Exercise, draft: ExerciseDraft, confirmed: str = "") -> Exercise:
    """Save the editor's version. New wording keeps what the room wrote; an edit that would
    remove some of it is refused with `RemovalNotConfirmed` until it comes back with that
    removal's key (so an answer written meanwhile is asked about too)."""
    draft = _settled(draft)
    _check_poll(exercise.seminar_id, draft.poll_id)
    Exercise.objects.select_for_update().filter(pk=exercise.pk).exists()
    questions = list(exercise.questions.all())
    themes = list(exercise.themes.all())
    removal = _removal(exercise, draft, questions, themes)
    if removal and removal.key != confirmed:
        raise RemovalNotConfirmed(removal)
    files: list[str] = []
    if removal.everything:
        files = _written_files(exercise)
        Contribution.objects.filter(exercise=exercise).delete()
        Card.objects.filter(exercise=exercise).delete()
        # The old groups' places on the projector go with what they wrote.
        exercise.focus_group = exercise.speaking_group = None
        exercise.spoken_groups, exercise.skipped_groups = [], []
        exercise.revealed = False
    _save_questions(exercise, questions, draft.questions)
    _save_themes(exercise, themes, draft.themes)
    for name in DRAFT_FIELDS:
        setattr(exercise, name, getattr(draft, name))
    exercise.save()
    if files:
        transaction.on_commit(lambda: _delete_files(files))
    if removal:
        _answers_changed(exercise.seminar_id)
    return exercise


def _save_questions(exercise: Exercise, stored: list[Question], rows: tuple[Row, ...]) -> None:
    """The draft's questions in its order: stored ones changed in place, so their answers
    stay with them; new ones made; the rest removed with their answers."""
    _save_rows(exercise, stored, rows, model=Question, text="text")


def _save_themes(exercise: Exercise, stored: list[Theme], rows: tuple[Row, ...]) -> None:
    """As the questions; a removed theme's notes stay, not sorted."""
    _save_rows(exercise, stored, rows, model=Theme, text="name")


def _save_rows(
    exercise: Exercise,
    stored: Sequence[Question | Theme],
    rows: tuple[Row, ...],
    *,
    model: type[Question] | type[Theme],
    text: str,
) -> None:
    existing = {row.pk: row for row in stored}
    kept, made = [], []
    for order, row in enumerate(rows):
        found = existing.pop(row.id, None) if row.id is not None else None
        if found is None:
            made.append(model(exercise=exercise, order=order, **{text: row.text}))
        else:
            found.order = order
            setattr(found, text, row.text)
            kept.append(found)
    model.objects.filter(pk__in=list(existing)).delete()
    model.objects.bulk_update(kept, ["order", text])  # type: ignore[arg-type]
    model.objects.bulk_create(made)  # type: ignore[arg-type]


def _written_files(exercise: Exercise) -> list[str]:
    photos = Contribution.objects.filter(exercise=exercise).exclude(photo="")
    drawings = Card.objects.filter(exercise=exercise).exclude(drawing="")
    return [
        *photos.values_list("photo", flat=True),
        *drawings.values_list("drawing", flat=True),
    ]


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def remove_exercise(*, exercise: Exercise) -> str:
    """Take the exercise out with everything the room wrote for it (its photos and
    drawings leave the disk after commit); its title is returned."""
    Exercise.objects.select_for_update().filter(pk=exercise.pk).exists()
    files = _written_files(exercise)
    had_answers = written_for(exercise).total > 0
    title = exercise.title
    exercise.delete()
    if files:
        transaction.on_commit(lambda: _delete_files(files))
    if had_answers:
        _answers_changed(exercise.seminar_id)
    return title
