"""Layer tests. A package, so that module names here (test_pooling, ...) may repeat those
of other test folders without clashing."""
