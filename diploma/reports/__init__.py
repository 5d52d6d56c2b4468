"""Report files built in the background: builders write the files, jobs own the Report row's state."""

from .jobs import MAX_ATTEMPTS, report_build, report_retry, reports_reap

__all__ = ["MAX_ATTEMPTS", "report_build", "report_retry", "reports_reap"]
