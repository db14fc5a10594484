import math

from django import template

register = template.Library()


@register.filter
def clock(seconds: float) -> str:
    """Seconds left as the screens show them: 9:05, or 1:02:03 past an hour. Rounds up, so
    0:00 means the time is really up."""
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
