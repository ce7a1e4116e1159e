"""l10n: localise news articles between Ukrainian, Russian and English through gettext."""

from l10n.errors import L10nError

__all__ = ["L10nError", "__version__"]
__version__ = "0.1.0"
