"""Petition pages, one module per audience: public (citizens), offline (the intake desk), staff."""
