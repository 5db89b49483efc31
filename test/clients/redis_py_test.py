#!/usr/bin/python3
"""redis-py (Debian's python3-redis 4.3, RESP2 only) against not_redis-server.

Each test class starts its own server (NOT_REDIS_SERVER, `--port 0`) and
stops it afterwards; test/clients/redis_stand_in.sh runs the same scenario
on a real redis-server. Pipelines use transaction=False: redis-py's default
pipeline wraps commands in MULTI/EXEC, which not_redis does not implement.
"""

import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

try:
    import redis
except ImportError:  # meson's configure checks for it; a test never skips
    print("python3-redis is not installed")
    sys.exit(1)


class Server:
    """A not_redis-server child process on a free loopback port."""

    def __init__(self, *args):
        exe = os.environ["NOT_REDIS_SERVER"]
        self.proc = subprocess.Popen([exe, "--port", "0", *args],
                                     stdout=subprocess.PIPE)
        self.port = None
        self.unix = None
        want_unix = "--unixsocket" in args
        deadline = time.monotonic() + 10
        fd = self.proc.stdout.fileno()
        pending = b""
        try:
            # Raw reads: select() cannot see lines already in a file object's buffer.
            while self.port is None or (want_unix and self.unix is None):
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    raise RuntimeError("server did not report its listeners in time")
                chunk = os.read(fd, 4096)
                if not chunk:
                    raise RuntimeError("server exited before listening")
                *lines, pending = (pending + chunk).split(b"\n")
                for line in (raw.decode() for raw in lines):
                    m = re.fullmatch(r"not_redis-server listening on 127\.0\.0\.1:(\d+)", line)
                    if m:
                        self.port = int(m.group(1))
                    m = re.fullmatch(r"not_redis-server listening on unix:(.*)", line)
                    if m:
                        self.unix = m.group(1)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


