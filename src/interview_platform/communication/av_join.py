"""Join a camera recording (video only) with the microphone track kept beside it.

The camera is recorded without audio (muxing both in aiortc's recorder can silently drop
a stream) while the microphone is kept as a continuous WAV. Afterwards the two are
written into one MP4: the H.264 stream is copied as is, the audio is encoded as AAC.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import decode_wav
from interview_platform.exceptions import CommunicationError

AUDIO_FRAME = 1024  # samples per AAC frame


def _aligned(
    samples: npt.NDArray[np.int16], rate: int, offset_s: float, duration_s: float
) -> npt.NDArray[np.int16]:
    """The audio under the video: skip (or pad) ``offset_s``, cut at the video's end."""
    start = round(offset_s * rate)
    if start >= 0:
        samples = samples[start:]
    else:
        samples = np.concatenate([np.zeros(-start, dtype=np.int16), samples])
    return samples[: int(duration_s * rate)]


def join_audio(video: Path, wav: bytes, offset_s: float, out: Path) -> dict[str, Any]:
    """Write ``out``: ``video``'s picture with ``wav`` as its sound track.

    Args:
        video: An MP4 with one H.264 video stream.
        wav: The microphone track (16-bit PCM WAV).
        offset_s: Where the video starts within the WAV, in seconds (negative when the
            video started before the microphone).
        out: The MP4 to write.

    Returns:
        Figures of the result: video codec, audio codec, duration, audio seconds used.

    Raises:
        CommunicationError: The video cannot be read or nothing of the audio overlaps it.
    """
    import av

    audio = decode_wav(wav)
    try:
        with av.open(str(video)) as src, av.open(str(out), "w", format="mp4") as dst:
            vin = src.streams.video[0]
            duration = float(src.duration / 1_000_000) if src.duration else 0.0
            samples = _aligned(audio.samples, audio.rate, offset_s, duration)
            if len(samples) == 0:
                raise CommunicationError("The microphone track does not overlap the video.")
            vout = dst.add_stream_from_template(vin)
            aout = dst.add_stream("aac", rate=audio.rate, layout="mono")
            for packet in src.demux(vin):
                if packet.dts is None:  # the demuxer's end-of-stream marker
                    continue
                packet.stream = vout
                dst.mux(packet)
            _encode(dst, aout, samples, audio.rate)
    except (av.error.FFmpegError, IndexError) as exc:
        out.unlink(missing_ok=True)
        raise CommunicationError(f"The recording could not be joined with audio: {exc}") from exc
    return {
        "video_codec": "h264",
        "audio_codec": "aac",
        "duration_s": round(duration, 3),
        "audio_s": round(len(samples) / audio.rate, 3),
        "offset_s": round(offset_s, 3),
    }


def _encode(dst: Any, stream: Any, samples: npt.NDArray[np.int16], rate: int) -> None:
    import av

    for start in range(0, len(samples), AUDIO_FRAME):
        chunk = samples[start : start + AUDIO_FRAME]
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        frame.pts = start
        for packet in stream.encode(frame):
            dst.mux(packet)
    for packet in stream.encode(None):
        dst.mux(packet)
