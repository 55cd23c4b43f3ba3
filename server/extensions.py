"""Flask extensions, created unbound and attached in create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from .schemas.common import ApiErrorSchema


class Base(DeclarativeBase):
    pass


# Objects stay readable after a commit: a request that commits early (to release SQLite's
# write lock) would otherwise reload every row it still holds.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()


class _Api(Api):
    # Every error on /api has one shape; the OpenAPI document must say so, default included.
    ERROR_SCHEMA = ApiErrorSchema


api = _Api()
