"""The phone's usual request, one record, stays a short write (issue 10, "a cheaper sync").

Speed is measured by bench/sync_request.py; this counts what cannot drift unseen: the SQL
statements and commits of a single-record sync, and that none of its guarantees was cut
to get there (row lock, tallies and batch log in the same transaction).
"""

from sqlalchemy import event

from tests.helpers import intervention_record, shift_record

# Counted after the cut (issue 10): session, user and organisation in one query; the
# catalogue kept per organisation and version (read with the session); the device row
# updated without being read; the batch log a Core insert. SQLite adds its BEGIN and
# BEGIN IMMEDIATE as statements. Before the cut: 16 and 14. Then one more: the monthly
# tallies the network roll-up reads (issue 14), upserted beside the daily ones. Then 10 and
# 8: a new record is inserted with ON CONFLICT DO NOTHING, and only the ids it did not insert
# are read and locked.
STATEMENTS = {"sqlite": 10, "postgresql": 8}


def _statements_of(app, database, call, status="created") -> tuple[list[str], int]:
    statements: list[str] = []
    commits: list[int] = []

    def on_statement(_connection, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()))

    def on_commit(_connection):
        commits.append(1)

    engine = database.engine
    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    try:
        response = call()
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)
    assert response.status_code == 200, response.json
    assert [result["status"] for result in response.json["results"]] == [status]
    return statements, len(commits)


def test_a_single_record_sync_is_a_handful_of_statements_in_one_write(app, database, mediator):
    shift = shift_record()
    mediator.sync(shifts=[shift], interventions=[intervention_record(shift["id"])])
    statements, commits = _statements_of(
        app, database, lambda: mediator.sync(interventions=[intervention_record(shift["id"])])
    )
    dialect = database.engine.dialect.name
    assert len(statements) == STATEMENTS[dialect], "\n".join(statements)
    # The session lookup's read transaction (SQLite commits it before BEGIN IMMEDIATE) and
    # the write: on PostgreSQL both are one transaction.
    assert commits == (2 if dialect == "sqlite" else 1)
    writes = [statement for statement in statements if statement.startswith(("INSERT", "UPDATE"))]
    assert [statement.split()[2] for statement in writes if statement.startswith("INSERT")] == [
        "intervention",
        "intervention_motif",
        "daily_tally",
        "monthly_tally",
        "sync_batch",
    ]
    assert any(statement.startswith("UPDATE device") for statement in writes)
    # The new row is locked by its own insert; one with that id already stored is left alone.
    assert "ON CONFLICT (id) DO NOTHING" in writes[0]
    assert not [statement for statement in statements if statement.startswith("SELECT intervention.id")]


def test_a_replayed_record_is_read_under_a_row_lock_and_written_nowhere(app, database, mediator):
    shift = shift_record()
    record = intervention_record(shift["id"])
    mediator.sync(shifts=[shift], interventions=[record])
    statements, _commits = _statements_of(
        app, database, lambda: mediator.sync(interventions=[record]), status="unchanged"
    )
    locking = [statement for statement in statements if statement.startswith("SELECT intervention.id")]
    assert len(locking) == 1
    if database.engine.dialect.name == "postgresql":
        assert "FOR UPDATE" in locking[0]
    # Nothing counted twice: no motif and no tally written, only the batch log and the device.
    writes = [statement for statement in statements if statement.startswith(("INSERT", "UPDATE"))]
    assert [" ".join(statement.split()[:3]) for statement in writes] == [
        "INSERT INTO intervention",  # tried, and left alone: ON CONFLICT DO NOTHING
        "INSERT INTO sync_batch",
        "UPDATE device SET",
    ]
