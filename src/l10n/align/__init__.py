"""Alignment of an article with its published translation.

``core`` aligns two lists of sentences (pure: no I/O), from the anchors ``anchors`` finds
in each; ``step`` is ``l10n align`` over a project (catalog, memory, outcomes); ``report``
prints outcomes for the command line.
"""
