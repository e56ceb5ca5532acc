"""SimpleVNC: a Nexus (Ansys Dynamic Reporting) remote session script, the documented example.

Each slot runs `vncserver` on display display_base + index, so its VNC port is 5900 + display.
Session Deck runs it unchanged with TigerVNC's and TightVNC's vncserver: the HOME it gives the
script holds the session's password and keeps the server on this machine only.
"""

import subprocess

from nexus_remote_service import RemoteServiceScript


class SimpleVNC(RemoteServiceScript):
    def __init__(self, name, count=1, index=0, common_options=dict()):
        super().__init__(name, count=count, index=index, common_options=common_options)
        self._display = int(self._common_options.get("display_base", 20)) + self._index

    def start(self, token, timestamp=None, options=dict()):
        size = options.get("size", "1024x768")
        command = ["vncserver", "-depth", "24", "-geometry", size, ":%d" % self._display]
        print("starting:", " ".join(command))
        if subprocess.call(command) != 0:
            print("vncserver failed")
            return False
        self.set_host_port("localhost", 5900 + self._display)
        return super().start(token, timestamp=timestamp, options=options)

    def stop(self):
        subprocess.call(["vncserver", "-kill", ":%d" % self._display])
        return super().stop()


def realize_service(name, count=1, index=0, common_options=dict()):
    return SimpleVNC(name, count=count, index=index, common_options=common_options)
