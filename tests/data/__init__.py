"""Test data: the corpus of bad and quirky upload files (see README.md)."""
