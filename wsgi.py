"""WSGI entry point: ``gunicorn -k gevent -w 1 --worker-connections 3000 wsgi:app``;
``flask --app wsgi …`` for the command line."""

import os

from app import create_app
from app.extensions import socketio
from documents.warmup import warm_up

app = create_app()
if os.environ.get("FLASK_RUN_FROM_CLI") != "true":  # set by the `flask` command, which serves nothing
    warm_up()  # the server's first upload or signature must not import libraries on the event loop

__all__ = ["app", "socketio"]
