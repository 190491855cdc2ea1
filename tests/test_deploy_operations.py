"""The operations units in deploy/ run commands that exist, with arguments they accept."""

import configparser
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import load_command_class

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def read_unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(DEPLOY / name)
    return parser


@pytest.mark.parametrize(
    ("unit", "command"),
    [("chancery-backup.service", "backup"), ("chancery-mirror.service", "mirror")],
)
def test_timer_units_run_a_real_management_command(unit, command):
    """The unit's ExecStart parses with the command's own argument parser."""
    service = read_unit(unit)["Service"]
    assert service["EnvironmentFile"] == "/etc/chancery/chancery.env"
    argv = shlex.split(service["ExecStart"])
    assert argv[1:3] == ["manage.py", command]
    instance = load_command_class("chancery.operations", command)
    options = instance.create_parser("manage.py", command).parse_args(argv[3:])
    assert options is not None
    timer = read_unit(unit.replace(".service", ".timer"))
    assert timer["Timer"].get("OnCalendar") or timer["Timer"].get("OnUnitActiveSec")
    assert timer["Install"]["WantedBy"] == "timers.target"
