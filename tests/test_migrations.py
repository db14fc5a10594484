"""An installation made before the live state moved to its own app migrates forward and
keeps every row: the move changes Django's picture of the tables, not the tables."""

from __future__ import annotations

from datetime import date, time

import pytest

# The last migrations of every app before the live app existed.
BEFORE = [
    ("seminar", "0005_admission"),
    ("agenda", "0003_deck_import"),
    ("polls", "0001_initial"),
    ("exercises", "0001_initial"),
]
AFTER = [("seminar", "0006_livestate_moves_to_live"), ("live", "0001_initial")]


def fill_a_seminar(apps) -> dict[str, int]:
    """A seminar in the middle of its first day, written through the historical models."""
    seminar = apps.get_model("seminar", "Seminar").objects.create(
        title="Folkevalgtopplæring",
        municipality="Sel kommune",
        slug="sel-2023",
        language="nb",
        join_code="123456",
        projector_token="token",
        delete_data_after=date(2023, 11, 30),
    )
    day = apps.get_model("agenda", "Day").objects.create(
        seminar=seminar, number=1, date=date(2023, 10, 30), ends_at=time(16)
    )
    item = apps.get_model("agenda", "AgendaItem").objects.create(
        day=day, order=1, title="Dilemma", starts_at=time(13), planned_minutes=30, kind="exercise"
    )
    slides = [
        apps.get_model("agenda", "Slide").objects.create(
            item=item, order=order, layout="bullets", title=f"Lysbilde {order}"
        )
        for order in (1, 2)
    ]
    poll = apps.get_model("polls", "Poll").objects.create(
        seminar=seminar, slide=slides[1], kind="traffic_light", question="Er det greit?"
    )
    green, red = (
        apps.get_model("polls", "Choice").objects.create(poll=poll, order=order, label=label)
        for order, label in ((1, "Grønt"), (2, "Rødt"))
    )
    exercise = apps.get_model("exercises", "Exercise").objects.create(
        seminar=seminar, slide=slides[1], kind="dilemma", title="Dilemma 1", prompt="?", poll=poll
    )
    card_exercise = apps.get_model("exercises", "Exercise").objects.create(
        seminar=seminar,
        slide=slides[0],
        kind="card",
        grouping="individual",
        title="Kort",
        prompt="?",
    )
    Group = apps.get_model("seminar", "Group")
    table = Group.objects.create(seminar=seminar, kind="table", name="Bord 1")
    Participant = apps.get_model("seminar", "Participant")
    people = [Participant.objects.create(seminar=seminar, side="elected") for _ in range(3)]
    Membership = apps.get_model("seminar", "Membership")
    for person in people:
        Membership.objects.create(participant=person, group=table, kind="table")
    Ballot = apps.get_model("polls", "Ballot")
    for person, choice in zip(people, (green, green, red), strict=True):
        Ballot.objects.create(poll=poll, participant=person).choices.add(choice)
    apps.get_model("exercises", "Contribution").objects.create(
        exercise=exercise, group=table, participant=people[0], text="Rødt lys", verdict="red"
    )
    apps.get_model("exercises", "Card").objects.create(
        exercise=card_exercise, participant=people[1], name="Kari"
    )
    apps.get_model("seminar", "LiveState").objects.create(
        seminar=seminar, slide=slides[1], poll=poll, exercise=exercise, revision=41
    )
    return {"seminar": seminar.pk, "slide": slides[1].pk, "poll": poll.pk, "exercise": exercise.pk}


def counts(apps) -> dict[str, int]:
    models = [
        ("seminar", "Seminar"),
        ("seminar", "Participant"),
        ("seminar", "Group"),
        ("seminar", "Membership"),
        ("agenda", "Slide"),
        ("polls", "Poll"),
        ("polls", "Ballot"),
        ("exercises", "Exercise"),
        ("exercises", "Contribution"),
        ("exercises", "Card"),
    ]
    found = {name: apps.get_model(app, name).objects.count() for app, name in models}
    found["chosen"] = apps.get_model("polls", "Ballot").choices.through.objects.count()
    return found


@pytest.mark.django_db(transaction=True)
def test_an_installation_of_the_version_before_migrates_forward_and_keeps_every_row(migrator):
    before = migrator.apply_initial_migration(BEFORE)
    made = fill_a_seminar(before.apps)
    counted = counts(before.apps)

    after = migrator.apply_tested_migration(AFTER)

    assert (
        counts(after.apps)
        == counted
        == {
            "Seminar": 1,
            "Participant": 3,
            "Group": 1,
            "Membership": 3,
            "Slide": 2,
            "Poll": 1,
            "Ballot": 3,
            "Exercise": 2,
            "Contribution": 1,
            "Card": 1,
            "chosen": 3,
        }
    )
    live = after.apps.get_model("live", "LiveState").objects.get()
    assert (live.seminar_id, live.slide_id, live.poll_id, live.exercise_id, live.revision) == (
        made["seminar"],
        made["slide"],
        made["poll"],
        made["exercise"],
        41,
    )
    assert live._meta.db_table == "seminar_livestate"
