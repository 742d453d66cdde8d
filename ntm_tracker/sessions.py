"""Sessions kept in the database (Django's store), read with one hand-written query.

Every logged-in request reads its session. Django's store builds that one-row lookup through the
ORM, whose query building costs several times what the database spends answering it; this store
sends the same query as plain SQL. Writing, deleting and expiring sessions stay Django's.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:  # unknown or expired: a new session starts, as with Django's store
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
