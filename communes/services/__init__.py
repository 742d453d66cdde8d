"""Writes that touch more than one row: each public function runs in one transaction."""
