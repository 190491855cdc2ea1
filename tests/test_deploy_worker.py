"""The systemd unit that runs the scheduling worker in production."""

import configparser
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

UNIT = Path(settings.BASE_DIR) / "deploy" / "chancery-worker.service"


def read_unit():
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(UNIT.read_text())
    return parser


def test_unit_runs_the_worker_command():
    """ExecStart runs `manage.py run_worker`, a command this project has."""
    argv = shlex.split(read_unit()["Service"]["ExecStart"])
    assert argv[-2:] == ["manage.py", "run_worker"]
    assert "run_worker" in get_commands()


def test_unit_stops_with_sigterm_and_restarts():
    """systemd stops the worker with SIGTERM (a clean stop) and restarts it if it dies."""
    service = read_unit()["Service"]
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "always"
    assert read_unit()["Install"]["WantedBy"] == "multi-user.target"
