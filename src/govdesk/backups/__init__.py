"""Backup and restore: one dated archive of the database, the uploaded files and the
generated secret key, with a manifest and a SHA-256 file beside it."""
