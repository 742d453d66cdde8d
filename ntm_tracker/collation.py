"""Vietnamese alphabetical order for names: "Bắc" before "Bùi", "Đ…" right after "D…".

Ordering by the column sorts by code point (ă, â, đ, ư … after z). Names are ordered with the
collation named `vietnamese` instead, the ICU root collation tailored for Vietnamese (CLDR "vi"):
* PostgreSQL: created by migration ntm_tracker 0007 (`CREATE COLLATION vietnamese (provider =
  icu, locale = 'vi')`, the same rules as the predefined "vi-x-icu");
* SQLite: registered on every new connection (`connection_created`) from PyICU (the pyicu-wheels
  build on PyPI) with the same ICU locale, so both databases give the same order.
`sort_key` orders names already in memory the same way.
"""

import threading

import icu
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate
from django.dispatch import receiver

COLLATION = "vietnamese"
_local = threading.local()


def collator() -> icu.Collator:
    """This thread's ICU collator for Vietnamese (a collator is not shared across threads)."""
    if not hasattr(_local, "collator"):
        _local.collator = icu.Collator.createInstance(icu.Locale("vi"))
    return _local.collator


def sort_key(text: str) -> bytes:
    """The key that sorts strings in Vietnamese order, as the databases' `vietnamese` collation does."""
    return collator().getSortKey(text)


def vietnamese(field: str, *, descending: bool = False):
    """An order_by() term: the field in Vietnamese order (`vietnamese("name")`, `"-name"` allowed)."""
    if field.startswith("-"):
        field, descending = field[1:], True
    term = Collate(F(field), COLLATION)
    return term.desc() if descending else term.asc()


@receiver(connection_created)
def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        compare = icu.Collator.createInstance(icu.Locale("vi")).compare  # one per connection: its thread's
        connection.connection.create_collation(COLLATION, compare)
