"""test_concord.py -- the ctypes binding (concord.py) against libconcord.so.

    CONCORD_LIBRARY=build/cc/libconcord.so.0 python3 -m unittest \
        discover -s examples/python

`make test` runs it so, with the library just built.
"""

import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import concord  # noqa: E402

LAYER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                     "layer")


class OnBuiltin(unittest.TestCase):
    """Each test with a handle of its own on the built-in corpus."""

    def setUp(self):
        self.db = concord.open()

    def tearDown(self):
        self.db.close()


class BindingTest(OnBuiltin):
    def test_version(self):
        self.assertRegex(concord.version(), r"^\d+\.\d+\.\d+$")

    def test_columns_and_rows(self):
        query = ("correlate 20000-1:8.5.1 with 27001 where annex = C "
                 "and to = 27001:A.12.1.2")
        with self.db.prepare(query) as st:
            cols = st.columns()
            self.assertEqual(cols[:3], ["from", "from_title", "to"])
            row = st.step()
            self.assertIsNotNone(row)
            rec = dict(zip(cols, row))
            self.assertEqual(rec["from"], "20000-1:8.5.1")
            self.assertEqual(rec["to"], "27001:A.12.1.2")
            self.assertEqual(rec["annex"], "C")
            self.assertIsInstance(rec["strength"], int)
            self.assertIsNone(st.step())

    def test_parameters(self):
        query = "correlate $clause with 27001 where annex = C"
        with self.db.prepare(query, clause="20000-1:8.5.1") as st:
            self.assertEqual(st.parameters(), ["clause"])
            rows = list(st)
            self.assertIn("27001:A.12.1.2", [r[2] for r in rows])
            self.assertTrue(all(r[4] == "C" for r in rows))
            # Rebind after a reset: the same statement, another clause.
            st.reset()
            st.bind("$clause", "20000-1:8.5.2")
            self.assertTrue(all(r[0] == "20000-1:8.5.2" for r in st))
        rows = self.db.execute("clauses of hls where depth = $d", d=1)
        self.assertEqual(len(rows), 7)

    def test_parameter_errors(self):
        with self.assertRaises(concord.Error) as cm:
            self.db.prepare("show $clause", standard="9001")
        self.assertEqual(cm.exception.code, concord.RANGE)
        # A bound value is a value, never query text.
        with self.assertRaises(concord.Error) as cm:
            self.db.execute("show $clause", clause="20000-1:8.5.1; standards")
        self.assertEqual(cm.exception.code, 1)
        self.assertIn("$clause", cm.exception.message)
        # Unbound: the run fails and names the parameter.
        with self.assertRaises(concord.Error) as cm:
            self.db.execute("show $clause")
        self.assertEqual(cm.exception.code, 1)
        self.assertEqual(cm.exception.message,
                         "1:6: parameter $clause is not bound")

    def test_iteration_nulls_and_reset(self):
        with self.db.prepare("clauses of hls where depth = 1") as st:
            rows = list(st)
            self.assertEqual(len(rows), 7)
            self.assertEqual(rows[0][:2], ("hls:4",
                                           "Context of the organization"))
            self.assertIsNone(rows[0][3])  # no parent: a null value
            st.reset()
            self.assertEqual(list(st), rows)

    def test_execute(self):
        rows = self.db.execute("clauses of 20000-1:8.5.*")
        self.assertIn("20000-1:8.5.1", [r[0] for r in rows])

    def test_write(self):
        with self.db.prepare("clauses of hls where depth = 1 and "
                             "title ~ \"lead\"") as st:
            self.assertEqual(st.write("tsv"),
                             "clause\ttitle\torigin\tparent\tdepth\n"
                             "hls:5\tLeadership\thls\t\t1\n")
            st.reset()
            with self.assertRaises(concord.Error) as cm:
                st.write("yaml")
            self.assertEqual(cm.exception.code, concord.RANGE)

    def test_syntax_error_carries_message(self):
        with self.assertRaises(concord.Error) as cm:
            self.db.prepare("correlate 20000-1:8.5.1 width 27001")
        err = cm.exception
        self.assertEqual(err.code, 10)
        self.assertEqual(err.name, "syntax error")
        self.assertTrue(err.message.startswith("1:25: syntax error"),
                        err.message)
        self.assertEqual(err.offset, 24)
        self.assertEqual(str(err), err.message)

    def test_unknown_clause(self):
        with self.assertRaises(concord.Error) as cm:
            self.db.execute("show 20000-1:8.5.9")
        self.assertEqual(cm.exception.code, 12)
        self.assertIn("did you mean 20000-1:8.5.1", cm.exception.message)

    def test_close_with_open_statement_is_busy(self):
        st = self.db.prepare("standards")
        with self.assertRaises(concord.Error) as cm:
            self.db.close()
        self.assertEqual(cm.exception.code, 11)
        st.close()
        st.close()  # twice is harmless

    def test_closed_objects(self):
        with concord.open() as db:
            st = db.prepare("standards")
            st.close()
        with self.assertRaises(concord.Error):
            st.step()
        with self.assertRaises(concord.Error):
            db.prepare("standards")

    def test_empty_query(self):
        with self.assertRaises(concord.Error) as cm:
            self.db.prepare("  -- only a comment\n")
        self.assertEqual(cm.exception.code, concord.MISUSE)


