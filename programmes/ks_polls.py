# ruff: noqa: RUF001  (paragraph ranges are written with en dashes, as in Norwegian law texts)
"""The polls of the KS basisprogram: the kommunepolitikk question, the ranking of the
sector's challenges ("which three first in our municipality?"), the three habilitet
dilemmas with their answer key, and the closing evaluation.

The answer key states the law as it stands: the 1967 Public Administration Act's
§§ 6-10 apply until the new act (LOV-2025-06-20-81, habilitet in chapter 4) takes effect.
"""

from agenda.programme_spec import ChoiceSpec, PollSpec

LAW_VERSION = (
    "Gjeldende rett per 26. november 2026: forvaltningsloven 1967 §§ 6–10 (ny forvaltningslov, "
    "LOV-2025-06-20-81 kapittel 4, gjelder først når den trer i kraft), kommuneloven 2018, "
    "straffeloven 2005."
)

TRAFFIC_LIGHT = (
    ChoiceSpec(label="Grønt lys: greit", light="green"),
    ChoiceSpec(label="Usikker", light="yellow"),
    ChoiceSpec(label="Rødt lys: ikke greit", light="red"),
)

DILEMMA_QUESTION = "Er det greit eller ikke greit? Rødt eller grønt lys?"

KS_POLLS = (
    PollSpec(
        slide_title="Hva er egentlig kommunepolitikk?",
        kind="multiple",
        question="Hva er egentlig kommunepolitikk? Velg det du mener er viktigst.",
        max_choices=3,
        choices=tuple(
            ChoiceSpec(label=label)
            for label in (
                "Ta stilling til kommunedirektørens forslag",
                "Holde orden på administrasjonen",
                "Gjennomføre nasjonale føringer",
                "Drive sentralt bestemt partipolitikk",
                "Gjøre det folket vil at jeg skal gjøre",
                "Drive tjenesteyting",
                "Utvikle lokalsamfunnet",
                "Utøve lokalpolitisk skjønn",
            )
        ),
    ),
    PollSpec(
        slide_title="Utfordringer for kommunal sektor",
        kind="ranking",
        question="Hvilke tre utfordringer bør vår kommune ta først?",
        max_choices=3,
        choices=tuple(
            ChoiceSpec(label=label)
            for label in (
                "Trangere økonomi krever tøffere prioriteringer",
                "Mangel på kompetanse og arbeidskraft",
                "Demokratiet under press",
                "Kort tid på å kutte klimautslipp og sikre naturmangfold",
                "Økt helse- og omsorgsbehov",
                "Digitaliseringsarbeidet er for lite samordnet",
                "Flere står utenfor arbeids- og samfunnslivet",
                "Økende risiko for kriser og uønskede hendelser",
            )
        ),
    ),
    PollSpec(
        slide_title="Rødt eller grønt lys? Del 1",
        kind="traffic_light",
        series="Rødt eller grønt lys?",
        series_part="Del 1",
        question=(
            "Formannskapet med ledsagere takker ja til bedriftens jubileumsmiddag. "
            + DILEMMA_QUESTION
        ),
        choices=TRAFFIC_LIGHT,
        results="on_reveal",
        answer_key=(
            "Ingen lov forbyr folkevalgte å ta imot gaver; kommunens egne etiske retningslinjer "
            "avgjør (mange kommuner har en grense på noen hundre kroner). Et måltid som spises "
            "der og da er normalt ikke straffbart, men en festmiddag for formannskapet og "
            "ledsagere betalt av en stor bedrift i kommunen kan svekke tilliten. Sjekk "
            "retningslinjene, og vurder om bedriften har eller kan få saker for kommunen: da "
            "kan middagen gjøre folkevalgte inhabile senere."
        ),
        answer_key_rules=(
            "Kommunens etiske retningslinjer; straffeloven § 387 (korrupsjon: utilbørlig fordel "
            "i anledning av vervet); forvaltningsloven § 6 andre ledd (særegne forhold som "
            "svekker tilliten) for senere saker."
        ),
        answer_key_law_version=LAW_VERSION,
        answer_key_is_judgement=True,
    ),
    PollSpec(
        slide_title="Rødt eller grønt lys? Del 2",
        kind="traffic_light",
        series="Rødt eller grønt lys?",
        series_part="Del 2",
        question=(
            "Ordfører og varaordfører blir med på Oslo-tur med landskamp og middag i VIP-lokaler, "
            "men betaler reisen selv. " + DILEMMA_QUESTION
        ),
        choices=TRAFFIC_LIGHT,
        results="on_reveal",
        answer_key=(
            "At de betaler reisen selv, gjør ikke landskampen og VIP-middagen til noe annet enn "
            "en fordel av betydelig verdi fra en bedrift med interesser i kommunen. Det går "
            "normalt utover det kommunale etiske regler tillater, og kan nærme seg en "
            "utilbørlig fordel etter straffeloven. Terskelen for straff er likevel ikke "
            "terskelen for etikk: spørsmålet er om innbyggerne kan stole på at ordføreren er "
            "upartisk."
        ),
        answer_key_rules=(
            "Kommunens etiske retningslinjer; straffeloven §§ 387–389 (korrupsjon, grov "
            "korrupsjon, påvirkningshandel); forvaltningsloven § 6 andre ledd."
        ),
        answer_key_law_version=LAW_VERSION,
        answer_key_is_judgement=True,
    ),
    PollSpec(
        slide_title="Rødt eller grønt lys? Del 3",
        kind="traffic_light",
        series="Rødt eller grønt lys?",
        series_part="Del 3",
        question=(
            "Uka etter vil ordføreren få i stand et møte med bedriften og administrasjonen om "
            "dispensasjon for et nytt bygg på dyrkbar mark. " + DILEMMA_QUESTION
        ),
        choices=TRAFFIC_LIGHT,
        results="on_reveal",
        answer_key=(
            "Å legge til rette for et møte mellom en bedrift og administrasjonen er i "
            "utgangspunktet en del av ordførerens rolle. Men etter middagen og Oslo-turen kan "
            "særegne forhold svekke tilliten til at ordføreren er upartisk i nettopp denne "
            "bedriftens sak: da er hun inhabil. Hun må selv si fra om forholdet; i et "
            "folkevalgt organ avgjør organet habiliteten hennes, uten at hun deltar. Saken "
            "skal forberedes av kommunedirektøren."
        ),
        answer_key_rules=(
            "Forvaltningsloven § 6 andre ledd (særegne forhold), § 8 andre ledd (organet avgjør, "
            "uten medlemmet); kommuneloven § 6-1 (ordførerens rolle), § 11-10 (særregler), "
            "§ 13-1 (kommunedirektøren sørger for at saker er forsvarlig utredet)."
        ),
        answer_key_law_version=LAW_VERSION,
        answer_key_is_judgement=True,
    ),
    PollSpec(
        slide_title="Evaluering",
        survey="Evaluering",
        kind="scale",
        series="Evaluering",
        series_part="1",
        question="Hvor nyttige var disse to dagene for deg som folkevalgt?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Lite nyttige",
        scale_max_label="Svært nyttige",
    ),
    PollSpec(
        slide_title="Evaluering",
        survey="Evaluering",
        kind="scale",
        series="Evaluering",
        series_part="2",
        question="Hvor godt fungerte gruppeoppgavene og dilemmaene?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Dårlig",
        scale_max_label="Svært godt",
    ),
    PollSpec(
        slide_title="Evaluering",
        survey="Evaluering",
        kind="scale",
        series="Evaluering",
        series_part="3",
        question="Hvor trygg føler du deg nå på rollen som folkevalgt?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Lite trygg",
        scale_max_label="Svært trygg",
    ),
    PollSpec(
        slide_title="Evaluering",
        survey="Evaluering",
        kind="open_text",
        series="Evaluering",
        series_part="4",
        question="Hva tar du med deg, og hva bør vi gjøre annerledes neste gang?",
    ),
)
