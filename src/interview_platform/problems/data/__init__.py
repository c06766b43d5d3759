"""Package data of the AI layer: the problem bank (``problems/*.yaml``) and the general rubric."""
