"""Progress reports are built here (see the reports issue)."""
