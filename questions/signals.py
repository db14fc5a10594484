"""What questions from the room tell the layers above them: they connect, questions never
import them."""

from django.dispatch import Signal

# A question was asked, upvoted, withdrawn or moderated (inside that transaction): the
# lists on the screens must follow. Sent with seminar_id.
questions_changed = Signal()
