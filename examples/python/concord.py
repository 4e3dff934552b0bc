"""concord.py -- libconcord from Python, through ctypes.

A thin binding over the shared library's public calls (concord.h):

    import concord
    query = "correlate $clause with 27001 where annex = C"
    with concord.open() as db:
        with db.prepare(query, clause="20000-1:8.5.1") as st:
            print(st.columns())
            for row in st:
                print(row)

Failures raise concord.Error, which carries the library's code and message
("1:25: syntax error, ...") and, where the message has a place in the query,
its byte offset.

A handle can stack a corpus layer (db.import_layer(path)), has limits
(db.limit("rows", 1000), or concord.open(limits={"rows": 1000})), and a
statement running on it can be stopped from another Python thread with
db.interrupt(): the binding's calls release the GIL while the library
works, as ctypes does.

The library is looked up as $CONCORD_LIBRARY when set, else in the build
folders of the checkout this file is in (build/cc, then any other
build/*/), else by the loader under its SONAME (libconcord.so.0), else
through ctypes.util.find_library; when none has it, the error says in one
line how to point at it.
"""

import ctypes
import ctypes.util
import os

__all__ = ["Error", "Database", "Statement", "open", "version", "library",
           "limit_name", "LIMITS"]

OK = 0
INTERRUPT = 4
IOERR = 5
CORRUPT = 6
RANGE = 8
MISUSE = 9
ROW = 100
DONE = 101

# Limits (CONCORD_LIMIT_*), by id; LIMITS maps their names to them.
LIMIT_LENGTH = 0
LIMIT_NESTING = 1
LIMIT_ROWS = 2
LIMIT_HOPS = 3
LIMIT_IMPORTS = 4
LIMIT_STEPS = 5
LIMIT_MEMORY = 6

INTEGER = 1
REAL = 2
TEXT = 3
NULL = 5


SONAME = "libconcord.so.0"


def _built():
    """The libraries `make` built in this checkout, build/cc first."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    build = os.path.join(root, "build")
    names = sorted(os.listdir(build)) if os.path.isdir(build) else []
    names.sort(key=lambda n: n != "cc")
    return [p for p in (os.path.join(build, n, SONAME) for n in names)
            if os.path.isfile(p)]


def _load():
    path = os.environ.get("CONCORD_LIBRARY")
    if path:
        return ctypes.CDLL(path)
    for built in _built():
        try:
            return ctypes.CDLL(built)
        except OSError:
            pass  # another compiler's, or a sanitized one: go on
    try:
        return ctypes.CDLL(SONAME)
    except OSError:
        found = ctypes.util.find_library("concord")
        if found is None:
            raise OSError(
                "concord.py: libconcord not found: run `make` in the "
                "checkout (it builds build/cc/" + SONAME + "), install it "
                "(`make install`), or set CONCORD_LIBRARY=/path/to/" +
                SONAME) from None
        return ctypes.CDLL(found)


library = _load()

_db_p = ctypes.c_void_p
_stmt_p = ctypes.c_void_p
_WRITE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_size_t)


def _declare(name, restype, *argtypes):
    fn = getattr(library, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


_open = _declare("concord_open", ctypes.c_int, ctypes.POINTER(_db_p))
_close = _declare("concord_close", ctypes.c_int, _db_p)
_prepare = _declare("concord_prepare", ctypes.c_int, _db_p, ctypes.c_char_p,
                    ctypes.c_int, ctypes.POINTER(_stmt_p),
                    ctypes.POINTER(ctypes.c_char_p))
_step = _declare("concord_step", ctypes.c_int, _stmt_p)
_reset = _declare("concord_reset", ctypes.c_int, _stmt_p)
_finalize = _declare("concord_finalize", ctypes.c_int, _stmt_p)
_bind_text = _declare("concord_bind_text", ctypes.c_int, _stmt_p, ctypes.c_int,
                      ctypes.c_char_p, ctypes.c_int)
_bind_int = _declare("concord_bind_int", ctypes.c_int, _stmt_p, ctypes.c_int,
                     ctypes.c_longlong)
_bind_null = _declare("concord_bind_null", ctypes.c_int, _stmt_p,
                      ctypes.c_int)
_bind_parameter_count = _declare("concord_bind_parameter_count",
                                 ctypes.c_int, _stmt_p)
_bind_parameter_index = _declare("concord_bind_parameter_index",
                                 ctypes.c_int, _stmt_p, ctypes.c_char_p)
_bind_parameter_name = _declare("concord_bind_parameter_name",
                                ctypes.c_char_p, _stmt_p, ctypes.c_int)
_column_count = _declare("concord_column_count", ctypes.c_int, _stmt_p)
_column_name = _declare("concord_column_name", ctypes.c_char_p, _stmt_p,
                        ctypes.c_int)
_column_type = _declare("concord_column_type", ctypes.c_int, _stmt_p,
                        ctypes.c_int)
_column_text = _declare("concord_column_text", ctypes.c_char_p, _stmt_p,
                        ctypes.c_int)
_column_int = _declare("concord_column_int", ctypes.c_longlong, _stmt_p,
                       ctypes.c_int)
_column_double = _declare("concord_column_double", ctypes.c_double, _stmt_p,
                          ctypes.c_int)
_write_result = _declare("concord_write_result", ctypes.c_int, _stmt_p,
                         ctypes.c_int, _WRITE_FN, ctypes.c_void_p)
_format_from_name = _declare("concord_format_from_name", ctypes.c_int,
                              ctypes.c_char_p)
_import = _declare("concord_import", ctypes.c_int, _db_p, ctypes.c_char_p)
_load_status = _declare("concord_load_status", ctypes.c_int, _db_p,
                        ctypes.c_char_p)
_limit = _declare("concord_limit", ctypes.c_int, _db_p, ctypes.c_int,
                  ctypes.c_int)
_limit_name = _declare("concord_limit_name", ctypes.c_char_p, ctypes.c_int)
_interrupt = _declare("concord_interrupt", None, _db_p)
_errmsg = _declare("concord_errmsg", ctypes.c_char_p, _db_p)
_error_offset = _declare("concord_error_offset", ctypes.c_int, _db_p)
_errstr = _declare("concord_errstr", ctypes.c_char_p, ctypes.c_int)
_version = _declare("concord_version", ctypes.c_char_p)


def _text(b):
    return None if b is None else b.decode("utf-8")


def version():
    """The library's version string."""
    return _text(_version())


