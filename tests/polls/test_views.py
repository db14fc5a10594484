import re

import pytest
from django.test import Client
from django.urls import reverse

from live import activities
from polls import services
from polls.models import Ballot
from tests.factories import make_participant, make_poll, make_seminar, make_user

pytestmark = pytest.mark.django_db

TRAFFIC = {"labels": ("Grønt lys", "Usikker", "Rødt lys"), "lights": ("green", "yellow", "red")}


def joined_client(seminar) -> Client:
    client = Client()
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    return client


def vote(client: Client, seminar, poll, **data):
    return client.post(
        reverse("polls:vote", args=[seminar.join_code, poll.pk]),
        data,
        headers={"hx-request": "true"},
    )


def result_rows(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<th scope="row" class="result-row__label">\s*(?:<img[^>]*>)?\s*([^<]+?)\s*</th>'
        r'\s*<td class="result-row__count">(\d+)</td>',
        html,
    )


def test_an_open_poll_appears_on_the_phone_with_its_choices():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="traffic_light", state="draft", results="on_reveal", **TRAFFIC)
    phone = joined_client(seminar)
    activities.open_poll(poll=poll)

    page = phone.get(f"/j/{seminar.join_code}/")

    assert re.findall(
        r'<input type="radio" name="choice" value="\d+">\s*(?:<img[^>]*>)?\s*([^<]+?)\s*</label>',
        page.text,
    ) == [
        "Grønt lys",
        "Usikker",
        "Rødt lys",
    ]
    assert 'src="/static/icons/light-green.svg"' in page.text


def test_hidden_results_are_in_nobodys_html_until_revealed(client: Client):
    seminar = make_seminar()
    poll = make_poll(seminar, kind="traffic_light", state="draft", results="on_reveal", **TRAFFIC)
    activities.open_poll(poll=poll)
    phone = joined_client(seminar)
    red = poll.choices.get(light="red").pk
    vote(phone, seminar, poll, choice=red)

    projector_before = client.get(reverse("seminar:projector", args=[seminar.projector_token])).text
    phone_before = phone.get(f"/j/{seminar.join_code}/").text
    activities.close_poll(poll=poll)
    activities.reveal_results(poll=poll)
    projector_after = client.get(reverse("seminar:projector", args=[seminar.projector_token])).text
    phone_after = phone.get(f"/j/{seminar.join_code}/").text

    assert re.findall(r'class="poll__answered">([^<]+)<', projector_before) == ["1 av 1 har svart"]
    assert result_rows(projector_before) == []
    assert "result-row" not in projector_before and "result-row" not in phone_before
    assert result_rows(projector_after) == [("Grønt lys", "0"), ("Usikker", "0"), ("Rødt lys", "1")]
    assert result_rows(phone_after) == result_rows(projector_after)


def test_a_vote_is_confirmed_with_what_was_stored():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    activities.open_poll(poll=poll)
    phone = joined_client(seminar)

    response = vote(phone, seminar, poll, choice=poll.choices.get(label="Nei").pk)

    assert re.findall(
        r'class="vote__confirmation" role="status">([^<]+)<strong>([^<]+)</strong>', response.text
    ) == [("Svaret ditt er lagret: ", "Nei")]
    assert list(Ballot.objects.values_list("choices__label", flat=True)) == ["Nei"]
    assert 'hx-preserve="true"' not in response.text  # this answer replaces the form


def test_a_plain_form_vote_redirects_to_the_phone_page_which_shows_the_answer():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    activities.open_poll(poll=poll)
    phone = joined_client(seminar)

    response = phone.post(
        reverse("polls:vote", args=[seminar.join_code, poll.pk]),
        {"choice": poll.choices.get(label="Ja").pk},
    )
    page = phone.get(response["Location"])

    assert response["Location"] == f"/j/{seminar.join_code}/"
    assert re.findall(
        r"<strong>([^<]+)</strong>", page.text.split('class="vote__confirmation"')[1]
    )[:1] == ["Ja"]


def test_a_refused_vote_says_why_and_stores_nothing():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"), state="closed")
    activities.show_poll(poll=poll)
    phone = joined_client(seminar)

    response = vote(phone, seminar, poll, choice=poll.choices.get(label="Ja").pk)

    assert response.status_code == 400
    assert re.findall(r'class="vote__error" role="alert">([^<]+)<', response.text) == [
        "Denne avstemningen er stengt. Svaret ditt ble ikke lagret."
    ]
    assert Ballot.objects.count() == 0


