"""Settings for the fresh installation that tests/test_backup.py restores into.

The test settings with the database from DATABASE_URL and the media folder from
RESTORE_MEDIA_ROOT, both new and empty.
"""

import os
from pathlib import Path

from chancery.settings.test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["RESTORE_MEDIA_ROOT"])
