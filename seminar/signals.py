"""What the core tells the layers above it (docs/architecture.md): they connect in their
AppConfig.ready, the core never imports them."""

from django.dispatch import Signal

# People moved between groups: their phones must follow their new groups, and the
# sheets on the screens change. Sent with seminar_id and participant_ids.
groups_changed = Signal()
