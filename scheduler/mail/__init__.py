"""Email: the outbox every sender of mail writes to, and the deliverer that empties it.

`queue_email` only writes an outbox row inside the caller's transaction, so a message leaves
only if the work that caused it commits. `deliver_outbox` sends what is due through the SMTP
server of ``FIELDWORK_SMTP_URL`` and records every success and failure.
"""

from scheduler.db.outbox import OutboxEmail
from scheduler.mail.outbox import Attachment, queue_email
from scheduler.mail.sender import DeliveryReport, deliver_outbox
from scheduler.mail.smtp_url import SmtpSettings, parse_smtp_url

__all__ = [
    "Attachment",
    "DeliveryReport",
    "OutboxEmail",
    "SmtpSettings",
    "deliver_outbox",
    "parse_smtp_url",
    "queue_email",
]
