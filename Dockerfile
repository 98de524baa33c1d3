FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY nlu ./nlu
COPY locales ./locales
RUN pip install --no-cache-dir . \
 && pybabel compile -d locales -D messages \
 && python -m bot nlu train
RUN useradd --create-home safepassage && mkdir -p /app/var && chown safepassage /app/var
USER safepassage
EXPOSE 8443
CMD ["sh", "-c", "python -m bot db upgrade && python -m bot webhook"]
