"""The coordinator's desk: shift review, the table of interventions and corrections, dashboard, devices, yearly report,
exports, entered figures (indicator values, a year's totals before the tool)."""

from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/desk")

from . import corrections, devices, entered_figures, interventions, review, shift_move  # noqa: E402,F401 - attach their views to bp
from .annual_report import bp as annual_report_bp  # noqa: E402
from .exports import bp as exports_bp  # noqa: E402

blueprints = (bp, annual_report_bp, exports_bp)
