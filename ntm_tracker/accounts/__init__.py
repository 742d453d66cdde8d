"""Accounts: user management for administrators, own password and language, the audit page."""
