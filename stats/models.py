"""The statistics keep no tables of their own: every figure is counted from the petitions,
proposals and hand-offs (see stats/selectors/figures.py). This module exists so that Django treats
the app as one with models: accounts.roles syncs the role groups after the last app with models
has migrated, and that is this one."""
