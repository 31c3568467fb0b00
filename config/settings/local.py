"""Local development: `make run`. Debug on, embedded defaults unless the environment says otherwise."""

from config.env import env

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
WHITENOISE_USE_FINDERS = True
