"""The conversation scenarios again, with the LLM switched on and lying on
purpose (the fake Ollama's hostile mode: wrong intents, invented dates,
names and practitioners, wrong languages, random greetings and
emergencies), checking the invariants of tests/scenarios/run.py after
every message: nothing booked, moved or cancelled without the patient's
own plain yes to that recap, no overlap, only free times offered, one
reply per message in the patient's language.  The replies' wording is not
asserted here: the LLM may derail understanding, never safety."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scenarios"))

import run as scenarios  # noqa: E402

_state = {}


def _stack():
    if "st" not in _state:
        os.environ["SCENARIO_LLM"] = "hostile"
        os.environ["SCENARIO_CHECK"] = "invariants"
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
        _stack()
        os.environ["SCENARIO_LLM"] = "hostile"
        os.environ["SCENARIO_CHECK"] = "invariants"
        report = {}
        try:
            scenarios.run_file(_stack(), path, report)
        finally:
            os.environ.pop("SCENARIO_CHECK", None)
            _measure(report)
    return t


for _i, _p in enumerate(scenarios.files([])):
    _name = "test_hostile_" + os.path.splitext(os.path.basename(_p))[0]
    _f = _make(_p)
    _f.__name__ = _name
    _f.__code__ = _f.__code__.replace(co_firstlineno=1000 + _i)
    globals()[_name] = _f


def teardown():
    """Print the hostile pass's handoff rate and replies per booking, then
    stop this suite's own stack."""
    print("hostile LLM:")
    scenarios.print_metrics(_state.pop("runs", []))
    os.environ.pop("SCENARIO_LLM", None)
    os.environ.pop("SCENARIO_CHECK", None)
    if "st" in _state:
        _state.pop("st").destroy()
        _state.pop("tw").stop()
