"""The base class of a Nexus (Ansys Dynamic Reporting) remote session script, as Session Deck runs it.

A script module defines realize_service(name, count=1, index=0, common_options=dict()), which returns
an instance of a subclass of RemoteServiceScript. Session Deck calls start() when a session starts and
stop() exactly once when it ends, whatever ended it.
"""


class RemoteServiceScript:
    def __init__(self, name, count=1, index=0, common_options=dict()):
        self._name = name
        self._count = count
        self._index = index
        self._common_options = common_options
        self._host = None
        self._port = None
        # Set by Session Deck's runner: where set_host_port() is told to it.
        self._session_deck_on_host_port = None
        self._session_deck_password = None

    def set_host_port(self, host, port):
        """Where the session's VNC server listens; call it before start() returns True."""
        self._host = host
        self._port = port
        if self._session_deck_on_host_port is not None:
            self._session_deck_on_host_port(host, port)

    def start(self, token, timestamp=None, options=dict()):
        """Starts the session's VNC server; True once it accepts viewers, False on failure."""
        return True

    def stop(self):
        """Stops what start() started."""
        return True

    def session_password(self):
        """The session's fresh VNC password (8 characters), for a server that needs it in clear text.

        options["session_deck_password_file"] holds it already in the format of vncpasswd -f,
        which is all vncserver needs; never print or log it.
        """
        return self._session_deck_password
