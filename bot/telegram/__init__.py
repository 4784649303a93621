"""Everything that talks to Telegram (python-telegram-bot 22)."""

import os

# Opt in to python-telegram-bot's timedelta time periods (RetryAfter.retry_after and friends):
# without it every RetryAfter warns PTBDeprecationWarning when it is created.
os.environ.setdefault("PTB_TIMEDELTA", "true")
