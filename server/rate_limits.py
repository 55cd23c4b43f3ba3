"""Throttling counters kept in the application database: Flask-Limiter's per-address windows,
and the decaying budgets of sign-in attempts per account.

The in-memory storage counts per gunicorn worker, so N workers would let N times the limit
through; Redis or memcached would be one more service for a small association to run.
The database is already shared by every worker, and sign-in attempts are few.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from limits.storage import Storage
from sqlalchemy import Float, bindparam, case, delete, select, update
from sqlalchemy.exc import SQLAlchemyError

from .database import dialect_insert
from .extensions import db, limiter
from .models.rate_limit import RateLimitCounter
from .models.user import SignInBudget

_table = RateLimitCounter.__table__
_budgets = SignInBudget.__table__

# One budget per address for every way of signing in (/login and /api/session): counted
# per endpoint, an address would get the limit once per sign-in form.
sign_in_address_limit = limiter.shared_limit(
    lambda: current_app.config["LOGIN_ADDRESS_LIMIT"], scope="sign-in", methods=["POST"]
)


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
        statement = dialect_insert(_table, db.engine.dialect.name).values(
            key=key, count=amount, expires_at=now + expiry
        )
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


@dataclass(frozen=True)
class Budget:
    """`capacity` attempts at once, given back one by one over `window` seconds.

    A leaky bucket: the count drains continuously, so one attempt after a pause costs one
    attempt, never a fresh lock of a whole window (as a count reset at the window's end would).
    """

    key: str
    account: str
    capacity: int
    window: float

    def drained(self):
        """The stored count less what has drained since it was last touched (never below 0)."""
        left = _budgets.c.level - (_NOW - _budgets.c.updated_at) * (self.capacity / self.window)
        return case((left > 0, left), else_=0.0)


_NOW = bindparam("now", type_=Float)
# A row older than this has drained whatever its window (windows are minutes to hours).
_FORGET_AFTER = 24 * 3600


def take_attempt(budgets: Sequence[Budget], now: float) -> bool:
    """Take one attempt from every budget, or from none when one is spent; committed at once.

    One conditional UPDATE per budget is atomic on both databases: PostgreSQL re-checks the
    condition on the row it waited for, SQLite writes one transaction at a time. So parallel
    requests can never let more than `capacity` attempts through.
    """
    session = db.session
    session.execute(delete(_budgets).where(_budgets.c.updated_at < now - _FORGET_AFTER))
    for budget in budgets:
        if not _take_one(budget, now):
            session.rollback()
            return False
    session.commit()
    return True


def _take_one(budget: Budget, now: float) -> bool:
    drained = budget.drained()
    taken = (
        update(_budgets)
        .where(_budgets.c.key == budget.key, drained + 1 <= budget.capacity)
        .values(level=drained + 1, updated_at=_NOW)
    )
    first = (
        dialect_insert(_budgets, db.engine.dialect.name)
        .values(key=budget.key, account=budget.account, level=1.0, updated_at=now)
        .on_conflict_do_nothing(index_elements=[_budgets.c.key])
        .returning(_budgets.c.key)
    )
    # Twice: a row another request inserted between our UPDATE and INSERT is updated next time.
    for _ in range(2):
        if db.session.execute(taken, {"now": now}).rowcount == 1:
            return True
        if db.session.execute(first).scalar() is not None:
            return True
    return False


def give_back(budget: Budget, now: float, *, everything: bool = False) -> None:
    """Return the attempt a success took (or the whole count: the person proved who they are)."""
    if everything:
        db.session.execute(delete(_budgets).where(_budgets.c.key == budget.key))
        return
    drained = budget.drained()
    less_one = case((drained > 1, drained - 1), else_=0.0)
    db.session.execute(
        update(_budgets).where(_budgets.c.key == budget.key).values(level=less_one, updated_at=_NOW),
        {"now": now},
    )


def forget_account(account: str) -> None:
    """Every budget of one account emptied (an admin gave the person a new password)."""
    db.session.execute(delete(_budgets).where(_budgets.c.account == account))
