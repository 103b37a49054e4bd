"""`streamlit` with a stopwatch: every rerun's time on the server, written to a file.

    python benchmarks/timed_streamlit.py TIMES_FILE run streamlit_app.py [options]

The classroom benchmark starts the server this way to measure what the server itself takes,
apart from the simulated browsers that share its machine: from the moment a session's rerun
request reaches the server to the moment the server queues that run's `script_finished`. One
line per finished run, "seconds session page" (the page the request names or its script's hash
points to, "+fragment" for a fragment's rerun, "-" when neither says): a request that arrives
while a run is going counts from its own arrival, and the run it interrupts is not counted (it
finished early for a rerun).
Nothing of the app changes; the patch wraps two methods of Streamlit's AppSession.
"""

from __future__ import annotations

import sys
import time

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.app_session import AppSession
from streamlit.web import cli


def install(times_path: str) -> None:
    """Wrap AppSession so each finished run appends its server-side time to `times_path`."""
    out = open(times_path, "a", buffering=1)  # noqa: SIM115 (open for the server's lifetime)
    requested: dict[str, float] = {}  # session id -> when its pending rerun request arrived
    pages: dict[str, str] = {}  # session id -> the page its pending rerun request names
    handle_backmsg, enqueue = AppSession.handle_backmsg, AppSession._enqueue_forward_msg

    def timed_handle_backmsg(self: AppSession, msg) -> None:
        if msg.WhichOneof("type") == "rerun_script":
            requested[self.id] = time.perf_counter()
            rerun = msg.rerun_script  # a widget's rerun names its page by the script's hash
            page = self._pages_manager.get_pages().get(rerun.page_script_hash) or {}
            name = rerun.page_name or page.get("url_pathname") or "-"
            pages[self.id] = name + ("+fragment" if rerun.fragment_id else "")
        handle_backmsg(self, msg)

    def timed_enqueue(self: AppSession, msg: ForwardMsg) -> None:
        if (
            msg.WhichOneof("type") == "script_finished"
            and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            and self.id in requested
        ):
            seconds = time.perf_counter() - requested.pop(self.id)
            out.write(f"{seconds:.6f} {self.id} {pages.pop(self.id, '-')}\n")
        enqueue(self, msg)

    AppSession.handle_backmsg = timed_handle_backmsg
    AppSession._enqueue_forward_msg = timed_enqueue


if __name__ == "__main__":
    install(sys.argv[1])
    sys.argv = ["streamlit", *sys.argv[2:]]
    sys.exit(cli.main())
