"""What the invitation services announce, inside the transaction; invitations.tasks mails after commit."""

from django.dispatch import Signal

uitnodiging_sent = Signal()  # uitnodiging_id: the invitation link is mailed
toegangscode_issued = Signal()  # toegangscode_id: the code is mailed
