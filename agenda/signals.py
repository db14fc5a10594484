"""What the agenda tells the layers above it: they connect, it never imports them."""

from django.dispatch import Signal

# A seminar's slides were added, moved or removed (inside the transaction that did it):
# the console's agenda and the room's "next" must follow. Sent with seminar_id.
slides_changed = Signal()
