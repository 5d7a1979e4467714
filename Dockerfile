# The production image: Duban under gunicorn, with WeasyPrint's libraries and a CJK font for PDFs.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DUBAN_VAR_DIR=/var/lib/duban
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-wqy-zenhei curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput \
    && useradd --system --home /var/lib/duban duban \
    && mkdir -p /var/lib/duban/media && chown -R duban /var/lib/duban
USER duban

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
