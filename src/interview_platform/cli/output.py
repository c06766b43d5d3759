"""What the subcommands print: JSON documents on standard output."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(document: Any) -> int:
    """Write ``document`` as indented JSON (UTF-8 kept readable) and return exit code 0."""
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
