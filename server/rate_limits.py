"""Flask-Limiter counters kept in the application database.

The in-memory storage counts per gunicorn worker, so N workers would let N times the limit
through; Redis or memcached would be one more service for a small association to run.
The database is already shared by every worker, and sign-in attempts are few.
"""

import time

from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models.rate_limit import RateLimitCounter

_table = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    """`RATELIMIT_STORAGE_URI=mediatap-db://`: fixed windows in the `rate_limit_counter` table."""

    STORAGE_SCHEME = ["mediatap-db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        insert = sqlite_insert if db.engine.dialect.name == "sqlite" else postgresql_insert
        statement = insert(_table).values(key=key, count=amount, expires_at=now + expiry)
        expired = _table.c.expires_at <= now
        # One atomic upsert: two workers counting the same key never lose a hit.
        statement = statement.on_conflict_do_update(
            index_elements=[_table.c.key],
            set_={
                "count": case((expired, amount), else_=_table.c.count + amount),
                "expires_at": case((expired, now + expiry), else_=_table.c.expires_at),
            },
        ).returning(_table.c.count)
        with db.engine.begin() as connection:
            return connection.execute(statement).scalar_one()

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            row = connection.execute(select(_table.c.count, _table.c.expires_at).where(_table.c.key == key)).first()
        return row.count if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires_at = connection.execute(select(_table.c.expires_at).where(_table.c.key == key)).scalar()
        return expires_at if expires_at is not None else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(_table)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))
