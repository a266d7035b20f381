"""The seam between erasing a person and the places that keep copies of their data.

`person_erased` is sent once a person's own rows have been anonymised, inside the
erasing transaction. Every module that keeps a copy of personal values elsewhere
(the audit trail's before/after values, for one) connects a receiver and scrubs its
copy, so that erasure does not depend on the eraser knowing every such place.

Arguments: ``sender`` is the model class of ``instance``, the anonymised row (a
member contact, a survey invitation, ...); ``emails`` is the set of lower-cased
addresses the person was known by, ``names`` the names they were known by (a copy may
hold the name without the address: a comment that names them), ``actor`` the user who
asked for the erasure.
"""

from django.dispatch import Signal

person_erased = Signal()