def limit_name(limit_id):
    """The name of limit limit_id ("length", "rows", ...), or None."""
    return _text(_limit_name(limit_id))


def _limit_names():
    names, i = {}, 0
    while limit_name(i) is not None:
        names[limit_name(i)] = i
        i += 1
    return names


LIMITS = _limit_names()


class Error(Exception):
    """A failed call: code (CONCORD_*), name (concord_errstr), message
    (concord_errmsg, with line:column where it has a place) and offset
    (byte offset in the query, or -1)."""

    def __init__(self, code, message, offset=-1):
        super().__init__(message)
        self.code = code
        self.name = _text(_errstr(code))
        self.message = message
        self.offset = offset


class _Closing:
    """Closed at the end of a with block."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Database(_Closing):
    """A handle on the built-in corpus.  Use as a context manager, or call
    close(); statements must be closed first.  limits: {name or id: value}
    set as limit() sets them, before the handle is returned."""

    def __init__(self, limits=None):
        self._db = _db_p()
        rc = _open(ctypes.byref(self._db))
        if rc != OK:
            err = self._error(rc)
            _close(self._db)
            self._db = None
            raise err
        try:
            for name, value in (limits or {}).items():
                self.limit(name, value)
        except Error:
            self.close()
            raise

    def _error(self, rc):
        return Error(rc, _text(_errmsg(self._db)), _error_offset(self._db))

    def _check(self, rc):
        if rc not in (OK, ROW, DONE):
            raise self._error(rc)
        return rc

    def prepare(self, query, **params):
        """Compile the first statement of query into a Statement, with its
        $parameters bound from params (prepare(q, clause="20000-1:8.5.1"))."""
        if self._db is None:
            raise Error(MISUSE, "the database is closed")
        data = query.encode("utf-8")
        stmt = _stmt_p()
        self._check(_prepare(self._db, data, len(data), ctypes.byref(stmt),
                             None))
        if not stmt:
            raise Error(MISUSE, "the query holds no statement")
        st = Statement(self, stmt)
        try:
            for name, value in params.items():
                st.bind(name, value)
        except Error:
            st.close()
            raise
        return st

    def execute(self, query, **params):
        """All rows of query, as a list of tuples."""
        with self.prepare(query, **params) as st:
            return list(st)

    def _handle(self):
        if self._db is None:
            raise Error(MISUSE, "the database is closed")
        return self._db

    def import_layer(self, path):
        """Stack a layer on the handle's corpus (concord_import): a folder
        of corpus files or a mapping file.  Statements prepared before keep
        their corpus until closed."""
        self._check(_import(self._handle(), os.fsencode(path)))

    def load_status(self, path):
        """Load a status file (concord_load_status): what the organisation
        has done, one row per clause, for `status of`, `readiness`, `soa`
        and `audit plan`.  A file with a bad row loads nothing; the error
        lists every problem."""
        self._check(_load_status(self._handle(), os.fsencode(path)))

    def limit(self, limit, value=-1):
        """Set limit (a name such as "rows", or a LIMIT_* id) to value,
        clamped to 1 and the limit's ceiling, and return the value it had;
        value -1 only reads it."""
        limit_id = LIMITS.get(limit) if isinstance(limit, str) else limit
        if limit_id is None:
            raise Error(RANGE, "no limit called %r" % limit)
        old = _limit(self._handle(), limit_id, value)
        if old < 0:
            raise Error(RANGE, "no limit %r" % limit)
        return old

    def interrupt(self):
        """Stop the statement running on this handle in another thread: its
        step raises Error with code INTERRUPT.  Does nothing when nothing
        runs."""
        _interrupt(self._handle())

    def close(self):
        """Close the handle; closing twice does nothing."""
        if self._db is not None:
            self._check(_close(self._db))
            self._db = None


class Statement(_Closing):
    """One prepared statement.  Iterate it for rows (tuples of str, int,
    float or None); use as a context manager, or call close()."""

    def __init__(self, db, stmt):
        self._db = db
        self._stmt = stmt

    def parameters(self):
        """The names of the statement's parameters, without their $."""
        n = _bind_parameter_count(self._stmt)
        return [_text(_bind_parameter_name(self._stmt, i))
                for i in range(1, n + 1)]

    def bind(self, name, value):
        """Bind the parameter name ("clause" or "$clause", or its index from
        1) to value: a str (a clause, a standard, a string), an int, or None.
        A bound value is always a value, never query text."""
        if isinstance(name, int):
            i = name
        else:
            i = _bind_parameter_index(self._stmt, name.encode("utf-8"))
            if i == 0:
                raise Error(RANGE, "the statement has no parameter $%s"
                            % name.lstrip("$"))
        if value is None:
            rc = _bind_null(self._stmt, i)
        elif isinstance(value, int):
            rc = _bind_int(self._stmt, i, value)
        else:
            data = str(value).encode("utf-8")
            rc = _bind_text(self._stmt, i, data, len(data))
        self._db._check(rc)
        return self

    def columns(self):
        """The names of the result's columns."""
        n = _column_count(self._stmt)
        return [_text(_column_name(self._stmt, i)) for i in range(n)]

    def _value(self, i):
        kind = _column_type(self._stmt, i)
        if kind == INTEGER:
            return _column_int(self._stmt, i)
        if kind == REAL:
            return _column_double(self._stmt, i)
        if kind == TEXT:
            return _text(_column_text(self._stmt, i))
        return None

    def step(self):
        """The next row as a tuple, or None at the end."""
        if self._stmt is None:
            raise Error(MISUSE, "the statement is closed")
        rc = self._db._check(_step(self._stmt))
        if rc == DONE:
            return None
        return tuple(self._value(i) for i in range(_column_count(self._stmt)))

    def reset(self):
        """Start again from the first row."""
        self._db._check(_reset(self._stmt))

    def write(self, fmt="tsv"):
        """The remaining rows formatted by the library, as one string; fmt
        is a format's name as concord_format_from_name knows it ('tsv',
        'table', 'csv', 'json', 'markdown', ...)."""
        chunks = []

        def sink(ctx, data, size):
            chunks.append(ctypes.string_at(data, size))
            return 0

        code = _format_from_name(fmt.encode())
        self._db._check(_write_result(self._stmt, code, _WRITE_FN(sink),
                                      None))
        return b"".join(chunks).decode("utf-8")

    def __iter__(self):
        while True:
            row = self.step()
            if row is None:
                return
            yield row

    def close(self):
        """Finalize the statement; closing twice does nothing."""
        if self._stmt is not None:
            _finalize(self._stmt)
            self._stmt = None


def open(limits=None):  # noqa: A001 -- mirrors concord_open
    """A Database on the built-in corpus, with limits ({name: value}) set."""
    return Database(limits)
