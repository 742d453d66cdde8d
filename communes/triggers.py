"""Database triggers that renew a criteria set's `revision` whenever the set, one of its criteria,
indicators or thresholds is inserted, updated or deleted — by the admin, the loader, a
`QuerySet.update()`, a shell or plain SQL alike — so no process keeps computing "met" from an
outdated catalogue (communes/catalogue.py).

The revision is a fresh random UUID, never a counter: a rolled-back change (a dry run) may have
been seen by the process that made it, and a counter would hand the same number to the next change.
PostgreSQL: one trigger per statement (a bulk load of 2,000 thresholds renews the set once);
SQLite has row triggers only.

Installed by migration 0010 and again after every `migrate` (`catalogue_triggers_install` is
idempotent): SQLite drops a table's triggers when a migration rebuilds the table.
"""

SET = "communes_criteriaset"
# table → (the set id of one of its rows, as SQL over the row alias `t`)
CHILDREN = {
    "communes_criterion": "SELECT t.criteria_set_id FROM {rows} t",
    "communes_indicator": "SELECT c.criteria_set_id FROM {rows} t JOIN communes_criterion c ON c.id = t.criterion_id",
    "communes_threshold": (
        "SELECT c.criteria_set_id FROM {rows} t JOIN communes_indicator i ON i.id = t.indicator_id"
        " JOIN communes_criterion c ON c.id = i.criterion_id"
    ),
}


def _postgresql() -> tuple[list[str], list[str]]:
    forward = [
        # An edit of the set itself that does not set the revision gets a new one.
        f"""CREATE FUNCTION {SET}_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.revision = OLD.revision THEN NEW.revision := gen_random_uuid(); END IF;
            RETURN NEW;
        END $$""",
        f"CREATE TRIGGER {SET}_revision BEFORE UPDATE ON {SET} FOR EACH ROW EXECUTE FUNCTION {SET}_revision()",
    ]
    backward = [f"DROP TRIGGER IF EXISTS {SET}_revision ON {SET}", f"DROP FUNCTION IF EXISTS {SET}_revision()"]
    for table, select in CHILDREN.items():
        renew = f"UPDATE {SET} SET revision = gen_random_uuid() WHERE id IN ({select})"
        forward.append(f"""CREATE FUNCTION {table}_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {renew.format(rows="new_rows")};
            ELSIF TG_OP = 'DELETE' THEN {renew.format(rows="old_rows")};
            ELSE {renew.format(rows="new_rows")} OR id IN ({select.format(rows="old_rows")});
            END IF;
            RETURN NULL;
        END $$""")
        for event, tables in (("INSERT", "NEW TABLE AS new_rows"), ("DELETE", "OLD TABLE AS old_rows"),
                              ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")):
            name = f"{table}_revision_{event.lower()}"
            forward.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {tables}"
                           f" FOR EACH STATEMENT EXECUTE FUNCTION {table}_revision()")
            backward.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        backward.append(f"DROP FUNCTION IF EXISTS {table}_revision()")
    return forward, backward


def _sqlite() -> tuple[list[str], list[str]]:
    fresh = "lower(hex(randomblob(16)))"  # a UUIDField is 32 hex digits in SQLite
    forward = [
        f"""CREATE TRIGGER {SET}_revision AFTER UPDATE ON {SET} WHEN NEW.revision = OLD.revision
        BEGIN UPDATE {SET} SET revision = {fresh} WHERE id = NEW.id; END""",
    ]
    backward = [f"DROP TRIGGER IF EXISTS {SET}_revision"]
    for table, select in CHILDREN.items():
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["NEW", "OLD"])):
            name = f"{table}_revision_{event.lower()}"
            wheres = " OR ".join(f"id IN ({select.format(rows='(SELECT ' + _columns(table, row) + ')')})"
                                 for row in rows)
            forward.append(f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                           f" BEGIN UPDATE {SET} SET revision = {fresh} WHERE {wheres}; END")
            backward.append(f"DROP TRIGGER IF EXISTS {name}")
    return forward, backward


def _columns(table: str, row: str) -> str:
    """The row's foreign key as a one-row table, so the PostgreSQL selects serve SQLite too."""
    column = {"communes_criterion": "criteria_set_id", "communes_indicator": "criterion_id",
              "communes_threshold": "indicator_id"}[table]
    return f"{row}.{column} AS {column}"


def _statements(connection) -> tuple[list[str], list[str]] | None:
    if connection.vendor == "postgresql":
        return _postgresql()
    if connection.vendor == "sqlite":
        return _sqlite()
    return None


def catalogue_triggers_install(connection) -> None:
    """(Re)create the triggers on `connection` (PostgreSQL or SQLite; other databases: nothing)."""
    statements = _statements(connection)
    if statements is None:
        return
    forward, backward = statements
    with connection.cursor() as cursor:
        for statement in backward + forward:
            cursor.execute(statement)


def catalogue_triggers_drop(connection) -> None:
    statements = _statements(connection)
    if statements is None:
        return
    with connection.cursor() as cursor:
        for statement in statements[1]:
            cursor.execute(statement)
