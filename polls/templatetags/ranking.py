from django import template

register = template.Library()


@register.filter
def at_place(draft: object, place: int) -> int | None:
    """The choice a ranking's draft (polls.queries.VoteDraft) puts in this place, 1 first.
    A screen shared by every phone has no draft: nothing is chosen there."""
    chosen: tuple[int, ...] = getattr(draft, "choice_ids", ())
    return chosen[place - 1] if 0 < place <= len(chosen) else None
