"""Widgets of the main window; each module holds one concern."""
