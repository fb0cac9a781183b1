"""Web pages outside the admin panel."""
