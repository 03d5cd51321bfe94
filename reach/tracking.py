"""
What a mail provider reports after sending: bounces, complaints, unsubscribes.

With django-anymail installed and its tracking webhook set up (docs/deploy.md), each event
the provider posts arrives as Anymail's ``tracking`` signal; the message carried its
delivery's id in its metadata, so the event lands on that delivery in the log. A
complaint or an unsubscribe also ends the recipient's subscription.
"""

from .models import Delivery

EVENT_STATUS = {
    "bounced": Delivery.Status.BOUNCED,
    "rejected": Delivery.Status.BOUNCED,
    "complained": Delivery.Status.COMPLAINED,
    "unsubscribed": Delivery.Status.UNSUBSCRIBED,
}


def record_event(delivery_id, event_type: str, description: str = "") -> bool:
    """Note a provider's event on its delivery; False when it concerns none of ours."""
    status = EVENT_STATUS.get(event_type)
    try:
        delivery = Delivery.objects.select_related("follower", "media_contact").get(
            pk=int(delivery_id)
        )
    except (Delivery.DoesNotExist, TypeError, ValueError):
        return False
    if status is None:
        return False
    delivery.status = status
    delivery.response = (description or event_type)[:1000]
    delivery.save(update_fields=["status", "response", "updated_at"])
    if status in (Delivery.Status.COMPLAINED, Delivery.Status.UNSUBSCRIBED):
        from .views import unsubscribe_person

        person = delivery.follower or delivery.media_contact
        if person is not None:
            unsubscribe_person(person)
    return True


def anymail_tracking(sender, event, esp_name, **kwargs):
    """Receiver of anymail.signals.tracking (connected when django-anymail is installed)."""
    metadata = getattr(event, "metadata", None) or {}
    record_event(metadata.get("delivery"), event.event_type, getattr(event, "description", ""))
