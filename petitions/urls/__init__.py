"""Petition URLs, one module per audience: public (citizens, the intake desk) and staff (casework)."""
