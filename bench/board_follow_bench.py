"""How long the whiteboard's arrow keeping takes on each drawing the canvas sends.

``follow_arrows`` runs on the server for every stroke and every move (it looks for
moved boxes and misplaced heads), so it must stay far below the ~0.3 s the canvas
takes to send a drawing. Prints the median over repeated runs for boards of 10-200
boxes, each joined to the next by an arrow.

Run: ``.venv/bin/python bench/board_follow_bench.py``
"""

from __future__ import annotations

import copy
import statistics
import time
from typing import Any

from interview_platform.communication.board_arrows import add_arrowheads, follow_arrows


def _board(boxes: int) -> dict[str, Any]:
    objects: list[dict[str, Any]] = []
    for i in range(boxes):
        left, top = 10 + (i % 10) * 50, 10 + (i // 10) * 20
        objects.append(
            {
                "type": "LabeledRect",
                "left": left,
                "top": top,
                "width": 30,
                "height": 14,
                "label": f"S{i}",
                "originX": "left",
                "originY": "top",
            }
        )
    for i in range(boxes - 1):  # a line from each box's right edge to the next box
        x1, y1 = objects[i]["left"] + 32, objects[i]["top"] + 7
        x2, y2 = objects[i + 1]["left"] - 2, objects[i + 1]["top"] + 7
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        line = {
            "type": "Line",
            "originX": "center",
            "originY": "center",
            "left": cx,
            "top": cy,
            "x1": x1 - cx,
            "y1": y1 - cy,
            "x2": x2 - cx,
            "y2": y2 - cy,
        }
        arrowed = add_arrowheads({"objects": [*objects, line]}, since=len(objects))
        objects = arrowed["objects"] if arrowed else [*objects, line]
    return {"objects": objects}


def _median_ms(before: dict[str, Any], after: dict[str, Any], runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        follow_arrows(before, after)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    print("boxes  objects  unchanged_ms  box_moved_ms")
    for boxes in (10, 50, 100, 200):
        board = _board(boxes)
        moved = copy.deepcopy(board)
        moved["objects"][boxes // 2]["top"] += 30
        print(
            f"{boxes:5d}  {len(board['objects']):7d}  {_median_ms(board, board):12.2f}"
            f"  {_median_ms(board, moved):12.2f}"
        )


if __name__ == "__main__":
    main()
