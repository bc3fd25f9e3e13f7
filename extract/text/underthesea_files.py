"""underthesea's sentence splitter and word segmenter without importing the
underthesea package.

Why: `import underthesea` runs underthesea/__init__.py, which imports every
pipeline underthesea has (chunking, NER, POS tagging, and in an
`optional_imports` loop classification, sentiment, lang_detect,
dependency_parse, translate, agent, address) and, through its text
normalizer, joblib (and with it numpy and loky). That is about 1 s of a
`vnfacts extract one.txt` process that uses none of it: vnfacts needs
`sent_tokenize`, the regex tokenizer's patterns, the token/character
normalizers and the word segmentation CRF.

How: when underthesea has not been imported yet, `module(name)` loads
underthesea's own module files, found with importlib.util.find_spec (which
does not execute the package), under the private package name
`vnfacts._underthesea` (e.g. `vnfacts._underthesea.pipeline.sent_tokenize`).
The code that runs is underthesea's, unchanged; only the names its modules
import are redirected, for these modules alone (their `__builtins__` gets an
`__import__` that maps):
- `underthesea.X` -> `vnfacts._underthesea.X` (the same files, privately);
- `joblib` -> `load` only: underthesea uses joblib here to read its bundled
  rule and CRF feature files, which are plain pickles of builtins (dicts,
  lists, strings). They are read with a pickle Unpickler that refuses any
  class, so what it returns is what joblib.load returns; a file it refuses
  (a class inside, or joblib's own format) goes to the real joblib.load.
When the user has already imported underthesea, its modules are used as they
are (nothing is loaded twice).

tests/test_underthesea_files.py checks that the privately loaded
sent_tokenize and word segmentation give exactly underthesea's own outputs on
every corpus, seed and devset sentence, and tests/test_imports.py that
`vnfacts extract` does not import underthesea. This relies on underthesea's
file layout, hence `underthesea<10` in pyproject.toml.
"""
from __future__ import annotations

import builtins
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import pickle
import sys
import threading
import types
from collections.abc import Sequence
from typing import Any

PRIVATE = "vnfacts._underthesea"


def module(name: str, *, private: bool | None = None) -> types.ModuleType:
    """underthesea's module `name` ("pipeline.sent_tokenize", ...): underthesea's
    own when underthesea is imported (or `private` is False), else the same
    file loaded privately (or when `private` is True)."""
    if private is None:
        private = "underthesea" not in sys.modules
    if not private:
        return importlib.import_module("underthesea." + name)
    _private_root()
    return importlib.import_module(PRIVATE + "." + name)


class _NoClasses(pickle.Unpickler):
    """Plain pickles only: a file naming any class is refused (UnpicklingError)."""

    def find_class(self, module_name: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module_name}.{name}: not a plain pickle")


def _joblib_load(filename: str) -> Any:
    with open(filename, "rb") as f:
        try:
            return _NoClasses(f).load()
        except pickle.UnpicklingError:
            pass  # a class inside, or joblib's own (e.g. compressed) format
    import joblib

    return joblib.load(filename)


_JOBLIB = types.ModuleType("joblib", "vnfacts: joblib.load for plain pickles (see vnfacts.text.underthesea_files)")
_JOBLIB.load = _joblib_load  # type: ignore[attr-defined]


def _redirect(name: str, globals: Any = None, locals: Any = None, fromlist: Sequence[str] = (),
              level: int = 0) -> types.ModuleType:
    """`__import__` for the privately loaded modules: see the module docstring."""
    if level == 0:
        if name == "joblib":
            return _JOBLIB
        if name == "underthesea" or name.startswith("underthesea."):
            target = PRIVATE + name[len("underthesea"):]
            mod = builtins.__import__(target, globals, locals, fromlist, 0)
            # `import underthesea.x` binds the top package: here the private one
            return mod if fromlist else sys.modules[PRIVATE]
    return builtins.__import__(name, globals, locals, fromlist, level)


_BUILTINS = {**builtins.__dict__, "__import__": _redirect}


class _Loader(importlib.abc.Loader):
    """underthesea's own loader for the file, run with the redirecting `__import__`."""

    def __init__(self, inner: importlib.abc.Loader):
        self._inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, mod: types.ModuleType) -> None:
        mod.__dict__["__builtins__"] = _BUILTINS
        self._inner.exec_module(mod)


class _Finder(importlib.abc.MetaPathFinder):
    """Finds `vnfacts._underthesea.*` modules in underthesea's directory (and nothing else)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(PRIVATE + "."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


_ROOT_LOCK = threading.Lock()


def _private_root() -> types.ModuleType:
    with _ROOT_LOCK:
        root = sys.modules.get(PRIVATE)
        return root if root is not None else _make_private_root()


def _make_private_root() -> types.ModuleType:
    """The private package: underthesea's directory, its __init__.py not executed."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("underthesea is not installed")
    root = types.ModuleType(PRIVATE, "underthesea's files, its __init__ not executed")
    root.__path__ = list(spec.submodule_search_locations)
    root.__package__ = PRIVATE
    root.__spec__ = importlib.machinery.ModuleSpec(PRIVATE, None, is_package=True)
    root.__spec__.submodule_search_locations = root.__path__
    sys.modules[PRIVATE] = root
    sys.meta_path.insert(0, _Finder())
    # text_normalize and word_tokenize import each other: it works in the
    # order underthesea/__init__.py gives, text_normalize first
    importlib.import_module(PRIVATE + ".pipeline.text_normalize")
    return root
