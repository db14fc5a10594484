"""The KS basisprogram's exercises, each on its slide, with the deck's own words.

A case exercise shows its slide's text as the case (see exercises.services)."""

from __future__ import annotations

from agenda.programme_spec import ExerciseSpec

DILEMMA_SERIES = "Rødt eller grønt lys?"
DILEMMA_PROMPT = "Gruppens dom: rødt eller grønt lys? Skriv én linje om hvorfor."

KS_EXERCISES: tuple[ExerciseSpec, ...] = (
    ExerciseSpec(
        slide_title="Visittkort",
        kind="card",
        grouping="individual",
        title="Visittkort",
        prompt=(
            "Fyll ut visittkortet ditt og tegn noe du liker å gjøre på fritiden. Alt er frivillig."
        ),
        max_length=280,
        timer_minutes=10,
    ),
    ExerciseSpec(
        slide_title=("Hva risikerer vi som kommune hvis vi ikke planlegger godt for framtiden?"),
        kind="brainstorm",
        title="Hva risikerer vi som kommune?",
        prompt="Hva risikerer vi som kommune hvis vi ikke planlegger godt for framtiden?",
        max_length=200,
        timer_minutes=10,
    ),
    ExerciseSpec(
        slide_title="Sykehjemsplass",
        kind="case",
        title="Refleksjonsoppgave: Sykehjemsplass",
        prompt="Drøft saken ved bordet og skriv gruppens svar.",
        questions=(
            "Hvordan skal folkevalgte forholde seg hvis de er uenige i administrasjonens vedtak?",
        ),
        max_length=1000,
    ),
    ExerciseSpec(
        slide_title="En oppgave om planlegging og samspill.",
        kind="contest",
        title="Papirtårn",
        prompt="Det høyeste byggverket vinner! Skriv inn høyden i cm og ta et bilde av tårnet.",
        timer_minutes=10,
    ),
    *(
        ExerciseSpec(
            slide_title=f"{DILEMMA_SERIES} {part}",
            kind="dilemma",
            title=f"{DILEMMA_SERIES} {part}: gruppenes dom",
            prompt=DILEMMA_PROMPT,
            max_length=140,
            poll_series=DILEMMA_SERIES,
            poll_part=part,
        )
        for part in ("Del 1", "Del 2", "Del 3")
    ),
    ExerciseSpec(
        slide_title="Hvordan håndtere habilitet?",
        kind="case",
        title="Habilitet i gruppens behandling",
        prompt="Drøft ved bordet og skriv gruppens svar.",
        questions=("Hva gjør dere i gruppens behandling av den samme saken?",),
        max_length=1000,
    ),
    ExerciseSpec(
        slide_title="Hets mot folkevalgte",
        kind="case",
        title="Hets mot folkevalgte",
        prompt="Drøft saken ved bordet og svar på begge spørsmålene.",
        questions=(
            "Hva kan kommunestyret som kollegium gjøre?",
            "Hva kan administrasjonen bidra med?",
        ),
        max_length=1000,
    ),
    ExerciseSpec(
        slide_title=("Når jeg tenker på dag 1: hva ble jeg mest opptatt av / hva lærte jeg?"),
        kind="notes",
        grouping="individual",
        title="Gule lapper: Når jeg tenker på dag 1",
        prompt=(
            "Når jeg tenker på dag 1: hva ble jeg mest opptatt av / hva lærte jeg? "
            "Noter 2-3 ting, én på hver lapp."
        ),
        limit=3,
        max_length=140,
        timer_minutes=3,
    ),
    ExerciseSpec(
        slide_title="Gruppemøter i partiene",
        kind="speech",
        grouping="party",
        title="God kultur i kommunestyret",
        prompt=(
            "God kultur i kommunestyret: Hvordan vil vi ha det i vårt kommunestyre, og hva "
            "er vårt bidrag? Forbered et innlegg på 2 minutter. Gruppens yngste framfører."
        ),
        timer_minutes=20,
        speech_seconds=120,
    ),
    ExerciseSpec(
        slide_title="Forventningsavklaring",
        kind="expectations",
        grouping="side",
        title="Forventningsavklaring",
        prompt=(
            "Folkevalgte: Hvilke forventninger har vi til administrasjonen for å få til et "
            "godt samarbeid? Administrasjonen: Hvilke forventninger har vi til de folkevalgte "
            "for å få til et godt samarbeid? Bli enige om tre punkter som kan løftes i plenum."
        ),
        limit=3,
        max_length=200,
    ),
    ExerciseSpec(
        slide_title="Er alle relevante dokumenter med?",
        kind="case",
        title="Godt nok utredet?",
        prompt="Drøft saken ved bordet og skriv gruppens svar.",
        questions=(
            "Hva kan kommunestyret gjøre hvis en representant mener hun ikke har fått god "
            "nok informasjon i saken?",
        ),
        max_length=1000,
    ),
)
