"""Name tables the namer avoids, written out rather than read from the running interpreter:
`dir(builtins)`, `keyword.softkwlist` or `dir(int)` differ between Python versions (3.12 added the
soft keyword `type` and `int.is_integer`, 3.13 `PythonFinalizationError`; `python -S` has no
`exit` or `help`), and a name reserved on one would make the same schemas generate other bytes on
another. Each table is every name of Python 3.11 to 3.14; tests/test_naming.py fails when the
running Python has one that is missing, so a new release adds its names here (a deliberate change
of output), never silently.
"""

from __future__ import annotations

# keyword.kwlist, and the soft keywords of Python 3.11 (`_`, `case`, `match`). A soft keyword is a
# valid name wherever generated code puts one (`type: str` in a class body parses on 3.12 too), so
# later soft keywords (3.12's `type`) are not added: the names of 3.11's stay as they always were.
PYTHON_KEYWORDS = frozenset("""
    False None True _ and as assert async await break case class continue def del elif else except
    finally for from global if import in is lambda match nonlocal not or pass raise return try
    while with yield
""".split())

# dir(builtins): a module-level name by one of these would shadow it
PYTHON_BUILTINS = frozenset("""
    ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError
    BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError
    ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis
    EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError
    FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError
    ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError
    KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError
    NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning
    PermissionError ProcessLookupError PythonFinalizationError RecursionError ReferenceError
    ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError
    SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError
    UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning
    UserWarning ValueError Warning ZeroDivisionError __build_class__ __debug__ __doc__ __import__
    __loader__ __name__ __package__ __spec__ abs aiter all anext any ascii bin bool breakpoint
    bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir
    divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help
    hex id input int isinstance issubclass iter len license list locals map max memoryview min next
    object oct open ord pow print property quit range repr reversed round set setattr slice sorted
    staticmethod str sum super tuple type vars zip
""".split())

# Every public attribute of an Enum member, its metaclass and the value types a generated enum
# mixes in (`str, Enum`, IntEnum): a member by one of these names hides it (`mro` fails at import,
# `upper` or `to_bytes` are mypy errors)
ENUM_ATTRIBUTES = frozenset("""
    as_integer_ratio bit_count bit_length capitalize casefold center conjugate count denominator
    encode endswith expandtabs find format format_map from_bytes imag index is_integer isalnum
    isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle
    isupper join ljust lower lstrip maketrans mro name numerator partition real removeprefix
    removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith
    strip swapcase title to_bytes translate upper value zfill
""".split())
