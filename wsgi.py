"""WSGI entry point: ``gunicorn -k gevent -w 1 --worker-connections 3000 wsgi:app``;
``flask --app wsgi …`` for the command line."""

from app import create_app
from app.extensions import socketio

app = create_app()

__all__ = ["app", "socketio"]
