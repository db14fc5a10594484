"""The small line-based markup of slide bodies (see agenda/programme_spec.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bullet:
    text: str
    children: list[str] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # "heading", "bullets" or "paragraph"
    text: str = ""
    bullets: list[Bullet] = field(default_factory=list)


def parse_body(body: str, *, as_bullets: bool) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block(kind="paragraph", text=" ".join(paragraph)))
            paragraph.clear()

    for raw_line in body.splitlines():
        line = raw_line.rstrip()
        if not line.strip():
            end_paragraph()
            continue
        if line.startswith("# "):
            end_paragraph()
            blocks.append(Block(kind="heading", text=line[2:].strip()))
        elif not as_bullets:
            paragraph.append(line.strip())
        elif line.startswith("  ") and blocks and blocks[-1].kind == "bullets":
            blocks[-1].bullets[-1].children.append(line.strip())
        else:
            if not blocks or blocks[-1].kind != "bullets":
                blocks.append(Block(kind="bullets"))
            blocks[-1].bullets.append(Bullet(text=line.strip()))
    end_paragraph()
    return blocks
