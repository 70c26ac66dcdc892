"""WSGI entry point: ``gunicorn -k gevent -w 1 --worker-connections 3000 wsgi:app``;
``flask --app wsgi …`` for the command line."""

from app import create_app
from app.extensions import socketio
from documents.warmup import warm_up

app = create_app()
warm_up()  # the server's first upload or signature must not import libraries on the event loop

__all__ = ["app", "socketio"]
