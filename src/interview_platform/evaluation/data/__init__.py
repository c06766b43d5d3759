"""Package data of the evaluation: the versioned rubric (``rubric_v1.yaml``)."""