def test_a_phone_that_has_not_joined_cannot_vote(client: Client):
    seminar = make_seminar()
    poll = make_poll(seminar)

    response = client.post(
        reverse("polls:vote", args=[seminar.join_code, poll.pk]),
        {"choice": poll.choices.first().pk},
    )

    assert response["Location"] == f"/j/{seminar.join_code}/"
    assert Ballot.objects.count() == 0


def test_only_the_seminars_facilitators_run_its_polls():
    owner = make_user()
    seminar = make_seminar(facilitator=owner)
    poll = make_poll(seminar, state="draft")
    url = reverse("polls:control", args=[seminar.slug, poll.pk, "open"])
    phone = joined_client(seminar)
    stranger = Client()
    stranger.force_login(make_user())
    facilitator = Client()
    facilitator.force_login(owner)

    as_phone = phone.post(url)
    as_stranger = stranger.post(url)
    state_before = type(poll).objects.get(pk=poll.pk).state
    as_owner = facilitator.post(url, headers={"hx-request": "true"})

    assert as_phone["Location"].startswith("/login/")
    assert as_stranger.status_code == 404
    assert state_before == "draft"
    assert as_owner.status_code == 200
    assert type(poll).objects.get(pk=poll.pk).state == "open"


@pytest.mark.parametrize("voters", [1, 12])
def test_projector_with_a_poll_runs_fixed_queries(
    client: Client, django_assert_num_queries, voters: int
):
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("A", "B", "C"))
    activities.open_poll(poll=poll)
    for n in range(voters):
        services.cast_vote(
            poll_id=poll.pk,
            participant=make_participant(seminar),
            choice_ids=[poll.choices.all()[n % 3].pk],
        )
    from live.screens import render_results

    with django_assert_num_queries(5):
        message = render_results(seminar.pk)

    counts = [int(count) for _label, count in result_rows(message["screens"]["projector"])]
    assert sum(counts) == voters


@pytest.mark.parametrize("choices", [2, 8])
def test_phone_page_with_a_poll_runs_fixed_queries(django_assert_num_queries, choices: int):
    seminar = make_seminar()
    poll = make_poll(
        seminar, kind="multiple", labels=tuple(f"Valg {n}" for n in range(choices)), max_choices=2
    )
    activities.open_poll(poll=poll)
    phone, neighbour = joined_client(seminar), joined_client(seminar)
    two = [c.pk for c in poll.choices.all()[:2]]
    vote(phone, seminar, poll, choice=two)
    vote(neighbour, seminar, poll, choice=two)

    # The participant, what is on screen (small), the phone's answer, then the room's state
    # and the choices to render the page once, and the phone's groups: no counting.
    with django_assert_num_queries(6):
        page = phone.get(f"/j/{seminar.join_code}/")
    # Whoever ticked the same gets that page from the cache, with its own token.
    with django_assert_num_queries(4):
        same = neighbour.get(f"/j/{seminar.join_code}/")

    tokens = []
    for html in (page.text, same.text):
        assert len(re.findall(r'type="checkbox" name="choice"', html)) == choices
        assert len(re.findall(r" checked>", html)) == 2
        assert re.findall(r'class="vote__confirmation"[^>]*>[^<]*<strong>([^<]+)<', html) == [
            "Valg 0, Valg 1"
        ]
        assert re.findall(r'class="phone__me">([^<]+)<', html) == ["Folkevalgt"]
        tokens.append(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)))
    assert [len(found) for found in tokens] == [1, 1] and tokens[0] != tokens[1]
    # One who has not answered yet gets a page of its own: nothing ticked, nothing stored.
    unanswered = joined_client(seminar).get(f"/j/{seminar.join_code}/").text
    assert re.findall(r" checked>", unanswered) == []
    assert "vote__confirmation" not in unanswered
    assert "plenum" not in page.text.split('name="csrfmiddlewaretoken" value="')[1][:80]


