"""Tests that kerasedu never fails silently: gradients, stderr, validation, errors."""
