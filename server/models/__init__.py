"""The data model: one module per concept, re-exported here for convenience."""

from .audit import AuditEntry
from .baseline import Baseline, BaselineMotif
from .device import Device
from .indicator import Indicator, IndicatorValue
from .intervention import Intervention, InterventionMotif
from .mission import InterventionType, Mission, Site, user_mission
from .network import Network, NetworkMembership
from .organisation import Organisation
from .rate_limit import RateLimitCounter
from .shift import Shift, shift_teammate
from .sync_log import SyncBatch
from .sync_rejection import SyncRejection
from .tally import DailyTally, MonthlyTally
from .user import User, UserSession

__all__ = [
    "AuditEntry",
    "Baseline",
    "BaselineMotif",
    "DailyTally",
    "MonthlyTally",
    "Device",
    "Indicator",
    "IndicatorValue",
    "Intervention",
    "InterventionMotif",
    "InterventionType",
    "Mission",
    "Network",
    "NetworkMembership",
    "Organisation",
    "RateLimitCounter",
    "Shift",
    "Site",
    "SyncBatch",
    "SyncRejection",
    "User",
    "UserSession",
    "shift_teammate",
    "user_mission",
]
