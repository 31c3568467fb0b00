"""Signals other apps listen to (the audit log records them). accounts only sends them.

Every signal is sent with ``sender`` the user's class and the keyword arguments ``user`` and
``request``; the second-factor ones add ``method`` ("totp" or "recovery_code", None when the code
was refused before it could be matched to one) and, for failures, ``reason`` ("invalid" or
"throttled").
"""

from django.dispatch import Signal

# A user passed the second step of sign-in.
second_factor_verified = Signal()
# A code entered at the second step (or to confirm an enrolment) was refused.
second_factor_failed = Signal()
# A user enrolled an authenticator app (and received their first recovery codes).
second_factor_enrolled = Signal()
# A user replaced their recovery codes; the old ones no longer work.
recovery_codes_regenerated = Signal()