class LayerTest(OnBuiltin):
    def standards(self, db):
        return [r[0] for r in db.execute("standards")]

    def test_import_layer(self):
        self.assertNotIn("acme", self.standards(self.db))
        before = self.db.prepare("standards")
        self.db.import_layer(LAYER)
        self.assertIn("acme", self.standards(self.db))
        rows = self.db.execute("correlate acme:CH.1 with 20000-1")
        self.assertEqual(rows[0][11], LAYER)  # the layer, as it was named
        self.assertEqual(rows[0][12], "content")  # the kind of its edge
        # a statement prepared before keeps its corpus
        self.assertNotIn("acme", [r[0] for r in before])
        before.close()
        # another handle is not touched
        with concord.open() as other:
            self.assertNotIn("acme", self.standards(other))

    def test_import_layer_errors(self):
        with self.assertRaises(concord.Error) as cm:
            self.db.import_layer("/nonexistent/concord-layer")
        self.assertEqual(cm.exception.code, concord.IOERR)
        self.assertIn("/nonexistent/concord-layer", cm.exception.message)
        self.assertNotIn("acme", self.standards(self.db))  # unchanged
        db = concord.open()
        db.close()
        with self.assertRaises(concord.Error) as cm:
            db.import_layer(LAYER)
        self.assertEqual(cm.exception.code, concord.MISUSE)


class StatusTest(OnBuiltin):
    def test_load_status(self):
        acme = os.path.join(os.path.dirname(LAYER), "acme")
        self.db.load_status(os.path.join(acme, "status-27001-2022.tsv"))
        rows = self.db.execute(
            "soa 27001@2022 | where control = 27001@2022:A.7.4")
        self.assertEqual(rows[0][2:4], ("no", "not-applicable"))
        with self.assertRaises(concord.Error) as cm:
            self.db.load_status(os.path.join(acme, "README.md"))
        self.assertEqual(cm.exception.code, concord.CORRUPT)
        self.assertIn("unknown column", cm.exception.message)


class LimitTest(OnBuiltin):
    def test_names(self):
        self.assertEqual(concord.limit_name(concord.LIMIT_ROWS), "rows")
        self.assertIsNone(concord.limit_name(-1))
        self.assertEqual(sorted(concord.LIMITS, key=concord.LIMITS.get),
                         ["length", "nesting", "rows", "hops", "imports",
                          "steps", "memory"])

    def test_set_read_and_clamp(self):
        self.assertEqual(self.db.limit("hops"), 8)
        self.assertEqual(self.db.limit("hops", 3), 8)
        self.assertEqual(self.db.limit(concord.LIMIT_HOPS, 1000), 3)
        self.assertEqual(self.db.limit("hops"), 64)  # its ceiling
        with self.assertRaises(concord.Error) as cm:
            self.db.limit("speed", 3)
        self.assertEqual(cm.exception.code, concord.RANGE)
        with self.assertRaises(concord.Error):
            self.db.limit(99, 3)

    def test_a_limit_stops_a_statement(self):
        self.db.limit("rows", 3)
        with self.assertRaises(concord.Error) as cm:
            self.db.execute("clauses of 9001")
        self.assertEqual(cm.exception.code, 7)  # CONCORD_TOOBIG
        self.assertIn("rows", cm.exception.message)
        self.assertEqual(len(self.db.execute("clauses of 9001:4, 9001:5")), 2)

    def test_limits_at_open(self):
        with concord.open(limits={"rows": 2, concord.LIMIT_HOPS: 4}) as db:
            self.assertEqual(db.limit("rows"), 2)
            self.assertEqual(db.limit("hops"), 4)
        self.assertEqual(self.db.limit("rows"), 10000000)
        with self.assertRaises(concord.Error):
            concord.open(limits={"speed": 1})

    def test_closed(self):
        db = concord.open()
        db.close()
        with self.assertRaises(concord.Error) as cm:
            db.limit("rows")
        self.assertEqual(cm.exception.code, concord.MISUSE)
        with self.assertRaises(concord.Error):
            db.interrupt()


class InterruptTest(unittest.TestCase):
    QUERY = "integrate 20000-1, 9001, 27001"

    def test_idle_interrupt_is_not_kept(self):
        with concord.open() as db:
            db.interrupt()
            self.assertTrue(db.execute(self.QUERY))

    def test_interrupt_from_another_thread(self):
        with concord.open() as db:
            stop = threading.Event()

            def keep_interrupting():
                while not stop.is_set():
                    db.interrupt()

            thread = threading.Thread(target=keep_interrupting)
            thread.start()
            interrupted = None
            try:
                # until one lands mid-statement: the library works with
                # the GIL released, so the other thread runs meanwhile
                give_up = time.monotonic() + 60
                while interrupted is None and time.monotonic() < give_up:
                    try:
                        db.execute(self.QUERY)
                    except concord.Error as err:
                        interrupted = err
            finally:
                stop.set()
                thread.join()
            self.assertIsNotNone(interrupted)
            self.assertEqual(interrupted.code, concord.INTERRUPT)
            self.assertEqual(interrupted.message, "interrupted")
            self.assertTrue(db.execute(self.QUERY))  # the handle goes on


if __name__ == "__main__":
    unittest.main()
