"""Handlers for the ``frontdesk`` subcommands; each returns an exit code."""
