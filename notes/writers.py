"""The session notes written out: Word (python-docx), PDF (reportlab), Markdown, Excel
(openpyxl) and a zip with all of them and the pictures."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

import matplotlib
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    ListFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as PdfPageBreak

from exercises.models import Exercise
from notes.document import (
    Bullets,
    Document,
    Gallery,
    Grid,
    Heading,
    PageBreak,
    Picture,
    Text,
)
from notes.report import QuestionsNotes, Report, local_time
from questions.models import RoomQuestion

# --- Word --------------------------------------------------------------------------------

GALLERY_COLUMNS = 3


def word(document: Document) -> bytes:
    out = WordDocument()
    out.core_properties.title = document.title
    out.styles["Normal"].font.size = Pt(11)
    for block in document.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=block.level)
        elif isinstance(block, Text):
            if block.text:
                paragraph = out.add_paragraph(block.text)
                if block.quiet:
                    for run in paragraph.runs:
                        run.italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                out.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Grid):
            table = out.add_table(rows=1, cols=len(block.header), style="Table Grid")
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
            out.add_paragraph()
        elif isinstance(block, Picture):
            out.add_picture(io.BytesIO(block.data), width=Cm(block.width_cm))
            if block.caption:
                caption = out.add_paragraph(block.caption)
                caption.runs[0].italic = True
        elif isinstance(block, Gallery):
            table = out.add_table(rows=0, cols=GALLERY_COLUMNS)
            for start in range(0, len(block.cards), GALLERY_COLUMNS):
                cells = table.add_row().cells
                for cell, card in zip(
                    cells, block.cards[start : start + GALLERY_COLUMNS], strict=False
                ):
                    title = cell.paragraphs[0].add_run(card.title)
                    title.bold = True
                    for line in card.text.splitlines():
                        cell.add_paragraph(line)
                    if card.picture is not None:
                        picture = cell.add_paragraph().add_run()
                        picture.add_picture(
                            io.BytesIO(card.picture.data), width=Cm(card.picture.width_cm)
                        )
            out.add_paragraph()
        elif isinstance(block, PageBreak):
            out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------

FONT = "PlenumSans"
FONT_BOLD = "PlenumSans-Bold"


def _register_fonts() -> None:
    """DejaVu Sans, which matplotlib ships: every Norwegian and Sámi letter, embedded."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=10, leading=14)
    return {
        "body": body,
        "quiet": ParagraphStyle("quiet", parent=body, textColor=colors.HexColor("#4a4a4a")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12),
        **{
            f"h{level}": ParagraphStyle(
                f"h{level}",
                parent=body,
                fontName=FONT_BOLD,
                fontSize=size,
                leading=size * 1.25,
                spaceBefore=size * 0.6,
                spaceAfter=size * 0.3,
                textColor=colors.HexColor("#00557f") if level < 3 else colors.black,
            )
            for level, size in ((0, 22), (1, 17), (2, 14), (3, 12), (4, 10.5))
        },
    }


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _image(data: bytes, width: float) -> Image:
    image = Image(io.BytesIO(data))
    image.drawWidth, image.drawHeight = width, image.imageHeight * width / image.imageWidth
    image.hAlign = "LEFT"
    return image


def pdf(document: Document) -> bytes:
    _register_fonts()
    styles = _styles()
    story: list[Flowable] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            story.append(_cell(block.text, styles[f"h{block.level}"]))
        elif isinstance(block, Text):
            if block.text:
                story.append(_cell(block.text, styles["quiet" if block.quiet else "body"]))
        elif isinstance(block, Bullets):
            story.append(
                ListFlowable(
                    [_cell(item, styles["body"]) for item in block.items],
                    bulletType="bullet",
                    bulletFontName=FONT,
                    leftIndent=12,
                )
            )
        elif isinstance(block, Grid):
            rows = [[_cell(text, styles["head"]) for text in block.header]]
            rows += [[_cell(text, styles["cell"]) for text in row] for row in block.rows]
            table = Table(rows, repeatRows=1, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c8c8c8")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1f6")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, 6)]
        elif isinstance(block, Picture):
            story.append(_image(block.data, block.width_cm * cm))
            if block.caption:
                story.append(_cell(block.caption, styles["quiet"]))
        elif isinstance(block, Gallery):
            width = (A4[0] - 4 * cm) / GALLERY_COLUMNS
            cells: list[list[Flowable]] = []
            for card in block.cards:
                cell: list[Flowable] = [_cell(card.title, styles["head"])]
                cell.append(_cell(card.text, styles["cell"]))
                if card.picture is not None:
                    cell.append(
                        _image(card.picture.data, min(card.picture.width_cm * cm, width - 8))
                    )
                cells.append(cell)
            card_rows: list[list[list[Flowable]]] = [
                cells[i : i + GALLERY_COLUMNS] for i in range(0, len(cells), GALLERY_COLUMNS)
            ]
            card_rows[-1] += [[] for _ in range(GALLERY_COLUMNS - len(card_rows[-1]))]
            table = Table(card_rows, colWidths=[width] * GALLERY_COLUMNS, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#c8c8c8")),
                        ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c8c8c8")),
                    ]
                )
            )
            story += [table, Spacer(1, 6)]
        elif isinstance(block, PageBreak):
            story.append(PdfPageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=document.title,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    ).build(story)
    return buffer.getvalue()


