"""Small real H.264 videos (PyAV and libx264), as the camera recorder would leave them."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def write_h264(path: Path, frames: int = 20) -> None:
    """Write an MP4 of ``frames`` 64x48 frames at 10 fps, each a shade darker."""
    container = av.open(str(path), "w")
    stream = container.add_stream("libx264", rate=10)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    for i in range(frames):
        frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 7 % 256, np.uint8), "rgb24")
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
