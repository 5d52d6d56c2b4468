"""What the account services announce, inside the transaction; accounts.tasks mails after commit."""

from django.dispatch import Signal

activation_due = Signal()  # user_ids: list[int], one batch of activation mails
