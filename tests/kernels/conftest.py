"""Shared pieces of the convolution and pooling kernel tests."""

import pytest


@pytest.fixture(params=["numba", "numpy"])
def implementation(request, monkeypatch):
    """Run the test once with the numba kernels and once with their numpy twins."""
    monkeypatch.setenv("KERASEDU_KERNELS", request.param)
    return request.param
