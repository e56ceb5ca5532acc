"""Runs one Nexus-style Python session script for Session Deck, in a process of its own.

Session Deck starts this file with python3 and the script's path, and talks to it with the messages
of runner-protocol.ts: JSON lines over the channel whose descriptor NODE_CHANNEL_FD names. With
--check it only imports the script (the sessions file's check) and says whether that worked. Every
call runs in a thread of its own, so that a start() that hangs does not keep stop() from running.
Whatever the script prints, and whatever its processes write, goes to the session's log (stdout
and stderr are that log).
"""

import datetime
import importlib.util
import json
import os
import socket
import sys
import threading
import traceback

CHANNEL = socket.socket(fileno=int(os.environ["NODE_CHANNEL_FD"]))
SEND_LOCK = threading.Lock()
TRACEBACK_LINES = 6


def send(message):
    line = (json.dumps(message) + "\n").encode("utf-8")
    with SEND_LOCK:
        CHANNEL.sendall(line)


def messages():
    """The host's messages, one JSON value per line, until the channel closes."""
    pending = b""
    while True:
        chunk = CHANNEL.recv(65536)
        if not chunk:
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if line.strip():
                yield json.loads(line)


def describe(error):
    return "%s: %s" % (type(error).__name__, error)


def traceback_tail(error):
    """The last lines of the traceback, for the start's error (the whole of it goes to the log)."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    text = "".join(lines).rstrip().split("\n")
    return " | ".join(line.strip() for line in text[-TRACEBACK_LINES:])


def load(path):
    directory = os.path.dirname(os.path.abspath(path))
    # Like python3 script.py: the script's own directory first, so that its neighbours import.
    sys.path.insert(0, directory)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        source = open(path, "rb").read()
        compile(source, path, "exec")
    except SyntaxError as error:
        return None, "%s at line %s: %s" % (type(error).__name__, error.lineno, error.msg)
    try:
        spec.loader.exec_module(module)
    except BaseException as error:  # noqa: B902 - SystemExit at import is a load failure too
        traceback.print_exc()
        return None, "importing it raised %s" % traceback_tail(error)
    realize = getattr(module, "realize_service", None)
    if not callable(realize):
        return None, "defines no realize_service function"
    return realize, None


services = {}
sessions = {}


def realize(args, realize_service):
    service = args["service"]
    instance = realize_service(name=args["name"], count=args["count"], index=args["index"], common_options=args["commonOptions"])
    for method in ("start", "stop"):
        if not callable(getattr(instance, method, None)):
            raise TypeError("realize_service returned %r, which has no %s() method" % (instance, method))

    def tell(host, port):
        send({"t": "note", "what": "callback", "service": service, "name": "setHostPort", "args": [host, port]})

    instance._session_deck_on_host_port = tell
    # A script may have said where its server listens already in __init__.
    if getattr(instance, "_host", None) is not None and getattr(instance, "_port", None) is not None:
        tell(instance._host, instance._port)
    services[service] = instance
    return {"hasProbe": False}


def start(args, _realize_service):
    instance = services[args["service"]]
    data, session = args["options"], args["session"]
    instance._session_deck_password = session["password"]
    options = {
        "size": data["size"],
        "width": data["width"],
        "height": data["height"],
        "username": data["user"],
        "session_deck_session": session["id"],
        "session_deck_scratch_dir": session["scratchDir"],
        "session_deck_password_file": session["passwordFile"],
    }
    timestamp = datetime.datetime.fromtimestamp(args["timestamp"] / 1000)
    result = instance.start(args["token"], timestamp=timestamp, options=options)
    if result is not True:
        print("start() returned %r" % (result,), flush=True)
    return result is True


def stop(args, _realize_service):
    instance = services[args["service"]]
    instance.stop()
    return None


METHODS = {"realize": realize, "start": start, "stop": stop}


def answer(message, realize_service):
    try:
        method = METHODS.get(message["method"])
        if method is None:
            raise ValueError("no method %s in the Python runner" % message["method"])
        value = method(message["args"], realize_service)
        reply = {"t": "reply", "id": message["id"], "ok": True, "value": value}
    except BaseException as error:  # noqa: B902 - whatever the script raises is its answer
        traceback.print_exc()
        sys.stderr.flush()
        where = "%s() raised " % message.get("method")
        reply = {"t": "reply", "id": message["id"], "ok": False, "message": where + traceback_tail(error)}
    sys.stdout.flush()
    send(reply)


def main():
    check = "--check" in sys.argv[1:]
    path = [arg for arg in sys.argv[1:] if arg != "--check"][0]
    realize_service, problem = load(path)
    sys.stdout.flush()
    sys.stderr.flush()
    if problem is not None:
        send({"t": "load-failed", "message": problem})
        return
    send({"t": "ready"})
    if check:
        return
    for message in messages():
        if message.get("t") == "call":
            threading.Thread(target=answer, args=(message, realize_service), daemon=True).start()


if __name__ == "__main__":
    main()
