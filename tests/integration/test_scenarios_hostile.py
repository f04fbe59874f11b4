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


def _make(path):
    def t():
        _stack()
        os.environ["SCENARIO_LLM"] = "hostile"
        os.environ["SCENARIO_CHECK"] = "invariants"
        try:
            scenarios.run_file(_stack(), path)
        finally:
            os.environ.pop("SCENARIO_CHECK", None)
    return t


for _i, _p in enumerate(scenarios.files([])):
    _name = "test_hostile_" + os.path.splitext(os.path.basename(_p))[0]
    _f = _make(_p)
    _f.__name__ = _name
    _f.__code__ = _f.__code__.replace(co_firstlineno=1000 + _i)
    globals()[_name] = _f


def teardown():
    os.environ.pop("SCENARIO_LLM", None)
    os.environ.pop("SCENARIO_CHECK", None)
    if "st" in _state:
        _state.pop("st").destroy()
        _state.pop("tw").stop()
