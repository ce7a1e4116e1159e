"""``python -m l10n``: the l10n command."""

from l10n.cli import main

main()
