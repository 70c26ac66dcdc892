"""Dates and times shown in Vietnam time (Asia/Ho_Chi_Minh), in the user's language."""

from flask_babel import format_date, format_datetime, format_time


def register_filters(app) -> None:
    @app.template_filter("datetime")
    def _datetime(value, fmt="HH:mm dd/MM/yyyy"):
        return format_datetime(value, fmt) if value else ""

    @app.template_filter("date")
    def _date(value, fmt="dd/MM/yyyy"):
        return format_date(value, fmt) if value else ""

    @app.template_filter("time")
    def _time(value, fmt="HH:mm"):
        return format_time(value, fmt) if value else ""
