"""Luton 2040 Progress Report builder: data, validation, computed progress, and the site and PDF."""
