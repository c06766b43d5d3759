"""Background jobs: workers that run queued work (evaluation after an interview ends)."""
