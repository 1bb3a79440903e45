from . import test_timesheets
