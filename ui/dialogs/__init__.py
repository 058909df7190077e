"""Small dialogs and pickers opened from the main window."""