# --- Markdown ----------------------------------------------------------------------------

PICTURES = "bilder"

# Everywhere in a line: what makes headings, emphasis, code, links, tables, strikethrough
# and HTML.
_INLINE = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",  # also at the end of a heading, where Markdown drops it
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
        "&": "&amp;",
        "<": "&lt;",
    }
)
# At the start of a line: quotes, lists and setext underlines. Digits start a list only
# with a dot or bracket and a space after ("1. x"; not "10.00").
_LINE_START = re.compile(r"^([ \t]*)([>+=-]|\d+(?=[.)](?:[ \t]|$)))", re.MULTILINE)


def md_text(text: str) -> str:
    """Text as literal Markdown: whatever people typed (`## x`, `[x](url)`, `<img ...>`,
    `1.`) reads as the characters they typed, never as markup. The Document's strings are
    plain text, so every one goes through here."""
    # Markdown ends a line at a lone carriage return too.
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INLINE)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker.isdigit():  # "1." or "1)": the digits stay, the dot or bracket is escaped
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def _md_picture(picture: Picture) -> str:
    return f"![{md_text(picture.caption)}]({PICTURES}/{quote(picture.name)})"


def markdown(document: Document) -> str:
    """Markdown; pictures are referred to under bilder/, where the zip puts them."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            # A heading is one line; a line break in it would start a paragraph.
            lines += ["#" * (block.level + 1) + " " + md_text(" ".join(block.text.split())), ""]
        elif isinstance(block, Text):
            if block.text:
                text = md_text(block.text)
                lines += [f"_{text}_" if block.quiet else text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {md_text(item)}" for item in block.items] + [""]
        elif isinstance(block, Grid):
            lines.append("| " + " | ".join(_md_cell(text) for text in block.header) + " |")
            lines.append("|" + " --- |" * len(block.header))
            lines += [
                "| " + " | ".join(_md_cell(text) for text in row) + " |" for row in block.rows
            ]
            lines.append("")
        elif isinstance(block, Picture):
            lines += [_md_picture(block), ""]
        elif isinstance(block, Gallery):
            for card in block.cards:
                details = [md_text(line) for line in card.text.splitlines()]
                lines += [f"**{md_text(card.title)}**", "", *details, ""]
                if card.picture is not None:
                    lines += [_md_picture(card.picture), ""]
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    # A table row is one line: line breaks become <br>, added after the escaping.
    return "<br>".join(md_text(line) for line in text.splitlines())


# --- Excel: the raw data ----------------------------------------------------------------------


def _sheet_title(number: int, title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    name = f"{number} {cleaned}"[:31].strip()
    while name in taken:
        name = name[:28] + f" {len(taken)}"
    taken.add(name)
    return name


# Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet: WriteOnlyWorksheet, values: list[object]) -> None:
    """A row where every string is stored as text: openpyxl would otherwise store what
    someone typed starting with "=" as a live formula. Text that a spreadsheet could still
    take for a formula also gets the quote prefix, Excel's leading apostrophe, so that
    editing the cell keeps it text."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    sheet.append(row)


def _excel_time(at: datetime) -> datetime:
    """Norwegian time, as the room's clocks showed it, without its zone: Excel has no time
    zones, so openpyxl takes naive datetimes. The header says which time it is."""
    return local_time(at).replace(tzinfo=None)


