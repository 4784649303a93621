# claimwatch bot image: docker build -t claimwatch . &&
#   docker run -e CLAIMWATCH_TELEGRAM_TOKEN=... -v claimwatch-data:/data claimwatch
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first, from pyproject.toml alone, so code edits do not invalidate that layer.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt
COPY bot ./bot
COPY handlers ./handlers
RUN pip install --no-deps . && rm -rf build *.egg-info
COPY config ./config

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin claimwatch \
    && mkdir -p /data && chown claimwatch /data
USER claimwatch

# The SQLite file lives on the volume; use postgresql+asyncpg://... to run on PostgreSQL instead.
ENV CLAIMWATCH_DATABASE_URL=sqlite+aiosqlite:////data/claimwatch.db \
    CLAIMWATCH_FEEDS_FILE=/app/config/feeds.toml \
    CLAIMWATCH_CONFIG=/app/config/settings.toml
VOLUME ["/data"]

# SIGTERM (docker stop) shuts the bot down cleanly.
STOPSIGNAL SIGTERM
CMD ["claimwatch", "run"]
