"""The conversation scenarios of tests/scenarios/, one test each, played
through the real stack with a fixed clock (see tests/scenarios/run.py)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scenarios"))

import run as scenarios  # noqa: E402

_state = {}


def _stack():
    if "st" not in _state:
        _state["st"], _state["tw"] = scenarios.start_stack()
    return _state["st"]


def _measure(report):
    """Add one scenario's handoff, replies and bookings (read from the
    database and the fake Twilio) to the suite's figures."""
    try:
        m = scenarios.metrics(_state["st"], _state["tw"], report)
    except Exception as e:  # noqa: BLE001
        print("figures: %s" % e)
        return
    if m is not None:
        _state.setdefault("runs", []).append(m)


def _make(path):
    def t():
        report = {}
        try:
            scenarios.run_file(_stack(), path, report)
        finally:
            _measure(report)
    return t


for _i, _p in enumerate(scenarios.files([])):
    _name = "test_" + os.path.splitext(os.path.basename(_p))[0]
    _f = _make(_p)
    _f.__name__ = _name
    # run_suites orders tests by first line number: keep the file order.
    _f.__code__ = _f.__code__.replace(co_firstlineno=1000 + _i)
    globals()[_name] = _f


def teardown():
    """Print the pass's handoff rate and replies per booking, then stop
    this suite's own stack (called by the harness after the tests)."""
    print("rules only:")
    scenarios.print_metrics(_state.pop("runs", []))
    if "st" in _state:
        _state.pop("st").destroy()
        _state.pop("tw").stop()
