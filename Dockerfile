# Interview Platform app image: Streamlit on port 8501.
# Build and run through docker compose (./startup.sh does it for you).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# ffmpeg: audio/video conversion of recordings (PyAV and aiortc wheels bundle their own
# codec libraries, so nothing else is needed at run time).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user runs the app.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY pyproject.toml README.md LICENSE config.yaml init.sql ./
COPY src ./src
RUN pip install --no-deps -e . \
    && mkdir -p data logs \
    && chown -R app:app /app/data /app/logs

USER app
# Streamlit keeps small state files under $HOME; /tmp is writable for any uid compose picks.
ENV HOME=/tmp

EXPOSE 8501

HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=5 \
    CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() == b'ok' else 1)"

# serve loads the app before it listens, so the first page view is not blank (issue 13).
CMD ["python", "-m", "interview_platform", "serve", "--address", "0.0.0.0", "--port", "8501"]
