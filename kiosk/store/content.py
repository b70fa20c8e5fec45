"""Old names for queries that moved to one module per entity; to be deleted.

Moved to kiosk.store.languages, .settings, .sites, .shops and kiosk.store; the names stay here
only until the callers not yet moved (packs.check, backup.archive, admin.guides, admin.narration,
web.guides) import those modules.
"""

from __future__ import annotations

from kiosk.store import counts  # noqa: F401
from kiosk.store.languages import list_languages as get_languages  # noqa: F401
from kiosk.store.settings import (  # noqa: F401
    REQUIRED_SETTINGS,
    SETTING_DEFAULTS,
    get_settings,
    public_base,
)
from kiosk.store.sites import list_sites  # noqa: F401

