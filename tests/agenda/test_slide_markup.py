from agenda.slide_markup import Block, Bullet, parse_body


def test_parse_body_makes_bullets_with_sub_bullets_and_headings():
    body = "# Forvaltningsloven\nAutomatisk inhabil\n  Part i saken\n  Verge\nAndre særegne forhold"

    blocks = parse_body(body, as_bullets=True)

    assert blocks == [
        Block(kind="heading", text="Forvaltningsloven"),
        Block(
            kind="bullets",
            bullets=[
                Bullet(text="Automatisk inhabil", children=["Part i saken", "Verge"]),
                Bullet(text="Andre særegne forhold"),
            ],
        ),
    ]


def test_parse_body_joins_lines_into_paragraphs_outside_bullet_layouts():
    body = "I lokalavisa kan vi lese\nom Sverre.\n\nHvordan skal folkevalgte forholde seg?"

    blocks = parse_body(body, as_bullets=False)

    assert blocks == [
        Block(kind="paragraph", text="I lokalavisa kan vi lese om Sverre."),
        Block(kind="paragraph", text="Hvordan skal folkevalgte forholde seg?"),
    ]


def test_parse_body_of_an_empty_slide_is_empty():
    assert parse_body("", as_bullets=True) == []
