"""What the polls tell the layers above them: they connect, polls never import them."""

from django.dispatch import Signal

# A ballot was stored or the ballots were cleared (inside that transaction): the results
# on the screens must follow. Sent with seminar_id.
ballots_changed = Signal()
