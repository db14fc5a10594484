"""What the exercises tell the layers above them: they connect, exercises never import
them."""

from django.dispatch import Signal

# Something the room wrote, or the facilitator's handling of it, changed (inside that
# transaction): the sheets and boards on the screens must follow. Sent with seminar_id.
answers_changed = Signal()