def excel(report: Report) -> bytes:
    """One sheet per poll and per exercise, one row per vote or contribution, anonymous."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for number, notes in enumerate(report.polls, start=1):
        sheet = book.create_sheet(_sheet_title(number, notes.poll.question, taken))
        _append(sheet, [notes.poll.question])
        _append(sheet, [_("Answered at, Norwegian time"), _("Answer")])
        for vote in notes.votes:
            _append(sheet, [_excel_time(vote.at), vote.answer])
    offset = len(report.polls)
    for number, exercise_notes in enumerate(report.exercises, start=offset + 1):
        exercise, board = exercise_notes.exercise, exercise_notes.board
        sheet = book.create_sheet(_sheet_title(number, exercise.title, taken))
        _append(sheet, [exercise.title])
        if exercise.kind == Exercise.Kind.CARD:
            header = [_("Written at, Norwegian time"), _("Name"), _("Age"), _("Where I live")]
            _append(sheet, [*header, _("Occupation, or student"), _("Why")])
            for card in board.visible_cards:
                _append(
                    sheet,
                    [
                        _excel_time(card.created_at),
                        card.name if report.names_shown else "",
                        card.age,
                        card.home,
                        card.occupation,
                        card.motivation,
                    ],
                )
            continue
        _append(
            sheet,
            [
                _("Written at, Norwegian time"),
                _("Group"),
                _("Question"),
                _("Text"),
                _("Verdict"),
                _("Height in cm"),
                _("Theme"),
                _("Highlighted"),
            ],
        )
        themes = {theme.pk: theme.name for theme in board.themes}
        rows = [(sheet_.group.name, c) for sheet_ in board.sheets for c in sheet_.visible]
        rows += [("", note) for note in board.notes if not note.hidden]
        for group, contribution in sorted(rows, key=lambda row: row[1].created_at):
            _append(
                sheet,
                [
                    _excel_time(contribution.created_at),
                    group,
                    contribution.question.text if contribution.question else "",
                    contribution.text,
                    contribution.get_verdict_display() if contribution.verdict else "",
                    float(contribution.height_cm) if contribution.height_cm is not None else None,
                    themes.get(contribution.theme_id or 0, ""),
                    _("yes") if contribution.highlighted else "",
                ],
            )
    offset += len(report.exercises)
    for number, questions in enumerate(report.question_rounds, start=offset + 1):
        _questions_sheet(
            book.create_sheet(_sheet_title(number, questions.question_round.title, taken)),
            questions,
            names_shown=report.names_shown,
        )
    if not taken:
        book.create_sheet(_("Nothing yet"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _questions_sheet(
    sheet: WriteOnlyWorksheet, notes: QuestionsNotes, *, names_shown: bool
) -> None:
    """Every question but the withdrawn, as asked: held and hidden ones too, marked so."""
    _append(sheet, [notes.question_round.title])
    header = [_("Asked at, Norwegian time"), _("Question"), _("Upvotes"), _("Shown to the room")]
    _append(sheet, [*header, _("Answered"), *([_("Asked by")] if names_shown else [])])
    status: dict[str, str] = {
        RoomQuestion.Status.SHOWN: _("yes"),
        RoomQuestion.Status.WAITING: _("no: never approved"),
        RoomQuestion.Status.HIDDEN: _("no: hidden by the facilitator"),
    }
    for row in sorted(notes.board.rows, key=lambda row: (row.asked_at, row.pk)):
        _append(
            sheet,
            [
                _excel_time(row.asked_at),
                row.text,
                row.upvotes,
                status.get(row.status, row.status),
                _("yes") if row.answered else "",
                *([row.asked_by] if names_shown else []),
            ],
        )


# --- Everything in one zip ----------------------------------------------------------------------


def bundle(report: Report, document: Document, *, stem: str) -> bytes:
    """The .docx, .pdf, .xlsx and .md, the charts and the photos and drawings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.docx", word(document))
        archive.writestr(f"{stem}.pdf", pdf(document))
        archive.writestr(f"{stem}.xlsx", excel(report))
        archive.writestr(f"{stem}.md", markdown(document))
        written = set()
        for picture in document.pictures:
            if picture.name not in written:
                archive.writestr(f"{PICTURES}/{picture.name}", picture.data)
                written.add(picture.name)
        for path in report.files:
            if path.name not in written:
                archive.write(path, f"{PICTURES}/{path.name}")
    return buffer.getvalue()
