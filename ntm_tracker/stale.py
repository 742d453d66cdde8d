"""The stale edit: the one error of optimistic locking, for every app, and how views answer it.

A form carries the version of the row the user opened; a save whose version is no longer the
stored one is refused with `StaleEdit`, never written over. Views answer it the same way: the form
again with `StaleEdit.message` and the status `StaleEdit.status` (409 Conflict; the htmx config in
base.html swaps a 409 like a 200, so an inline form shows it in place). A view that knows the row as
it is now (`current`) may show it below the message.
"""

from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """The row was saved by someone else since the form was opened.

    `current`: the row as it is now, when the service read it (None when it does not know it)."""

    message = _("Not saved: someone else saved this while you were editing it. "
                "Reload the page to see their changes, then make yours again.")
    status = 409

    def __init__(self, current=None):
        super().__init__("stale edit")
        self.current = current