class Scenario(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="not_redis-py.")
        cls.server = Server("--unixsocket", os.path.join(cls.dir, "s.sock"))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.r = redis.Redis(host="127.0.0.1", port=self.server.port,
                             decode_responses=True, socket_timeout=10)
        self.r.flushall()

    def tearDown(self):
        self.r.close()

    def test_strings(self):
        r = self.r
        self.assertIs(r.ping(), True)
        self.assertIs(r.set("greeting", "hello"), True)
        self.assertEqual(r.get("greeting"), "hello")
        self.assertIsNone(r.get("missing"))
        self.assertEqual(r.append("greeting", " world"), 11)
        self.assertEqual(r.strlen("greeting"), 11)
        self.assertEqual(r.incr("n"), 1)
        self.assertEqual(r.incrby("n", 41), 42)
        self.assertEqual(r.incrbyfloat("f", 1.5), 1.5)
        self.assertIs(r.set("greeting", "x", nx=True), None)
        self.assertEqual(r.getset("greeting", "bye"), "hello world")
        self.assertIs(r.mset({"a": "1", "b": "2"}), True)
        self.assertEqual(r.mget("a", "nope", "b"), ["1", None, "2"])
        self.assertEqual(r.delete("a", "b", "nope"), 2)
        self.assertEqual(r.exists("a", "greeting"), 1)
        self.assertEqual(r.type("greeting"), "string")

    def test_hash(self):
        r = self.r
        self.assertEqual(r.hset("user", mapping={"name": "ada", "lang": "c++"}), 2)
        self.assertEqual(r.hget("user", "name"), "ada")
        self.assertEqual(r.hgetall("user"), {"name": "ada", "lang": "c++"})
        self.assertEqual(r.hincrby("user", "age", 36), 36)
        self.assertEqual(sorted(r.hkeys("user")), ["age", "lang", "name"])
        self.assertEqual(r.hmget("user", "name", "nope"), ["ada", None])
        self.assertIs(r.hexists("user", "lang"), True)
        self.assertEqual(r.hdel("user", "lang", "nope"), 1)
        self.assertEqual(r.hlen("user"), 2)
        self.assertEqual(r.hgetall("missing"), {})
        self.assertEqual(dict(r.hscan_iter("user")), {"name": "ada", "age": "36"})

    def test_list(self):
        r = self.r
        self.assertEqual(r.rpush("list", "a", "b", "c"), 3)
        self.assertEqual(r.lpush("list", "z"), 4)
        self.assertEqual(r.lrange("list", 0, -1), ["z", "a", "b", "c"])
        self.assertEqual(r.lpop("list"), "z")
        self.assertEqual(r.rpop("list", 2), ["c", "b"])
        self.assertEqual(r.llen("list"), 1)
        self.assertEqual(r.lindex("list", 0), "a")
        self.assertIsNone(r.lpop("missing"))

    def test_blocking_pop_served_by_another_connection(self):
        other = redis.Redis(host="127.0.0.1", port=self.server.port, decode_responses=True)
        result = {}
        waiter = threading.Thread(target=lambda: result.update(v=self.r.blpop(["q1", "q2"], timeout=5)))
        waiter.start()
        deadline = time.monotonic() + 5
        # Each INFO is a round trip, which paces the wait; no sleep needed.
        while other.info("clients")["blocked_clients"] != 1 and time.monotonic() < deadline:
            pass
        self.assertEqual(other.info("clients")["blocked_clients"], 1)
        self.assertEqual(other.rpush("q2", "job"), 1)
        waiter.join(10)
        self.assertFalse(waiter.is_alive())
        self.assertEqual(result["v"], ("q2", "job"))
        self.assertEqual(other.exists("q2"), 0)
        other.close()
        # Timeouts give None (RESP2 null array).
        start = time.monotonic()
        self.assertIsNone(self.r.blpop("q1", timeout=0.2))
        self.assertGreaterEqual(time.monotonic() - start, 0.15)
        self.assertIsNone(self.r.brpop("q1", timeout=0.1))
        # Served at once when there is data.
        self.r.rpush("q1", "x", "y")
        self.assertEqual(self.r.brpop("q1", timeout=1), ("q1", "y"))

    def test_set(self):
        r = self.r
        self.assertEqual(r.sadd("tags", "red", "green", "blue"), 3)
        self.assertEqual(r.sadd("tags", "red"), 0)
        self.assertEqual(r.smembers("tags"), {"red", "green", "blue"})
        self.assertIs(r.sismember("tags", "green"), True)
        self.assertIs(r.sismember("tags", "pink"), False)
        self.assertEqual(r.scard("tags"), 3)
        self.assertEqual(r.srem("tags", "red", "pink"), 1)
        r.sadd("other", "green", "pink")
        self.assertEqual(r.sinter("tags", "other"), {"green"})
        self.assertEqual(r.sunion("tags", "other"), {"green", "blue", "pink"})
        self.assertEqual(r.smembers("missing"), set())
        self.assertEqual(set(r.sscan_iter("tags")), {"green", "blue"})

    def test_expiry(self):
        r = self.r
        self.assertIs(r.set("session", "token", ex=100), True)
        self.assertEqual(r.ttl("session"), 100)
        self.assertTrue(99000 < r.pttl("session") <= 100000)
        self.assertIs(r.persist("session"), True)
        self.assertEqual(r.ttl("session"), -1)
        self.assertEqual(r.ttl("missing"), -2)
        self.assertIs(r.expire("session", 1000), True)
        self.assertEqual(r.ttl("session"), 1000)
        # Expiry itself is tested on a manual clock in-process; through a client,
        # a deadline already past removes the key at once, as in Redis.
        self.assertIs(r.set("short", "x", px=100), True)
        self.assertTrue(0 < r.pttl("short") <= 100)
        self.assertIs(r.pexpireat("short", 1), True)
        self.assertIsNone(r.get("short"))
        self.assertEqual(r.exists("short"), 0)

    def test_errors_are_exceptions(self):
        r = self.r
        r.set("s", "text")
        with self.assertRaises(redis.ResponseError) as e:
            r.lpush("s", "x")
        self.assertEqual(str(e.exception),
                         "WRONGTYPE Operation against a key holding the wrong kind of value")
        with self.assertRaises(redis.ResponseError) as e:
            r.incr("s")
        self.assertEqual(str(e.exception), "value is not an integer or out of range")
        with self.assertRaises(redis.ResponseError) as e:
            r.execute_command("NOSUCHCOMMAND", "x")
        self.assertEqual(str(e.exception),
                         "unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' ")
        with self.assertRaises(redis.ResponseError) as e:
            r.execute_command("GET")
        self.assertEqual(str(e.exception), "wrong number of arguments for 'get' command")
        # The connection is still usable after errors.
        self.assertEqual(r.get("s"), "text")

    def test_binary_values(self):
        b = redis.Redis(host="127.0.0.1", port=self.server.port)  # bytes in, bytes out
        key = b"bin\x00key\xff"
        value = bytes(range(256)) + b"\r\n\x00end"
        self.assertIs(b.set(key, value), True)
        self.assertEqual(b.get(key), value)
        self.assertEqual(b.strlen(key), len(value))
        self.assertEqual(b.keys(b"bin\x00*"), [key])
        b.hset(b"h\x00", b"f\x00", b"\x00v")
        self.assertEqual(b.hgetall(b"h\x00"), {b"f\x00": b"\x00v"})
        b.rpush(b"l", b"\x00", b"\r\n")
        self.assertEqual(b.lrange(b"l", 0, -1), [b"\x00", b"\r\n"])
        big = os.urandom(1 << 20)
        self.assertIs(b.set(b"big", big), True)
        self.assertEqual(b.get(b"big"), big)
        b.close()

    def test_pipeline(self):
        r = self.r
        with r.pipeline(transaction=False) as p:
            p.set("p", 1).incr("p").incrby("p", 10).get("p").lpush("p", "x").get("missing")
            p.sadd("ps", "a").smembers("ps").hset("ph", "f", "v").hgetall("ph")
            out = p.execute(raise_on_error=False)
        self.assertEqual(out[:4], [True, 2, 12, "12"])
        self.assertIsInstance(out[4], redis.ResponseError)
        self.assertTrue(str(out[4]).startswith("WRONGTYPE"))
        self.assertEqual(out[5:], [None, 1, {"a"}, 1, {"f": "v"}])
        # A long pipeline: replies come back in order.
        with r.pipeline(transaction=False) as p:
            for i in range(2000):
                p.rpush("many", i)
            out = p.execute()
        self.assertEqual(out, list(range(1, 2001)))
        self.assertEqual(r.lrange("many", -2, -1), ["1998", "1999"])

    def test_scan_iter(self):
        r = self.r
        with r.pipeline(transaction=False) as p:
            for i in range(300):
                p.set(f"k:{i}", i)
            p.set("other", 1)
            p.execute()
        self.assertEqual(set(r.scan_iter(match="k:*", count=25)), {f"k:{i}" for i in range(300)})
        self.assertEqual(set(r.scan_iter(match="k:1?")), {f"k:1{i}" for i in range(10)})
        self.assertEqual(r.dbsize(), 301)
        self.assertEqual(sorted(r.keys("k:29?")), sorted(f"k:29{i}" for i in range(10)))

    def test_unix_socket(self):
        u = redis.Redis(unix_socket_path=self.server.unix, decode_responses=True)
        self.assertIs(u.set("via", "unix"), True)
        self.assertEqual(self.r.get("via"), "unix")
        self.assertEqual(u.client_id() > 0, True)
        u.close()

    def test_client_name_and_info(self):
        named = redis.Redis(host="127.0.0.1", port=self.server.port,
                            client_name="py-client", decode_responses=True)
        self.assertEqual(named.client_getname(), "py-client")
        self.assertIn("py-client", [c["name"] for c in self.r.client_list()])
        self.assertGreaterEqual(self.r.info("clients")["connected_clients"], 2)
        named.close()


class RequirePass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--requirepass", "s3cret")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_auth(self):
        anon = redis.Redis(host="127.0.0.1", port=self.server.port)
        with self.assertRaises(redis.AuthenticationError) as e:
            anon.get("k")
        self.assertEqual(str(e.exception), "Authentication required.")
        anon.close()

        wrong = redis.Redis(host="127.0.0.1", port=self.server.port, password="nope")
        with self.assertRaises(redis.ResponseError) as e:
            wrong.ping()
        self.assertEqual(str(e.exception),
                         "WRONGPASS invalid username-password pair or user is disabled.")
        wrong.close()

        good = redis.Redis(host="127.0.0.1", port=self.server.port, password="s3cret",
                           decode_responses=True)
        self.assertIs(good.set("k", "v"), True)
        self.assertEqual(good.get("k"), "v")
        good.close()

        user = redis.Redis(host="127.0.0.1", port=self.server.port, username="default",
                           password="s3cret", decode_responses=True)
        self.assertEqual(user.get("k"), "v")
        user.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
