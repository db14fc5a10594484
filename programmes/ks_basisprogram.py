"""The KS basisprogram, as held in Sel kommune on 30-31 October 2023: the template for
any municipality, and the demo seminar when laid for Sel.

Where the deck names its municipality, its dates or the election year, the text holds a
placeholder ({municipality}, {dates}, {year}: programmes/placeholders.py) that is filled
when a seminar is made from it. The days' dates are Sel's; a new seminar moves them."""

# ruff: noqa: RUF001  (the deck's en dashes are its typography, kept as written)

from __future__ import annotations

from datetime import date, time

from agenda.programme_spec import DaySpec, ItemSpec, ProgrammeSpec, QuestionRoundSpec, SlideSpec
from programmes.ks_exercises import KS_EXERCISES
from programmes.ks_polls import KS_POLLS

PROGRAMME: ProgrammeSpec = ProgrammeSpec(
    title="KS Folkevalgtprogram – basisprogram",
    municipality="Sel kommune",
    language="nb",
    days=(
        DaySpec(
            number=1,
            date=date(2023, 10, 30),
            ends_at=time(15, 0),
            items=(
                ItemSpec(
                    title="Velkommen",
                    starts_at=time(9, 0),
                    planned_minutes=10,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="join",
                            title="{municipality}",
                            body="{dates}",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Dagens temaer",
                            body=(
                                "# Dag 1\n"
                                "Dette er kommunesektoren. Og KS.\n"
                                "Hva innebærer det å være folkevalgt?\n"
                                "Planlegging og økonomi\n"
                                "Habilitet, etikk, sosiale medier\n"
                                "Avslutning for dagen kl. 15"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Temaer Dag 2",
                            body=(
                                "Samspillet de folkevalgte imellom\n"
                                "Samspillet med administrasjonen\n"
                                "Samspillet med lokalbefolkningen\n"
                                "Avslutning ved ordfører kl. 14.30"
                            ),
                        ),
                        SlideSpec(
                            layout="title",
                            title="Gratulerer med valget!",
                            notes=(
                                "Vis med påmeldingsbanneret. Deltakerne skanner QR-koden, "
                                "velger bord og «folkevalgt» eller «administrasjon»."
                            ),
                            photo_credit="Tor Fjeld",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Visittkort",
                    starts_at=time(9, 10),
                    planned_minutes=10,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="exercise",
                            title="Visittkort",
                            body=(
                                "Navn:\n"
                                "Alder:\n"
                                "Bor i:\n"
                                "Yrke / student:\n"
                                "Hvorfor ble jeg folkevalgt? eller\n"
                                "Hvorfor jobber jeg i kommunen?\n"
                                "\n"
                                "Tegn noe du liker å gjøre på fritiden:"
                            ),
                            notes=(
                                "10 minutter. Hver deltaker fyller ut visittkortet på mobilen "
                                "og tegner noe de liker å gjøre på fritiden. Galleriet fylles "
                                "opp på projektoren; plukk ut noen kort å snakke om."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="KS – Kommunesektorens organisasjon",
                    starts_at=time(9, 20),
                    planned_minutes=20,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="bullets",
                            title="KS FOLKEVALGTPROGRAM",
                            body=(
                                "# AKTIVITETER\n"
                                "Basisprogram\n"
                                "  2 dager i kommunestyret/fylkestinget/bydelsutvalget\n"
                                "Temadager\n"
                                "  Ny agenda for kommuneplanens samfunnsdel\n"
                                "  Faglig opplegg for de obligatoriske rådene\n"
                                "Ordførerprogram sammen med kommunedirektørene\n"
                                "# FAGLIGE RESSURSER\n"
                                "Artikler på ks.no\n"
                                "Webinarer\n"
                                "Filmer\n"
                                "Podcast\n"
                                "E-læring for nye folkevalgte\n"
                                "Powerpoint & metodikk\n"
                                "Tillit\n"
                                "  Digital bok på ks.no\n"
                                "  Trykt utgave kjøpes fra KF"
                            ),
                        ),
                        SlideSpec(
                            layout="section",
                            title="KS – Kommunesektorens organisasjon",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Våre roller",
                            body=(
                                "Interessepolitisk aktør\n"
                                "Arbeidsgiverorganisasjon\n"
                                "Utviklingspartner"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Tilstede i hele landet",
                            body=(
                                "KS er delt inn i åtte regioner i Norge\n"
                                "  Nord-Norge\n"
                                "  Trøndelag\n"
                                "  Innlandet\n"
                                "  Møre og Romsdal\n"
                                "  Region Vest\n"
                                "  Agder\n"
                                "  Viken\n"
                                "  Vestfold og Telemark\n"
                                "Totalt 14 fylkeskontorer\n"
                                "Kommunenes Hus i Oslo\n"
                                "Europakontor i Brüssel"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Dette er region Innlandet",
                            body=(
                                "I region Innlandet jobber 7 ansatte.\n"
                                "Kontorer i Lillehammer og Hamar\n"
                                "Prosjekter: Rusta for framtida"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Møteplasser for kommunene i Innlandet",
                            body=(
                                "Fylkesstyret\n"
                                "Kommunedirektørutvalget (KDU)\n"
                                "Fylkesmøtet\n"
                                "Høstkonferansen\n"
                                "Strategikonferansen\n"
                                "Faglige nettverk\n"
                                "Webinarer og frokostmøter"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hold deg oppdatert!",
                            body=(
                                "Hold deg oppdatert på ks.no og KS Innlandet\n"
                                "  https://www.ks.no/regioner/ks-vest-norge/\n"
                                "  https://www.ks.no/regioner/ks-innlandet/\n"
                                "Meld deg på vårt nyhetsbrev!\n"
                                "  https://www.ks.no/nyhetsvarsling/\n"
                                "Følg KS på Facebook\n"
                                "  https://www.facebook.com/KSKommunesektoren\n"
                                "Podcaster vi anbefaler:\n"
                                "  «Der livet leves» (podcast fra KS)\n"
                                "  «Kontrollutvalget» (Kommunal rapport)"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Nytt fra KS",
                            body=(
                                "Følg KS på Facebook\n"
                                "  https://www.facebook.com/KSKommunesektoren\n"
                                "Hold deg oppdatert på ks.no\n"
                                "  https://www.ks.no/regioner/ks-vest-norge/\n"
                                "Meld deg på vårt nyhetsbrev!\n"
                                "  https://www.ks.no/nyhetsvarsling/"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Dette er kommunesektoren",
                    starts_at=time(9, 40),
                    planned_minutes=30,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Dette er kommunesektoren",
                        ),
                        SlideSpec(
                            layout="film",
                            title="Kommunesektorens samfunnsoppdrag",
                            body="Link til filmen",
                            notes="Åpne lenken på PC-en.",
                            link="https://youtu.be/u9m9k-pUE0",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Kommunens oppgaver og roller",
                            body=(
                                "Være en demokratisk aktør\n"
                                "Yte offentlige tjenester\n"
                                "Drive samfunnsutvikling\n"
                                "Utøve myndighet\n"
                                "Arbeidsgiver for de ansatte"
                            ),
                            photo_credit="Shutterstock",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hva er egentlig kommunepolitikk?",
                            body=(
                                "Ta stilling til kommunedirektørens forslag?\n"
                                "Holde orden på administrasjonen?\n"
                                "Gjennomføre nasjonale føringer?\n"
                                "Drive sentralt bestemt partipolitikk?\n"
                                "Gjøre det folket vil at jeg skal gjøre?\n"
                                "Drive tjenesteyting?\n"
                                "Utvikle lokalsamfunnet?\n"
                                "Utøve lokalpolitisk skjønn?"
                            ),
                            notes=(
                                "Flervalgsavstemning: deltakerne svarer på mobilen, og "
                                "stolpene vises live på projektoren."
                            ),
                            photo_credit="KS",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Utfordringer for kommunal sektor",
                            body=(
                                "Trangere økonomi krever tøffere prioriteringer\n"
                                "Mangel på kompetanse og arbeidskraft\n"
                                "Demokratiet under press\n"
                                "Kort tid på å kutte klimautslipp og sikre naturmangfold\n"
                                "Økt helse- og omsorgsbehov\n"
                                "Digitaliseringsarbeidet er for lite samordnet\n"
                                "Flere står utenfor arbeids- og samfunnslivet\n"
                                "Økende risiko for kriser og uønskede hendelser"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Gruppeoppgave: Hva risikerer vi som kommune?",
                    starts_at=time(10, 10),
                    planned_minutes=10,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="exercise",
                            title=(
                                "Hva risikerer vi som kommune hvis vi ikke planlegger godt "
                                "for framtiden?"
                            ),
                            body=(
                                "Gruppen formulerer så mange svar som mulig på en flipover.\n"
                                "\n"
                                "Velg en gruppeleder. Gruppelederen sørger for at alle får "
                                "ordet når en jobber med oppgavene.\n"
                                "\n"
                                "Velg en som noterer, som også presenterer i plenum."
                            ),
                            notes=(
                                "10 minutter. Gruppene velger gruppeleder og referent. "
                                "Referenten skriver bordets punkter på mobilen, de andre legger "
                                "til sine. I plenum: vis ett bords ark om gangen, og referenten "
                                "presenterer."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Pause",
                    starts_at=time(10, 20),
                    planned_minutes=10,
                    kind="break",
                ),
                ItemSpec(
                    title="Hva innebærer det å være folkevalgt?",
                    starts_at=time(10, 30),
                    planned_minutes=20,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Hva innebærer det å være folkevalgt?",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hvordan få en sak på dagsorden?",
                            body=(
                                "Rette en forespørsel til lederen i møtet\n"
                                "Spørsmål\n"
                                "Interpellasjon\n"
                                "Se reglementet\n"
                                "Fremme alternative forslag til vedtak\n"
                                "Kreve å få en sak på saklista,\n"
                                "Verbalforslag til budsjettet\n"
                                "Kommunestyret som politiske verksteder"
                            ),
                            photo_credit="Siv Dolmen",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Ordførers rolle",
                            body=(
                                "Kommunens fremste folkevalgte\n"
                                "Ansvar for den politiske arenaen\n"
                                "Møteleder\n"
                                "Setter dagsorden for politisk arbeid\n"
                                "Hovedkontakt til kommunedirektøren\n"
                                "Kommunens ansikt utad, døråpner\n"
                                "Kan få myndighet til å treffe vedtak i hastesaker og i "
                                "ikke-prinsipielle saker\n"
                                "Kan få myndighet til å opprette utvalg\n"
                                "Har tale- og forslagsrett i alle folkevalgte organer unntatt "
                                "kontrollutvalget\n"
                                "I kontrollutvalget har ordfører kun møte- og talerett"
                            ),
                            photo_credit="KS",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Refleksjonsoppgave: Sykehjemsplass",
                    starts_at=time(10, 50),
                    planned_minutes=15,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Refleksjonsoppgave",
                        ),
                        SlideSpec(
                            layout="case",
                            title="Sykehjemsplass",
                            body=(
                                "I lokalavisa kan vi lese om 90 år gamle Sverre som har fått "
                                "avslag på sjukehjemsplass i kommunen, selv om både han og hans "
                                "nærmeste familie mener han ikke kan ta vare på seg selv.\n"
                                "\n"
                                "Etter et fall i hjemmet, for andre gang på kort tid, rant "
                                "begeret over for barna hans og de delte et bilde av sin "
                                "skadede far på Facebook. Siden har det haglet inn med "
                                "reaksjoner mot kommunen.\n"
                                "\n"
                                "Også de folkevalgte i kommunen har kritisert beslutningen og "
                                "ber nå kommunedirektøren rette opp saken. Kommunedirektøren "
                                "påpeker at de har fulgt de vedtatte tildelingskriteriene for "
                                "sykehjemsplass, men har samtidig forståelse for Sverre og "
                                "familiens situasjon.\n"
                                "\n"
                                "Hvordan skal folkevalgte forholde seg hvis de er uenige i "
                                "administrasjonens vedtak?"
                            ),
                            notes="Bordene drøfter og svarer på spørsmålet.",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Planlegging og politikk",
                    starts_at=time(11, 5),
                    planned_minutes=25,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Planlegging og politikk",
                        ),
                        SlideSpec(
                            layout="quote",
                            title=(
                                "Vi har kommunale planer for å samordne mål, strategier og "
                                "tiltak for utviklingen av kommunen."
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Kommuneplanen – et godt politisk styringsverktøy",
                            body=(
                                "Overordnet og strategisk\n"
                                "Veivalg og satsinger for kommunen\n"
                                "Bør vedtas tidlig i perioden slik at vedtatt politikk kan "
                                "realiseres\n"
                                "Gir føringer for administrasjonen og andre planer\n"
                                "Kobling til økonomiplanen"
                            ),
                            photo_credit="KS",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Sammenhengene i det kommunale plansystemet:",
                            body=(
                                "# KOMMUNAL PLANSTRATEGI\n"
                                "# KOMMUNEPLAN\n"
                                "Samfunnsdel og arealdel\n"
                                "# KOMMUNEPLAN TEMA\n"
                                "Strategisk\n"
                                "Strategier, temaplaner, handlingsplaner\n"
                                "Strategisk utdyping\n"
                                "# Kommuneplan areal\n"
                                "Område- og detaljregulering\n"
                                "# KOMMUNEPLANENS HANDLINGSDEL med økonomiplan\n"
                                "Delmål og tiltak\n"
                                "Prioritering"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Planleggingshjulet",
                            body=(
                                "# 4ÅRS HJUL\n"
                                "Planstrategi\n"
                                "Planprogram\n"
                                "Kommuneplan\n"
                                "  Samfunnsdel og arealdel, inkludert handlingsdel\n"
                                "# 1ÅRS HJUL\n"
                                "Økonomiplan/fireårig handlingsdel\n"
                                "Budsjett/ettårig handlingsdel\n"
                                "Årsmelding"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Lunsj",
                    starts_at=time(11, 30),
                    planned_minutes=45,
                    kind="break",
                ),
                ItemSpec(
                    title="Om {municipality} ved kommunedirektør",
                    starts_at=time(12, 15),
                    planned_minutes=35,
                    kind="presentation",
                    presenter="Kommunedirektøren",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Om {municipality} ved kommunedirektør",
                            notes="Kommunens egne lysbilder legges inn her.",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Papirtårn: En oppgave om planlegging og samspill",
                    starts_at=time(12, 50),
                    planned_minutes=10,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="exercise",
                            title="En oppgave om planlegging og samspill.",
                            body=(
                                "Hvert lag har en bunke med ark og en tape-rull.\n"
                                "\n"
                                "På 10 min. skal en lage en frittstående installasjon ved "
                                "hjelp av dette.\n"
                                "\n"
                                "Det høyeste «byggverket» vinner!"
                            ),
                            notes=(
                                "10 minutter med nedtelling på projektoren. Lagene legger inn "
                                "høyden og et bilde; vis resultatlisten og kår vinneren."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Pause",
                    starts_at=time(13, 0),
                    planned_minutes=15,
                    kind="break",
                ),
                ItemSpec(
                    title="Habilitet, etikk, sosiale medier: Rødt eller grønt lys?",
                    starts_at=time(13, 15),
                    planned_minutes=30,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Habilitet Etikk Sosiale medier",
                        ),
                        SlideSpec(
                            layout="case",
                            title="Rødt eller grønt lys? Del 1",
                            body=(
                                "En stor bedrift i kommunen feirer jubileum og inviterer "
                                "samarbeidspartnere/kontakter til festmiddag bekostet av "
                                "bedriften. Bedriften inviterer også kommunens formannskap med "
                                "ledsagere til middagen. Ordfører, varaordfører og flere andre "
                                "takker ja til invitasjonen.\n"
                                "\n"
                                "Er det greit eller ikke greit?"
                            ),
                            notes=(
                                "Salen stemmer først (resultatet skjules). Bordene diskuterer "
                                "og gir en felles dom med begrunnelse. Vis så salens stemmer og "
                                "gruppenes lys, og til slutt fasiten."
                            ),
                        ),
                        SlideSpec(
                            layout="case",
                            title="Rødt eller grønt lys? Del 2",
                            body=(
                                "Den samme jubilerende bedriften har også virksomhet i Oslo. "
                                "Bedriften inviterer flere næringslivsledere i kommunen samt "
                                "ordfører og varaordfører med på Oslo-tur med en times "
                                "orientering om denne virksomheten og deretter landskamp i "
                                "fotball på Ullevål stadion med middag i VIP-lokaler. Ordfører "
                                "og varaordfører takker ja til invitasjonen, men betaler reisen "
                                "selv.\n"
                                "\n"
                                "Er det greit eller ikke greit?"
                            ),
                            notes=(
                                "Salen stemmer først (resultatet skjules). Bordene diskuterer "
                                "og gir en felles dom med begrunnelse. Vis så salens stemmer og "
                                "gruppenes lys, og til slutt fasiten."
                            ),
                        ),
                        SlideSpec(
                            layout="case",
                            title="Rødt eller grønt lys? Del 3",
                            body=(
                                "Uka etter Oslo-turen får ordføreren en henvendelse om at den "
                                "samme bedriften ønsker å sette opp et nytt bygg på en tomt som "
                                "delvis er dyrkbar mark, noe som krever dispensasjon fra "
                                "kommuneplanen, samt tillatelse til omdisponering etter "
                                "jordloven. Ordføreren svarer at hun vil få i stand et møte "
                                "mellom bedriften, administrasjonen og hun selv for å se på "
                                "mulighetene.\n"
                                "\n"
                                "Er det greit eller ikke greit?"
                            ),
                            notes=(
                                "Salen stemmer først (resultatet skjules). Bordene diskuterer "
                                "og gir en felles dom med begrunnelse. Vis så salens stemmer og "
                                "gruppenes lys, og til slutt fasiten."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Etikk og habilitet",
                    starts_at=time(13, 45),
                    planned_minutes=25,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="bullets",
                            title="Hva er rett og galt?",
                            body=(
                                "Etikk er læren om moral\n"
                                "Hvordan bør en handle\n"
                                "Sentrale begrepspar:\n"
                                "  Rett og galt\n"
                                "  Tillatelig og utillatelig\n"
                                "  God og dårlig\n"
                                "For oss i kommunal sektor;\n"
                                "  Hvordan bør vi handle/opptre for å opprettholde tilliten?"
                            ),
                            photo_credit="Shutterstock",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Inhabilitet",
                            body=(
                                "Det kan være fare for at du vil opptre partisk\n"
                                "Det er av stor betydning at folk har tillit til at "
                                "folkevalgte opptrer upartisk\n"
                                "Beskytter den enkelte folkevalgte mot utilbørlig press "
                                "utenfra\n"
                                "Ikke noe bekvemmelighetsflagg"
                            ),
                            photo_credit="Flickr/Michael Coghlan",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Habil eller inhabil: hvilke regler gjelder?",
                            body=(
                                "# Forvaltningsloven\n"
                                "Automatisk inhabil\n"
                                "  Part i saken\n"
                                "  Nært slektskap/familie\n"
                                "  Verge/fullmektig\n"
                                "  Leder, styremedlem, bedriftsforsamling\n"
                                "Andre særegne forhold\n"
                                "  Fordel, tap, ulempe for en selv eller nære/kjære\n"
                                "# Kommuneloven\n"
                                "Som ansatt forberedt eller truffet vedtak i en sak\n"
                                "Inhabil i behandling av saker og klager\n"
                                "Habil i behandling av årsbudsjett, økonomiplan, kommuneplan, "
                                "regional planstrategi mv.\n"
                                "Habil ved valg, fastsette godtgjøring ol.\n"
                                "Fritak av personlige grunner"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hvordan håndtere habilitet?",
                            body=(
                                "Medlemmet har selv plikt til å vurdere sin egen habilitet\n"
                                "Organet selv som avgjør, den som skal vurderes kan forklare "
                                "seg, men ikke delta i debatten eller avgjørelsen\n"
                                "Avgjørelse kan være gjenstand for lovlighetskontroll\n"
                                "Hva gjør dere i gruppens behandling av den samme saken?"
                            ),
                            photo_credit="Mostphotos",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Sosiale medier",
                    starts_at=time(14, 10),
                    planned_minutes=15,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Sosiale medier",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Folkevalgt på sosiale medier",
                            body=(
                                "Vi er folkevalgte hele døgnet – hva innebærer det?\n"
                                "Hvordan omtaler du andre?\n"
                                "Hvordan håndterer vi usakligheter mot andre folkevalgte?"
                            ),
                            photo_credit="Shutterstock",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Hets mot folkevalgte",
                    starts_at=time(14, 25),
                    planned_minutes=30,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="case",
                            title="Hets mot folkevalgte",
                            body=(
                                "De folkevalgte i Sandvik skal behandle en sak om framtidig "
                                "skolestruktur i kommunen. Det er foreslått at fire skoler "
                                "legges ned og at elevene samles i en storskole. Bakgrunnen for "
                                "saken er at kommunen må spare over 10 millioner kroner for å "
                                "få neste års budsjett i balanse.\n"
                                "\n"
                                "Flere folkevalgte som støtter forslaget mottar hets i "
                                "kommentarfeltet på sosiale medier. En politiker opplevde at "
                                "postkassen ble ødelagt og det ble tagget «sviker» på bilen.\n"
                                "\n"
                                "Hva kan kommunestyret som kollegium gjøre?\n"
                                "\n"
                                "Hva kan administrasjonen bidra med?"
                            ),
                            notes="Bordene drøfter de to spørsmålene.",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title=("Tips og råd for håndtering av hets på nett og sosiale medier"),
                            body=(
                                "# MEG SELV\n"
                                "Opprette separate politiker-profiler\n"
                                "Være rollemodeller i kommunikasjon\n"
                                "Ta avstand fra uakseptable ytringer mot andre folkevalgte\n"
                                "Melde fra om hets og trusler\n"
                                "Følge forpliktelser i Valgløftet {year}. Se KS.no\n"
                                "# KOMMUNEN/FYLKESKOMMUNEN\n"
                                "Kontaktperson i kommunen\n"
                                "Rutiner for håndtering og oppfølging\n"
                                "Ta kollektiv avstand fra hatefulle ytringer og trusler\n"
                                "Vedta «Valgløftet {year}»\n"
                                "Åpenhet i politiske prosesser\n"
                                "Dialogmøte mellom lokalaviser/politi og folkevalgte\n"
                                "# PARTIENE\n"
                                "Kontaktperson i partiet\n"
                                "Ressursgruppe rundt politikere\n"
                                "Rutiner for håndtering og oppfølging\n"
                                "Bistå lokalpolitikere i kommunikasjon\n"
                                "Forankre vanskelige saker i partiets organer\n"
                                "Kurs om debattkultur\n"
                                "# Kilde: Ipsos 2019 og 2020"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Takk for i dag!",
                    starts_at=time(14, 55),
                    planned_minutes=5,
                    kind="closing",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="title",
                            title="Takk for i dag!",
                            body="Sees i morgen kl. 9.",
                        ),
                    ),
                ),
            ),
        ),
        DaySpec(
            number=2,
            date=date(2023, 10, 31),
            ends_at=time(14, 30),
            items=(
                ItemSpec(
                    title="Velkommen til dag 2",
                    starts_at=time(9, 0),
                    planned_minutes=5,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="bullets",
                            title="Temaer Dag 2",
                            body=(
                                "Samspillet de folkevalgte imellom\n"
                                "Samspillet med administrasjonen\n"
                                "Samspillet med lokalbefolkningen\n"
                                "Avslutning ved ordfører kl. 14.30"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Gule lapper: Når jeg tenker på dag 1",
                    starts_at=time(9, 5),
                    planned_minutes=3,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="exercise",
                            title=(
                                "Når jeg tenker på dag 1: hva ble jeg mest opptatt av / "
                                "hva lærte jeg?"
                            ),
                            body="Noter 2-3 ting på en gul lapp. Individuelt 3 min.",
                            notes=(
                                "3 minutter, individuelt, 2-3 lapper hver. Grupper lappene i "
                                "temaer på projektoren etterpå."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Samspillet de folkevalgte imellom",
                    starts_at=time(9, 10),
                    planned_minutes=35,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Samspillet de folkevalgte imellom",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Delegering gir tydelige oppgaver og ansvar",
                            body=(
                                "# Kommunestyret\n"
                                "Delegeringsreglementet\n"
                                "# Folkevalgte organer\n"
                                "Prinsipielle saker\n"
                                "# Ordføreren\n"
                                "Ikke-prinsipielle saker\n"
                                "Hastesaker\n"
                                "# Kommunedirektøren\n"
                                "Ikke-prinsipielle saker\n"
                                "Lovpålagte oppgaver\n"
                                "# Andre rettssubjekter\n"
                                "Lovpålagte oppgaver"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hva skaper trivsel og motivasjon?",
                            body=(
                                "Folkevalgte trives best dersom:\n"
                                "  debatten er god\n"
                                "  det er klare politiske skillelinjer\n"
                                "  rollen som folkevalgt er klar\n"
                                "  det er et godt samarbeidsklima\n"
                                "  det er lett å sette dagsorden\n"
                                "  vervet ikke er alt for tidkrevende\n"
                                "  … og de får utnyttet handlingsrommet"
                            ),
                            photo_credit="Siv Dolmen",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hva kan påvirke kulturen i kommunestyret?",
                            body=(
                                "Politisk klima\n"
                                "Rolleklarhet\n"
                                "Informasjon\n"
                                "Ordfører/møtelederens rolle\n"
                                "Saksbehandlingsregler i folkevalgte organer\n"
                                "Politisk organisering\n"
                                "Fysiske rammer\n"
                                "Sosiale medier?"
                            ),
                            photo_credit="Siv Dolmen",
                        ),
                        SlideSpec(
                            layout="film",
                            title="Formannskap eller kommuneråd – hva er forskjellen?",
                            body="Lenke til filmen",
                            notes="Åpne lenken på PC-en.",
                            link="https://youtu.be/3idwOkH358c",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Men klarer vi å leve opp til idealet?",
                            body=(
                                "«Posisjon» og «opposisjon»?\n"
                                "Gruppemøter – avgjøres mye på bakrommet?\n"
                                "Streaming – snakker til et publikum?\n"
                                "Kommuneloven – setter begrensninger på samhandling?\n"
                                "Hvordan kan man oppnå dialog og felles løsninger på tvers av "
                                "politiske skillelinjer?"
                            ),
                            photo_credit="KS",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Gruppemøter i partiene",
                    starts_at=time(9, 45),
                    planned_minutes=20,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="exercise",
                            title="Gruppemøter i partiene",
                            body=(
                                "God kultur i kommunestyret: Hvordan vil vi ha det i vårt "
                                "kommunestyre, og hva er vårt bidrag?\n"
                                "\n"
                                "Gruppemøtet: 20 min.\n"
                                "\n"
                                "Dere skal forberede et innlegg på 2 minutt som skal holdes på "
                                "talerstolen. Gruppens yngste framfører i plenum."
                            ),
                            notes=(
                                "20 minutter gruppemøte. Deretter talerliste: gruppens yngste "
                                "holder innlegget, med 2 minutters nedtelling på projektoren."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Innlegg fra talerstolen",
                    starts_at=time(10, 5),
                    planned_minutes=20,
                    kind="exercise",
                    presenter="KS",
                ),
                ItemSpec(
                    title="Pause",
                    starts_at=time(10, 25),
                    planned_minutes=15,
                    kind="break",
                ),
                ItemSpec(
                    title="Samspillet med administrasjonen",
                    starts_at=time(10, 40),
                    planned_minutes=10,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Samspillet med administrasjonen",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Ett lag med felles oppdrag – ulike roller",
                            body=(
                                "Folkevalgte må spille på lag med administrasjonen for å løse "
                                "kommunens samfunnsoppdrag.\n"
                                "Et godt samspill krever gjensidig respekt og aksept for "
                                "hverandres roller. Tillit er helt sentralt.\n"
                                "Spill hverandre gode!"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Forventningsavklaring",
                    starts_at=time(10, 50),
                    planned_minutes=20,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="exercise",
                            title="Forventningsavklaring",
                            body=(
                                "# Folkevalgte\n"
                                "Hvilke forventninger har vi til administrasjonen for å få til "
                                "et godt samarbeid?\n"
                                "\n"
                                "Bli enig om tre punkter som kan løftes i plenum\n"
                                "\n"
                                "# Administrasjonen\n"
                                "Hvilke forventninger har vi til de folkevalgte for å få til et "
                                "godt samarbeid?\n"
                                "\n"
                                "Bli enig om tre punkter som kan løftes i plenum"
                            ),
                            notes=(
                                "De folkevalgtes bord og administrasjonens bord blir hver for "
                                "seg enige om tre punkter. Projektoren viser de to sidene ved "
                                "siden av hverandre; løft punktene i plenum."
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Roller og ansvar",
                    starts_at=time(11, 10),
                    planned_minutes=20,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="bullets",
                            title="Tiltak for god samhandling",
                            body=(
                                "Godt politisk klima\n"
                                "Omforent rolleforståelse\n"
                                "Evalueringer av delegerings- og innstillingsreglement\n"
                                "Gode rutiner for rapportering\n"
                                "Når skal folkevalgte involveres?\n"
                                "Tydelige vedtak\n"
                                "Åpne samtaler mellom de folkevalgte og administrasjonen\n"
                                "Samme informasjon til alle folkevalgte til samme tid"
                            ),
                            photo_credit="Siv Dolmen",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Kommunedirektørens lederrolle",
                            body=(
                                "Kommunedirektøren har et drifts- og samordningsansvar for\n"
                                "  tjenesteutvikling\n"
                                "  organisasjonsutvikling\n"
                                "  samfunnsutvikling\n"
                                "  økonomistyring\n"
                                "Ledelse handler også om å lage større prosesser og legge til "
                                "rette for mestring, motivasjon og utvikling av kompetanse.\n"
                                "Etter mål som kommunestyret setter"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Noen ganger er skillet tydelig",
                            body="Kommunestyret\nKommunedirektør",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="På andre områder kan skillet være mer utydelig",
                            body=(
                                "Politikk\n"
                                "Politikkutforming\n"
                                "Organisasjonsutforming\n"
                                "Administrasjon\n"
                                "Kommunedirektør\n"
                                "Kommunestyret\n"
                                "# Kilde: Universitetet i Agder 2021"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Delegering gir tydelige oppgaver og ansvar",
                            body=(
                                "# Kommunestyret\n"
                                "Delegeringsreglementet\n"
                                "# Folkevalgte organer\n"
                                "Prinsipielle saker\n"
                                "# Ordføreren\n"
                                "Ikke-prinsipielle saker\n"
                                "Hastesaker\n"
                                "# Kommunedirektøren\n"
                                "Ikke-prinsipielle saker\n"
                                "Lovpålagte oppgaver\n"
                                "# Andre rettssubjekter\n"
                                "Lovpålagte oppgaver"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Lunsj",
                    starts_at=time(11, 30),
                    planned_minutes=45,
                    kind="break",
                ),
                ItemSpec(
                    title="Godt nok utredet?",
                    starts_at=time(12, 15),
                    planned_minutes=15,
                    kind="exercise",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Godt nok utredet?",
                        ),
                        SlideSpec(
                            layout="case",
                            title="Er alle relevante dokumenter med?",
                            body=(
                                "I Sandvik pågår det en diskusjon om skolestruktur og "
                                "lokalisering av nytt skolebygg.\n"
                                "\n"
                                "Under behandlingen av saken tar en representant ordet og mener "
                                "hun ikke har fått tilgang på alle relevante dokumenter. Hun "
                                "opplever seg motarbeidet av administrasjonen fordi hun har bedt "
                                "om innsyn, men ikke fått det hun har bedt om, og mener "
                                "administrasjonen holder tilbake relevant informasjon. Derfor "
                                "mener hun at saken må utsettes.\n"
                                "\n"
                                "Kommunedirektøren på sin side mener at all relevant "
                                "informasjon er tatt med, og saken er utredet i sin fulle "
                                "bredde.\n"
                                "\n"
                                "Hva kan kommunestyret gjøre hvis en representant mener hun "
                                "ikke har fått god nok informasjon i saken?"
                            ),
                        ),
                    ),
                ),
                ItemSpec(
                    title="Arbeidsgiverrollen",
                    starts_at=time(12, 30),
                    planned_minutes=25,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Arbeidsgiverrollen",
                        ),
                        SlideSpec(
                            layout="quote",
                            title=(
                                "Kommunestyret som kollegium har det øverste "
                                "arbeidsgiveransvaret for alle ansatte i kommunen"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hva innebærer kommunestyrets arbeidsgiverrolle?",
                            body=(
                                "# Kommunestyret\n"
                                "Vedta arbeidsgiverstrategier\n"
                                "Vedta reglementer\n"
                                "Bestemme kommunal oppgaveorganisering\n"
                                "Arbeidsgiveransvar for kommunedirektøren"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Kommunedirektøren har det løpende arbeidsgiveransvaret",
                            body=(
                                "Ansette, suspensjon, oppsigelse og avskjed\n"
                                "Innvilge /avslå permisjonssøknader\n"
                                "Oppfølgning av sykefravær\n"
                                "Fastsette lønn\n"
                                "Lede den samlede administrasjonen"
                            ),
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Arbeidsgiveransvaret for kommunedirektøren",
                            body=(
                                "Kommunestyret er arbeidsgiver for kommunedirektøren\n"
                                "Ordfører et særlig ansvar, men må sikre bred forankring i "
                                "kommunestyret\n"
                                "Oppfølging av arbeidsgiveransvaret er viktig for å bygge "
                                "tillit, få til et godt samspill og forebygge konflikter"
                            ),
                            photo_credit="Terese Samuelsen",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Pause",
                    starts_at=time(12, 55),
                    planned_minutes=10,
                    kind="break",
                ),
                ItemSpec(
                    title="Samspillet med lokalsamfunnet",
                    starts_at=time(13, 5),
                    planned_minutes=50,
                    kind="presentation",
                    presenter="KS",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Samspillet med lokalsamfunnet",
                        ),
                        SlideSpec(
                            layout="section",
                            title="Hvorfor + hvem + når = hvordan",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Utfordringer for kommunal sektor",
                            body=(
                                "Trangere økonomi krever tøffere prioriteringer\n"
                                "Mangel på kompetanse og arbeidskraft\n"
                                "Demokratiet under press\n"
                                "Kort tid på å kutte klimautslipp og sikre naturmangfold\n"
                                "Økt helse- og omsorgsbehov\n"
                                "Digitaliseringsarbeidet er for lite samordnet\n"
                                "Flere står utenfor arbeids- og samfunnslivet\n"
                                "Økende risiko for kriser og uønskede hendelser"
                            ),
                        ),
                        SlideSpec(
                            layout="quote",
                            title=(
                                "Dere er ikke alene om å skape et godt lokalsamfunn. Men dere "
                                "har et særlig ansvar som folkevalgte."
                            ),
                            photo_credit="Shutterstock",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hvorfor involvere lokalsamfunnet?",
                            body=(
                                "Informasjon for bedre beslutninger\n"
                                "Forankring og tillit\n"
                                "  ved å lytte, ta hensyn til, beslutte\n"
                                "Læring\n"
                                "  ut fra ønsker og behov, og for å foreta prioriteringer\n"
                                "Skape oppslutning blant innbyggerne om de vedtakene som er "
                                "fattet."
                            ),
                            photo_credit="KS",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Hvem skal involveres?",
                            body=(
                                "Svaret vil ofte variere fra sak til sak\n"
                                "Noen vedtak berører enkeltgrupper spesielt sterkt\n"
                                "Oppsøk innbyggerne der de er\n"
                                "Deltakelsen må skje på innbyggernes premisser\n"
                                "Unngå «ekkokamre» -"
                            ),
                            photo_credit="Terje Lien",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Når skal involveringen skje?",
                            body=(
                                "Tidspunkt er avhengig av formål\n"
                                "Hvor grundig trenger saken å være utredet før innbyggerne "
                                "skal mene noe om den?\n"
                                "Muligheten for å påvirke er større tidlig i en "
                                "beslutningsprosess"
                            ),
                            photo_credit="Andreas Krogset Dalene",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Gode råd er godt å ha!",
                            body=(
                                "Utnytt kunnskapen og kompetansen i rådene:\n"
                                "  Eldrerådet\n"
                                "  Rådet for personer med funksjonsnedsettelse\n"
                                "  Ungdomsråd\n"
                                "Spill rådene gode!"
                            ),
                            photo_credit="Shutterstock",
                        ),
                        SlideSpec(
                            layout="bullets",
                            title="Dilemmaer",
                            body=(
                                "De som roper høyest og de som aldri sier noen ting\n"
                                "Er noen stemmer «viktigere» enn andre?\n"
                                "Deltakelse i enkeltsaker uten helhetsperspektivet\n"
                                "Ting tar tid – innbyggerne er utålmodige\n"
                                "Innbyggerne mener, dere beslutter"
                            ),
                            photo_credit="KS",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Evaluering",
                    starts_at=time(13, 55),
                    planned_minutes=20,
                    kind="exercise",
                    presenter="Prosessveileder Rannveig Mogren",
                    slides=(
                        SlideSpec(
                            layout="section",
                            title="Evaluering",
                            body="Prosessveileder Rannveig Mogren",
                            notes="Kort spørreundersøkelse på mobilen.",
                        ),
                    ),
                ),
                ItemSpec(
                    title="Avslutning ved ordfører",
                    starts_at=time(14, 15),
                    planned_minutes=15,
                    kind="closing",
                    presenter="Ordføreren",
                    slides=(
                        SlideSpec(
                            layout="title",
                            title="Takk for meg!",
                            body="KS ønsker alle lykke til!",
                            notes="Ordføreren avslutter seminaret kl. 14.30.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    polls=KS_POLLS,
    exercises=KS_EXERCISES,
    question_rounds=(
        QuestionRoundSpec(
            slide_title="Om {municipality} ved kommunedirektør",
            title="Spørsmål til kommunedirektøren",
        ),
        # Many would rather not raise a hand here: each question waits for the facilitator.
        QuestionRoundSpec(
            slide_title="Hets mot folkevalgte", title="Spørsmål om hets", moderation="held"
        ),
        QuestionRoundSpec(slide_title="Takk for meg!", title="Spørsmål til ordføreren"),
    ),
)
