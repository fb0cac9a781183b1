"""WTForms forms of the pages outside the admin panel."""
