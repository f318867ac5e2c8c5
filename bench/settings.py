"""Settings of the bench runs (bench/pages.py, bench/load.py): the project's settings
with one more page, the floor (bench/urls.py). Never used by the project itself."""

from videreforing.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