@pytest.mark.parametrize("voters", [1, 10])
def test_console_with_a_poll_runs_fixed_queries(django_assert_num_queries, voters: int):
    owner = make_user()
    seminar = make_seminar(facilitator=owner)
    poll = make_poll(seminar, kind="open_text", labels=())
    activities.open_poll(poll=poll)
    for n in range(voters):
        services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), text=f"Svar {n}")
    facilitator = Client()
    facilitator.force_login(owner)

    with django_assert_num_queries(15):
        page = facilitator.get(reverse("seminar:console", args=[seminar.slug]))

    assert len(re.findall(r'<ul class="answer-wall"[^>]*>', page.text)) == 1
    assert len(re.findall(r"<li>Svar \d+</li>", page.text)) == voters


@pytest.mark.parametrize("choices", [2, 9])
def test_a_vote_runs_fixed_queries(django_assert_num_queries, choices: int):
    seminar = make_seminar()
    poll = make_poll(
        seminar, kind="multiple", labels=tuple(f"Valg {n}" for n in range(choices)), max_choices=9
    )
    activities.open_poll(poll=poll)
    phone = joined_client(seminar)
    picked = [choice.pk for choice in poll.choices.all()]

    # The batch's savepoint, the voter, the poll, its choices and the ballot there, the
    # ballot's upsert, read back, and its choices replaced.
    with django_assert_num_queries(10):
        response = vote(phone, seminar, poll, choice=picked)

    assert response.status_code == 200
    assert Ballot.objects.get().choices.count() == choices


def test_a_refused_answer_keeps_what_the_phone_wrote():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="open_text", labels=())
    activities.open_poll(poll=poll)
    phone = joined_client(seminar)
    too_long = "Mer tid til dilemmaene. " * 15

    response = vote(phone, seminar, poll, text=too_long)

    assert response.status_code == 400
    assert re.findall(r"<textarea[^>]*>([^<]*)</textarea>", response.text) == [too_long]
    assert Ballot.objects.count() == 0


def test_a_refused_plain_form_answer_is_explained_on_the_phone_page_even_off_screen():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="multiple", labels=("A", "B", "C"), max_choices=2)
    activities.open_poll(poll=poll)
    activities.hide_poll(seminar_id=seminar.pk)  # the facilitator moved on meanwhile
    phone = joined_client(seminar)
    everything = [choice.pk for choice in poll.choices.all()]

    response = phone.post(
        reverse("polls:vote", args=[seminar.join_code, poll.pk]), {"choice": everything}
    )

    assert response.status_code == 400
    assert re.findall(r'class="vote__error" role="alert">([^<]+)<', response.text) == [
        "Velg høyst 2 svar."
    ]
    assert (
        len(re.findall(r'type="checkbox" name="choice" value="\d+" checked>', response.text)) == 3
    )
    assert Ballot.objects.count() == 0


def test_phones_follow_the_counts_once_results_are_revealed():
    from live.screens import render_results

    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    activities.open_poll(poll=poll)
    yes = poll.choices.get(label="Ja").pk
    services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), choice_ids=[yes])
    hidden = render_results(seminar.pk)
    activities.reveal_results(poll=poll)
    services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), choice_ids=[yes])

    revealed = render_results(seminar.pk)

    assert sorted(hidden["screens"]) == ["console", "projector"]
    assert result_rows(revealed["screens"]["phone:nb"]) == [("Ja", "2"), ("Nei", "0")]


def test_a_changed_answer_is_posted_with_the_pages_own_token_as_the_answer_carries_none():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    activities.open_poll(poll=poll)
    phone = Client(enforce_csrf_checks=True)
    join_form = phone.get(f"/j/{seminar.join_code}/")
    form_token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', join_form.text)[0]
    phone.post(f"/j/{seminar.join_code}/", {"side": "elected", "csrfmiddlewaretoken": form_token})
    page = phone.get(f"/j/{seminar.join_code}/")
    (page_token,) = re.findall(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.text)
    url = reverse("polls:vote", args=[seminar.join_code, poll.pk])
    htmx = {"hx-request": "true", "x-csrftoken": page_token}

    first = phone.post(url, {"choice": poll.choices.get(label="Ja").pk}, headers=htmx)
    changed = phone.post(url, {"choice": poll.choices.get(label="Nei").pk}, headers=htmx)

    assert "csrfmiddlewaretoken" not in first.text  # kept for everyone who chose "Ja"
    assert changed.status_code == 200
    assert list(Ballot.objects.values_list("choices__label", flat=True)) == ["Nei"]
