"""The Yiyang demo: the data `manage.py seed_demo` writes. Local demonstration only."""
