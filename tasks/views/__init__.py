"""The progress pages. Views parse input, ask tasks/permissions.py, call a service, and render."""
